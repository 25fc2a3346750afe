"""The owner's part for suggestions: accept one (as it is, or edited first), reject one,
accept every quote with a speaker at once, and undo that.

Part of the one owner of annotation changes (:mod:`annotations.lifecycle`): an accepted
suggestion becomes an ordinary annotation through :func:`lifecycle.create` (or
``create_many``), authored by the editor who accepted it, with ``origin`` "suggested",
recorded in its history as "created from a suggestion". Each decision is kept
(:class:`suggestions.models.Decision`, by article, paragraph, tag and words) and the suggestion
leaves the table, in the same transaction; a recompute never brings back decided words.

A context suggestion's speaker is the source of indirect speech ("according to X"). An
annotation refuses a speaker on context (:mod:`annotations.change_rules`), so accepting
one as context moves its source into the note ("Source: X"); accepted as a quote or a
claim instead (edit-then-accept), it keeps it as the speaker.

Blind mode (:mod:`desk.visibility`): on an article in blind mode before review, a decision
is the deciding editor's alone (``Decision.blind_for``) and the suggestion stays stored,
so the other editors still see it undecided; what each one sees is
:mod:`suggestions.visibility`'s to say, and a suggestion hidden from the decider is gone
for them (NotFound), as a removed one is.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from annotations import lifecycle
from annotations.change_rules import Fields, NotAllowed, NotFound, RuleBroken, Selection
from annotations.closure import check_open_on, workflow_for
from annotations.history import own_context
from annotations.models import Annotation
from articles.models import Paragraph
from desk.visibility import is_blind, only_author
from suggestions.models import Decision, Suggestion
from suggestions.visibility import shown

User = lifecycle.User
SUGGESTED = Annotation.Origin.SUGGESTED
GONE = "That suggestion is gone (accepted, rejected or recomputed since). Reload the page."


@dataclass(frozen=True)
class Accepted:
    """The annotation a suggestion became, and the suggestion (no longer stored)."""

    annotation: Annotation
    suggestion: Suggestion
    created: bool


@dataclass(frozen=True)
class Batch:
    """What "accept all" did: the annotations made, the suggestions they came from, and
    the number its Undo names."""

    annotations: list[Annotation]
    suggestions: list[Suggestion]
    batch: int


def fields_of(suggestion: Suggestion, *, tag: str = "", speaker: str | None = None) -> Fields:
    """The annotation's fields for ``suggestion`` (``tag``/``speaker``: the editor's
    changes). Context takes no speaker: the source goes into the note."""
    tag = tag or suggestion.tag
    speaker = suggestion.speaker if speaker is None else speaker
    if tag == Annotation.Tag.CONTEXT and speaker.strip():
        return Fields(tag=tag, note=f"Source: {speaker.strip()}")
    return Fields(tag=tag, speaker=speaker)


def accept(
    user: User,
    suggestion_id: int,
    *,
    tag: str = "",
    speaker: str | None = None,
    words: str | None = None,
    span: tuple[int, int] | None = None,
) -> Accepted:
    """Make suggestion ``suggestion_id`` an annotation of ``user``.

    Edit-then-accept: ``tag`` and ``speaker`` replace the suggestion's, and the span
    changes either by ``span`` — (start, end) in code points of the suggestion's
    paragraph, end exclusive, as a selection in the text gives them; ``words``, when
    given too, must be exactly those words — or by ``words`` alone (other words of the
    same paragraph, e.g. the quotation trimmed or with its lead-in): the copy nearest the
    suggestion is taken. Raises NotAllowed, NotFound (the suggestion is gone),
    RuleBroken naming the field.
    """
    _may_decide(user)
    with transaction.atomic():
        suggestion, paragraph, blind = _locked(user, suggestion_id)
        if span is None:
            selection = _selection(suggestion, paragraph.text, words)
        else:
            selection = _span(suggestion, paragraph.text, span, words)
        outcome = lifecycle.create(
            user,
            selection,
            fields_of(suggestion, tag=tag, speaker=speaker),
            article_id=suggestion.article_id,
            origin=SUGGESTED,
        )
        _decide([suggestion], Decision.Kind.ACCEPTED, user, [outcome.annotation.pk], blind=blind)
    return Accepted(outcome.annotation, suggestion, outcome.created)


def reject(user: User, suggestion_id: int) -> Suggestion:
    """Reject suggestion ``suggestion_id``: gone, and never suggested again for these
    words of this paragraph (the same words elsewhere stay suggested). Returns it (no
    longer stored). Raises NotAllowed, NotFound."""
    _may_decide(user)
    with transaction.atomic():
        suggestion, _, blind = _locked(user, suggestion_id)
        _decide([suggestion], Decision.Kind.REJECTED, user, [None], blind=blind)
    return suggestion


def accept_all(user: User, article_id: int, *, tag: str = Annotation.Tag.QUOTE) -> Batch:
    """Accept every suggestion of the article with ``tag`` that names a speaker, at once:
    a fixed number of statements whatever their number. Raises NotAllowed."""
    _may_decide(user)
    with transaction.atomic():
        _lock_paragraphs(article_id)
        workflow = workflow_for(user.pk, article_id)
        check_open_on(user, workflow)
        pending = Suggestion.objects.filter(article_id=article_id, tag=tag).exclude(speaker="")
        found = list(
            shown(pending, only_author(user, workflow))
            .select_for_update(of=("self",))
            .order_by("paragraph_id", "start", "-end", "id")
        )
        items = [(Selection(s.paragraph_id, s.start, s.end, s.text), fields_of(s)) for s in found]
        outcomes = lifecycle.create_many(user, items, article_id=article_id, origin=SUGGESTED)
        batch = secrets.randbits(62) + 1
        ids = [o.annotation.pk for o in outcomes]
        _decide(found, Decision.Kind.ACCEPTED, user, ids, batch=batch, blind=is_blind(workflow))
    return Batch([o.annotation for o in outcomes], found, batch)


def undo_accept_all(user: User, article_id: int, batch: int) -> Batch:
    """Undo :func:`accept_all` number ``batch`` of ``user``: its annotations nobody changed
    since are deleted (their history says so), their suggestions come back where their
    words still are, and their decisions are forgotten. Annotations changed since stay,
    as accepted. Raises NotAllowed, NotFound (nothing to undo)."""
    _may_decide(user)
    with transaction.atomic(), own_context(reason="accept-undo", user=user.pk):
        _lock_paragraphs(article_id)
        check_open_on(user, workflow_for(user.pk, article_id))
        decisions = list(
            Decision.objects.select_for_update().filter(
                article_id=article_id, batch=batch, user_id=user.pk, kind=Decision.Kind.ACCEPTED
            )
        )
        if not decisions:
            raise NotFound("There is nothing left to undo.", "batch")
        by_annotation = {d.annotation_id: d for d in decisions}
        untouched = list(
            Annotation.objects.select_for_update()
            .filter(pk__in=list(by_annotation), author_id=user.pk, origin=SUGGESTED, version=1)
            .select_related("article", "author")
        )
        if not untouched:
            raise NotFound("Nothing left to undo: they were all changed since.", "batch")
        undone = [by_annotation[a.pk] for a in untouched]
        Annotation.objects.filter(pk__in=[a.pk for a in untouched]).delete()
        texts = dict(
            Paragraph.objects.filter(pk__in={d.paragraph_id for d in undone}).values_list(
                "pk", "text"
            )
        )
        back = Suggestion.objects.bulk_create(
            [
                Suggestion(
                    article_id=d.article_id,
                    paragraph_id=d.paragraph_id,
                    start=d.start,
                    end=d.end,
                    text=d.text,
                    tag=d.tag,
                    speaker=d.speaker,
                    reason=d.reason,
                    score=d.score,
                )
                for d in undone
                if texts.get(d.paragraph_id, "")[d.start : d.end] == d.text
            ],
            ignore_conflicts=True,
        )
        Decision.objects.filter(pk__in=[d.pk for d in undone]).delete()
        # Those changed since stay accepted, each on its own now: a second Undo finds none.
        Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(batch=0)
    return Batch(untouched, back, batch)


def _may_decide(user: User) -> None:
    if not user.has_perm("annotations.add_annotation"):
        raise NotAllowed("You can read suggestions but not accept or reject them.")


def _locked(user: User, suggestion_id: int) -> tuple[Suggestion, Paragraph, bool]:
    """The suggestion and its paragraph, locked in the order a recompute takes them
    (paragraph, then suggestions), so the two never deadlock; and whether its article is
    blind now (the decision is then ``user``'s alone). A suggestion ``user`` does not see
    (blind mode: one they decided) is gone for them."""
    row = (
        Suggestion.objects.filter(pk=suggestion_id)
        .values_list("paragraph_id", "article_id")
        .first()
    )
    if row is None:
        raise NotFound(GONE, "suggestion")
    paragraph_id, article_id = row
    workflow = workflow_for(user.pk, article_id)
    check_open_on(user, workflow)
    found = Paragraph.objects.select_for_update(of=("self",)).only("pk", "text")
    paragraph = next(iter(found.filter(pk=paragraph_id)[:1]), None)
    locked = shown(Suggestion.objects.filter(pk=suggestion_id), only_author(user, workflow))
    suggestion = next(iter(locked.select_for_update(of=("self",))[:1]), None)
    if paragraph is None or suggestion is None:  # decided or recomputed meanwhile
        raise NotFound(GONE, "suggestion")
    return suggestion, paragraph, is_blind(workflow)


def _lock_paragraphs(article_id: int) -> None:
    """Lock the article's paragraphs as a recompute does (in order, before suggestions)."""
    list(
        Paragraph.objects.filter(article_id=article_id)
        .order_by("position")
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )


def _selection(suggestion: Suggestion, text: str, words: str | None) -> Selection:
    """The suggestion's span, or the copy of ``words`` in ``text`` nearest to it."""
    if words is None or words == suggestion.text:
        return Selection(suggestion.paragraph_id, suggestion.start, suggestion.end, suggestion.text)
    words = words.strip()
    if not words:
        raise RuleBroken("text: give the words to annotate.", "text")
    starts = []
    at = text.find(words)
    while at != -1:
        starts.append(at)
        at = text.find(words, at + 1)
    if not starts:
        raise RuleBroken(
            "text: those words are not in the suggestion's paragraph (copy them exactly).",
            "text",
        )
    start = min(starts, key=lambda s: (abs(s - suggestion.start), s))
    return Selection(suggestion.paragraph_id, start, start + len(words), words)


def _span(suggestion: Suggestion, text: str, span: tuple[int, int], words: str | None) -> Selection:
    """The words at ``span`` of the suggestion's paragraph ``text``, checked."""
    start, end = span
    if not 0 <= start < end <= len(text):
        raise RuleBroken(
            f"start: give a span inside the paragraph (0 to {len(text)}), start before end.",
            "start",
        )
    chosen = text[start:end]
    if not chosen.strip():
        raise RuleBroken("text: give the words to annotate.", "text")
    if words is not None and words != chosen:
        raise RuleBroken(
            "text: the words differ from the selected span (the text changed since?).", "text"
        )
    return Selection(suggestion.paragraph_id, start, end, chosen)


def _decide(
    suggestions: list[Suggestion],
    kind: str,
    user: User,
    annotation_ids: Sequence[int | None],
    *,
    batch: int = 0,
    blind: bool = False,
) -> None:
    """Record ``kind`` for each suggestion (replacing an older decision on the same words
    of the same paragraph) and remove the suggestions: two statements whatever their
    number. ``blind``: the article is in blind mode before review; the decision is
    ``user``'s alone and the suggestions stay for the other editors."""
    if not suggestions:
        return
    rows = {
        (s.article_id, s.paragraph_id, s.tag, s.text): Decision(
            article_id=s.article_id,
            tag=s.tag,
            text=s.text,
            kind=kind,
            paragraph_id=s.paragraph_id,
            start=s.start,
            end=s.end,
            speaker=s.speaker,
            reason=s.reason,
            score=s.score,
            annotation_id=annotation_id,
            batch=batch,
            user_id=user.pk,
            blind_for_id=user.pk if blind else None,
        )
        for s, annotation_id in zip(suggestions, annotation_ids, strict=True)
    }
    Decision.objects.bulk_create(
        list(rows.values()),
        update_conflicts=True,
        unique_fields=["article", "paragraph_id", "tag", "text", "blind_for"],
        update_fields=[
            "kind",
            "article_wide",
            "start",
            "end",
            "speaker",
            "reason",
            "score",
            "annotation_id",
            "batch",
            "user",
        ],
    )
    if not blind:
        Suggestion.objects.filter(pk__in=[s.pk for s in suggestions]).delete()
