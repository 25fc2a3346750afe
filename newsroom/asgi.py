"""ASGI entry point: starts (and supervises) the embedded PostgreSQL unless DATABASE_URL
is set, then the Django application."""

import os

from django.core.asgi import get_asgi_application

from newsroom import boot
from newsroom.secret_key import ensure_local_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
boot.database(supervise=True)
ensure_local_key()  # without the production switch: the key under var/
application = get_asgi_application()
