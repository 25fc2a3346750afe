#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.core.management import execute_from_command_line

    from newsroom import boot
    from newsroom.secret_key import ensure_local_key

    # The embedded PostgreSQL (unless DATABASE_URL is set); kept up while runserver serves.
    boot.database(supervise=sys.argv[1:2] == ["runserver"])
    ensure_local_key()  # without the production switch: the key under var/
    execute_from_command_line(sys.argv)
