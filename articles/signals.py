"""Signals of the articles app for the apps that follow article text."""

from django.dispatch import Signal

# Sent inside the transaction that wrote an article's paragraphs in bulk (an import or
# a replace), where no post_save is sent; keyword argument ``article_id``.
paragraphs_changed = Signal()
