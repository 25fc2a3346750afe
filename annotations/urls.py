from django.urls import path

from annotations import views

urlpatterns = [
    path("annotations/", views.annotation_create, name="annotation_create"),
    path("annotations/restore/", views.annotation_restore, name="annotation_restore"),
    path("annotations/<int:pk>/", views.annotation_entry, name="annotation_entry"),
    path("annotations/<int:pk>/edit/", views.annotation_edit, name="annotation_edit"),
    path("annotations/<int:pk>/delete/", views.annotation_delete, name="annotation_delete"),
    path("articles/<slug:slug>/annotations/", views.annotation_panel, name="annotation_panel"),
]
