"""Blind mode for suggestions: which stored suggestions a viewer sees.

Outside blind mode a decision (accept, reject) or an annotation on a suggestion's exact
span removes the suggestion for everyone. On an article in blind mode before review
(:mod:`desk.visibility`) that would show each editor what the others did, so there the
suggestion stays stored and is hidden only from those it is decided for:

- a viewer limited to their own annotations (``only_author``, an assigned editor) does
  not see the suggestions they decided (``Decision.blind_for``) nor those at the exact
  span of one of their own placed annotations;
- a viewer who sees everyone's (reviewers, the desk, and everyone once the article is
  ready for review) sees none decided in blind mode by anyone, nor any at an annotated
  span: the same as if they had been removed.

Every read path (the text's outlines, the panel's pages and counts, an entry, the CSV's
pending rows) and every decision goes through :func:`shown` or :func:`shown_sql`.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from annotations.models import Annotation
from suggestions.models import Decision, Suggestion

_SHOWN_SQL = """NOT EXISTS (
    SELECT 1 FROM suggestions_decision bd
    WHERE bd.article_id = {s}.article_id AND bd.paragraph_id = {s}.paragraph_id
      AND bd.tag = {s}.tag AND bd.text = {s}.text AND bd.blind_for_id IS NOT NULL {decider}
) AND NOT EXISTS (
    SELECT 1 FROM annotations_annotation ba
    WHERE ba.paragraph_id = {s}.paragraph_id AND ba.start = {s}.start
      AND ba."end" = {s}."end" AND ba.anchor <> 'orphaned' {author}
)"""


def shown(suggestions: QuerySet[Suggestion], only_author: int | None) -> QuerySet[Suggestion]:
    """``suggestions`` without those hidden from a viewer limited to ``only_author``'s
    work (None: a viewer who sees everyone's). No query of its own: two NOT EXISTS
    conditions, each one look-up in a unique or span index per suggestion."""
    decided = Decision.objects.filter(
        article_id=OuterRef("article_id"),
        paragraph_id=OuterRef("paragraph_id"),
        tag=OuterRef("tag"),
        text=OuterRef("text"),
        blind_for__isnull=False,
    )
    annotated = Annotation.objects.filter(
        paragraph_id=OuterRef("paragraph_id"), start=OuterRef("start"), end=OuterRef("end")
    ).exclude(anchor=Annotation.Anchor.ORPHANED)
    if only_author is not None:
        decided = decided.filter(blind_for_id=only_author)
        annotated = annotated.filter(author_id=only_author)
    return suggestions.filter(~Exists(decided), ~Exists(annotated))


def shown_sql(alias: str, restrict: str = "") -> str:
    """:func:`shown` as an SQL condition on the suggestion table under ``alias``.

    ``restrict``: empty for a viewer who sees everyone's, else an SQL condition with a
    ``{who}`` placeholder (the decider's or the author's id column) that holds for the
    rows the viewer's own work; ``"{who} = %s"`` takes the viewer's id as a parameter,
    twice (once per NOT EXISTS)."""
    decider = f"AND {restrict.format(who='bd.blind_for_id')}" if restrict else ""
    author = f"AND {restrict.format(who='ba.author_id')}" if restrict else ""
    return _SHOWN_SQL.format(s=alias, decider=decider, author=author)
