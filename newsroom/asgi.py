import os

from django.core.asgi import get_asgi_application

from newsroom.secret_key import ensure_local_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
ensure_local_key()  # without the production switch: the key under var/
application = get_asgi_application()
