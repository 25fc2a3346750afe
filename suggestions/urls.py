from django.urls import path

from suggestions import views

urlpatterns = [
    path("suggestions/<int:pk>/", views.suggestion_entry, name="suggestion_entry"),
    path("suggestions/<int:pk>/edit/", views.suggestion_edit, name="suggestion_edit"),
    path("suggestions/<int:pk>/accept/", views.suggestion_accept, name="suggestion_accept"),
    path("suggestions/<int:pk>/reject/", views.suggestion_reject, name="suggestion_reject"),
    path("suggestions/undo/", views.suggestion_undo, name="suggestion_undo"),
    path("articles/<uslug:slug>/suggestions/", views.suggestion_list, name="suggestion_list"),
    path(
        "articles/<uslug:slug>/suggestions/accept-all/",
        views.suggestion_accept_all,
        name="suggestion_accept_all",
    ),
    path(
        "articles/<uslug:slug>/suggestions/compute/",
        views.suggestion_compute,
        name="suggestion_compute",
    ),
    path(
        "articles/<uslug:slug>/suggestions/progress/",
        views.suggestion_progress,
        name="suggestion_progress",
    ),
]
