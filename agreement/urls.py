from django.urls import path

from agreement import views

urlpatterns = [
    path("articles/<uslug:slug>/agreement", views.agreement_page, name="agreement_page"),
    path("articles/<uslug:slug>/agreement.json", views.agreement_json, name="agreement_json"),
    path("articles/<uslug:slug>/adjudicate", views.adjudicate, name="agreement_adjudicate"),
]
