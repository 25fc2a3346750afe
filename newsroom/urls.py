from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from annotations import export_views
from articles import views as article_views
from newsroom.converters import UnicodeSlugConverter
from sources import views as source_views

register_converter(UnicodeSlugConverter, "uslug")

urlpatterns = [
    path("", article_views.article_list, name="article_list"),
    path("import/url/", source_views.import_from_url, name="import_from_url"),
    path("import/url/<int:pk>/", source_views.import_status, name="import_status"),
    path("articles/<uslug:slug>/", article_views.article_detail, name="article_detail"),
    path(
        "articles/<uslug:slug>/annotations.csv",
        export_views.article_annotations_csv,
        name="article_annotations_csv",
    ),
    path("annotations.csv", export_views.annotations_csv, name="annotations_csv"),
    path("annotations/export/", export_views.export_page, name="annotations_export"),
    path("", include("annotations.urls")),
    path("", include("suggestions.urls")),
    path("", include("agreement.urls")),
    path("", include("desk.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

handler400 = "newsroom.errors.bad_request"
handler403 = "newsroom.errors.forbidden"
handler404 = "newsroom.errors.not_found"
handler500 = "newsroom.errors.server_error"
