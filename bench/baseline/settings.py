"""The product's settings plus the baseline app and URLs (bench only)."""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "baseline"]
ROOT_URLCONF = "baseline.urls"
