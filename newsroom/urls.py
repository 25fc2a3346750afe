from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from articles import views as article_views

urlpatterns = [
    path("", article_views.article_list, name="article_list"),
    path("articles/<slug:slug>/", article_views.article_detail, name="article_detail"),
    path("", include("annotations.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
