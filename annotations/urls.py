from django.urls import path

from annotations import views

urlpatterns = [
    path("annotations/", views.annotation_create, name="annotation_create"),
]
