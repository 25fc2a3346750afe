"""Schedule suggestions after every change of paragraph text.

A saved paragraph (the admin, any ORM save) and an import (which writes paragraphs in
bulk and announces it with :data:`articles.signals.paragraphs_changed`) schedule their
article; the database has already dropped the changed paragraphs' suggestions
(:mod:`suggestions.db_triggers`).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Paragraph
from articles.signals import paragraphs_changed
from suggestions.tasks import schedule


@receiver(post_save, sender=Paragraph, dispatch_uid="suggestions.paragraph_saved")
def paragraph_saved(sender: type[Paragraph], instance: Paragraph, **kwargs: Any) -> None:
    schedule(instance.article_id)


@receiver(paragraphs_changed, dispatch_uid="suggestions.paragraphs_changed")
def paragraphs_imported(sender: Any, *, article_id: int, **kwargs: Any) -> None:
    schedule(article_id)
