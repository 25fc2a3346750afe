#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.core.management import execute_from_command_line

    from newsroom import boot

    # The embedded PostgreSQL (unless DATABASE_URL is set); kept up while runserver serves.
    boot.database(supervise=sys.argv[1:2] == ["runserver"])
    execute_from_command_line(sys.argv)
