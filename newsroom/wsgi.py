"""WSGI entry point: starts (and supervises) the embedded PostgreSQL unless DATABASE_URL
is set, then the Django application."""

import os

from django.core.wsgi import get_wsgi_application

from newsroom import boot

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
boot.database(supervise=True)
application = get_wsgi_application()
