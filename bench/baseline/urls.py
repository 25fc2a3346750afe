"""The product's URLs plus /bench/insert/ (bench only)."""

from django.urls import path

from baseline.views import bare_insert, ping
from newsroom.urls import handler400, handler403, handler404, handler500, urlpatterns

urlpatterns = [path("bench/insert/", bare_insert), path("bench/ping/", ping), *urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
