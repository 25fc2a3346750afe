"""``{{ when|ago }}``: how long ago, as people say it ("just now", "3 minutes ago")."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()

JUST_NOW = datetime.timedelta(minutes=1)


@register.filter
def ago(when: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """Say "just now" within a minute (and for a time a little ahead: clocks differ), else
    Django's ``timesince`` followed by "ago"; "" for None."""
    if when is None:
        return ""
    now = now or timezone.now()
    if now - when < JUST_NOW:
        return "just now"
    return f"{timesince(when, now)} ago"
