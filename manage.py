#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.core.management import execute_from_command_line

    from newsroom.secret_key import ensure_local_key

    ensure_local_key()  # without the production switch: the key under var/

    execute_from_command_line(sys.argv)
