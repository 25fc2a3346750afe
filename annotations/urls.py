from django.urls import path

from annotations import placement_views, views

urlpatterns = [
    path("annotations/", views.annotation_create, name="annotation_create"),
    path("annotations/restore/", views.annotation_restore, name="annotation_restore"),
    path("annotations/<int:pk>/", views.annotation_entry, name="annotation_entry"),
    path("annotations/<int:pk>/edit/", views.annotation_edit, name="annotation_edit"),
    path("annotations/<int:pk>/delete/", views.annotation_delete, name="annotation_delete"),
    path("annotations/<int:pk>/review/", views.annotation_review, name="annotation_review"),
    path(
        "annotations/<int:pk>/confirm/",
        placement_views.annotation_confirm,
        name="annotation_confirm",
    ),
    path(
        "annotations/<int:pk>/history/",
        placement_views.annotation_history,
        name="annotation_history",
    ),
    path("annotations/reattach/", placement_views.annotation_reattach, name="annotation_reattach"),
    path("articles/<uslug:slug>/annotations/", views.annotation_panel, name="annotation_panel"),
    path(
        "articles/<uslug:slug>/annotations/more/",
        views.annotation_panel_more,
        name="annotation_panel_more",
    ),
]
