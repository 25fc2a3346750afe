from django.urls import path

from desk import views

urlpatterns = [
    path("start/", views.start_page, name="start"),
    path("mine/", views.assigned_to_me, name="assigned_to_me"),
    path("assign/", views.bulk_assign, name="bulk_assign"),
    path("blind/", views.bulk_blind, name="bulk_blind"),
    path("articles/<uslug:slug>/status/", views.article_status, name="article_status"),
    path("articles/<uslug:slug>/blind/", views.article_blind, name="article_blind"),
    path("articles/<uslug:slug>/status/history/", views.status_history, name="status_history"),
]
