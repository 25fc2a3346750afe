"""The one owner of every change to an annotation.

The reading page's views, the admin, the importer and the management commands (through
re-anchoring), and every feature to come change annotations only through the functions
here: :func:`create`, :func:`edit`, :func:`delete`, :func:`restore`, :func:`confirm`,
:func:`reattach`, :func:`relocate` and :func:`review`. Each one, in one transaction:

- checks that the acting user may do it (:meth:`Annotation.allows`), else :class:`NotAllowed`;
- checks the version the change was made against, as HTTP's ``If-Match`` does for a
  resource (RFC 9110 §13.1.1): missing, :class:`VersionMissing`; not the current one,
  :class:`StaleChange`. The version itself is bumped by a database trigger on every
  ``UPDATE`` that changes the row, so no caller can forget it;
- checks the domain rules (:func:`clean_fields`), else :class:`RuleBroken` naming the
  field; the same rules are check constraints in PostgreSQL;
- writes the row, and exactly one history event, under a history context that names the
  action (``reason``) and the user who did it.

The errors, the value types and the field rules live in :mod:`annotations.change_rules`
and are re-exported here. Each interface maps the errors to its own answer: the reading
page answers 404, 403, 400 and 409; an API would answer 412 for :class:`StaleChange` and
428 for :class:`VersionMissing`. Offsets are Unicode code points, as Python counts them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import F, OuterRef
from django.utils import timezone

from annotations.anchoring import Anchor, context_of, reanchor
from annotations.change_rules import (
    SPEAKER_TAGS,
    VERDICT_TAGS,
    ChangeRefused,
    Deleted,
    Fields,
    NotAllowed,
    NotFound,
    Outcome,
    RuleBroken,
    Selection,
    StaleChange,
    VersionMissing,
    clean_fields,
)
from annotations.closure import check_open
from annotations.history import AnnotationEvent, own_context
from annotations.lifecycle_moves import BULK_BATCH, SPAN_FIELDS, reanchoring, relocate, set_span
from annotations.lifecycle_review import reopened_by_author, review
from annotations.models import Annotation, handed_in
from articles.models import Article, Paragraph
from desk.models import BLIND_STATUSES
from desk.visibility import only_author_of

# The acting user: django.contrib.auth's User or AnonymousUser (anything with ``pk`` and
# ``has_perm``). Any, because request.user is typed as AbstractBaseUser, which has no
# has_perm although every user model with permissions does.
User = Any

__all__ = [
    "SPEAKER_TAGS",
    "STALE",
    "VERDICT_TAGS",
    "ChangeRefused",
    "Deleted",
    "Fields",
    "NotAllowed",
    "NotFound",
    "Outcome",
    "RuleBroken",
    "Selection",
    "StaleChange",
    "VersionMissing",
    "check_version",
    "clean_fields",
    "confirm",
    "create",
    "create_many",
    "delete",
    "deleting_articles",
    "edit",
    "reanchoring",
    "reattach",
    "relocate",
    "restore",
    "review",
]

MISSING_PARAGRAPH = "That paragraph does not exist (any more?). Reload the page."
STALE = (
    "Someone else changed this annotation (or the article was edited) since you opened it, "
    "so nothing was saved."
)


def create(
    user: User,
    selection: Selection,
    fields: Fields,
    *,
    article_id: int | None = None,
    origin: str = Annotation.Origin.MANUAL,
) -> Outcome:
    """Annotate ``selection`` for ``user``.

    ``article_id``, when given, is the article the page showed: a paragraph of another
    article is refused. An identical annotation of the same user (a double click, a retried
    request, another tab) is kept rather than doubled: ``Outcome.created`` is then False.
    Raises NotAllowed, NotFound, RuleBroken, or StaleChange when the text at those offsets
    is not ``selection.text`` (the page is out of date). A pending suggestion with exactly
    that span (any tag) goes, in the same transaction: those words are annotated now.
    ``origin`` "suggested": an accepted suggestion
    (:mod:`annotations.lifecycle_suggestions`), recorded on the annotation and, as the
    action "accept-suggestion", in its history.
    """
    if not user.has_perm("annotations.add_annotation"):
        raise NotAllowed("You can read annotations but not add them.")
    fields = clean_fields(fields)
    with transaction.atomic(), _action(user, _creating(origin)):
        paragraph = _locked_paragraph(selection.paragraph_id, editor=user)
        _check_target(paragraph, selection, article_id)
        _check_open(user, paragraph)
        twin = _twin(paragraph.pk, selection.start, selection.end, fields.tag, user.pk)
        if twin is not None:
            return Outcome(twin, created=False)
        annotation = _new(user, paragraph, selection, fields, timezone.now(), origin)
        annotation.save(force_insert=True)
        _drop_suggestions_at([annotation])
    return Outcome(annotation, created=True)


def create_many(
    user: User,
    items: Sequence[tuple[Selection, Fields]],
    *,
    article_id: int | None = None,
    origin: str = Annotation.Origin.MANUAL,
) -> list[Outcome]:
    """:func:`create` for many annotations of ``user`` at once (a bulk import, suggestions
    accepted together), in one transaction and a fixed number of statements per
    :data:`BULK_BATCH` rows. Identical ones (already there, or twice in ``items``) are kept
    once. Raises what :func:`create` raises; a :class:`RuleBroken` names the item
    (``items[3].verdict: …``). Not for use inside a re-anchoring batch: it checks the
    deferred constraints as it goes.
    """
    if not user.has_perm("annotations.add_annotation"):
        raise NotAllowed("You can read annotations but not add them.")
    cleaned = []
    for n, (selection, fields) in enumerate(items):
        try:
            cleaned.append((selection, clean_fields(fields)))
        except RuleBroken as exc:
            raise RuleBroken(f"items[{n}].{exc.field}: {exc.message}", exc.field) from exc
    with transaction.atomic(), _action(user, _creating(origin)):
        ids = sorted({selection.paragraph_id for selection, _ in cleaned})
        paragraphs = {
            p.pk: p
            for p in Paragraph.objects.select_for_update(of=("self",))
            .select_related("article")
            .annotate(**_work_state(user))
            .filter(pk__in=ids)
            .order_by("pk")
        }
        existing = {
            (a.paragraph_id, a.start, a.end, a.tag): a
            for a in Annotation.objects.filter(paragraph_id__in=ids, author_id=user.pk).exclude(
                anchor=Annotation.Anchor.ORPHANED
            )
        }
        outcomes: list[Outcome] = []
        new: list[Annotation] = []
        now = timezone.now()
        for selection, fields in cleaned:
            paragraph = paragraphs.get(selection.paragraph_id)
            if paragraph is None:
                raise NotFound(MISSING_PARAGRAPH, "paragraph")
            _check_target(paragraph, selection, article_id)
            _check_open(user, paragraph)
            key = (paragraph.pk, selection.start, selection.end, fields.tag)
            if key in existing:
                outcomes.append(Outcome(existing[key], created=False))
                continue
            annotation = _new(user, paragraph, selection, fields, now, origin)
            existing[key] = annotation
            new.append(annotation)
            outcomes.append(Outcome(annotation, created=True))
        # PostgreSQL keeps every deferred foreign-key event of the transaction in one
        # queue, and each row's insert gets slower with its length (30k rows: 19 s instead
        # of 10 s). Checked row by row instead, the same rules hold and time is linear.
        with _constraints_immediate():
            Annotation.objects.bulk_create(new, batch_size=BULK_BATCH)
        _drop_suggestions_at(new)
    return outcomes


def _drop_suggestions_at(annotations: Sequence[Annotation]) -> None:
    """Remove the pending suggestions (any tag) whose span is exactly that of one of
    ``annotations``: those words are annotated now, there is nothing left to suggest.
    One statement whatever their number. Not on an article in blind mode before review:
    the other editors would see the words annotated; there the suggestion is hidden from
    the author only (:mod:`suggestions.visibility`)."""
    if not annotations:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM suggestions_suggestion AS s"
            " USING unnest(%s::bigint[], %s::integer[], %s::integer[]) AS a(paragraph, s0, s1)"
            ' WHERE s.paragraph_id = a.paragraph AND s.start = a.s0 AND s."end" = a.s1'
            " AND NOT EXISTS (SELECT 1 FROM desk_workflow w WHERE w.article_id = s.article_id"
            " AND w.blind AND w.status = ANY(%s))",
            [
                [a.paragraph_id for a in annotations],
                [a.start for a in annotations],
                [a.end for a in annotations],
                [str(status) for status in BLIND_STATUSES],
            ],
        )


@contextlib.contextmanager
def _constraints_immediate() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def edit(user: User, annotation_id: int, *, version: int | None, fields: Fields) -> Annotation:
    """Change the tag, note, speaker and verdict of an annotation.

    A change that changes nothing writes nothing: no version bump, no history event.
    Raises NotFound, NotAllowed, VersionMissing, StaleChange, RuleBroken.
    """
    with transaction.atomic(), _action(user, "edit"):
        annotation = _checked(user, annotation_id, version, "change")
        values = clean_fields(fields).as_dict()
        changed = [name for name, value in values.items() if getattr(annotation, name) != value]
        if not changed:
            return annotation
        for name in changed:
            setattr(annotation, name, values[name])
        _write(annotation, [*changed, *reopened_by_author(user, annotation)], edited=True)
    return annotation


def delete(user: User, annotation_id: int, *, version: int | None) -> Deleted:
    """Delete an annotation; its history keeps it, so :func:`restore` can bring it back.

    Raises NotFound, NotAllowed, VersionMissing, StaleChange.
    """
    with transaction.atomic(), _action(user, "delete"):
        annotation = _checked(user, annotation_id, version, "delete")
        pk = annotation.pk
        annotation.delete()
        annotation.pk = pk  # delete() clears it; callers still name what was deleted
        event = _latest_deletion(pk)
    assert event is not None  # the delete trigger wrote it in this transaction
    return Deleted(annotation, event.pgh_id)


def restore(user: User, annotation_id: int, *, event_id: int | None = None) -> Outcome:
    """Bring a deleted annotation back as it was, on its words where they are now.

    Restoring needs the permission to delete that annotation, checked now, whatever token
    the caller holds. ``event_id`` (an undo names the deletion it undoes) must be the
    annotation's latest deletion: an old undo cannot undo a later one. When an identical
    annotation exists again (same author, paragraph, span and tag), nothing is inserted and
    ``Outcome.created`` is False. Raises NotFound, NotAllowed, StaleChange.
    """
    event = _latest_deletion(annotation_id)
    if event is None:
        raise NotFound("There is no deleted annotation with that number.")
    data = {f.attname: getattr(event, f.attname) for f in Annotation._meta.concrete_fields}
    _allow(user, Annotation(**data), "delete")
    if event_id is not None and event.pgh_id != event_id:
        raise StaleChange("It was changed and deleted again since: nothing was restored.")
    with transaction.atomic(), _action(user, "restore"):
        # The article's row lock orders two restores of the same annotation (two tabs, or
        # Undo and the admin at once): the second one then finds it back.
        article = (
            Article.objects.select_for_update()
            .filter(pk=data["article_id"])
            .values_list("pk", flat=True)
            .first()
        )
        if article is None:
            raise StaleChange("Its article has been deleted.")
        if Annotation.objects.filter(pk=annotation_id).exists():
            raise StaleChange("That annotation is already back.")
        _place(data)
        if data["paragraph_id"] is not None:
            _locked_paragraph(data["paragraph_id"])
            twin = _twin(
                data["paragraph_id"], data["start"], data["end"], data["tag"], data["author_id"]
            )
            if twin is not None:
                return Outcome(twin, created=False)
        annotation = Annotation(**data)
        # One insert with the original timestamps: one history event for one undo.
        annotation.save(force_insert=True)
    return Outcome(annotation, created=True)


def confirm(user: User, annotation_id: int, *, version: int | None) -> Annotation:
    """An editor checked a re-anchored (``moved``) highlight: it is right.

    Raises NotFound, NotAllowed, VersionMissing, StaleChange.
    """
    with transaction.atomic(), _action(user, "confirm"):
        annotation = _checked(user, annotation_id, version, "change")
        if annotation.anchor != Annotation.Anchor.MOVED:
            raise StaleChange("It is not waiting for a check any more. Reload the page.")
        annotation.anchor = Annotation.Anchor.PLACED
        _write(annotation, ["anchor"])
    return annotation


def reattach(
    user: User, annotation_id: int, *, version: int | None, selection: Selection
) -> Annotation:
    """Put an orphaned annotation on newly selected text of its own article; or, for
    the author of an annotation a reviewer rejected, on other words of its paragraph (a
    reviewer's "too long" is fixed so, and the annotation goes back among the
    unreviewed).

    Raises NotFound, NotAllowed, VersionMissing, StaleChange (neither orphaned nor
    rejected any more, or the text at those offsets is not ``selection.text``),
    RuleBroken (another article; another paragraph for a rejected one).
    """
    with transaction.atomic(), _action(user, "reattach"):
        annotation = _checked(user, annotation_id, version, "change")
        fixing = (
            annotation.anchor != Annotation.Anchor.ORPHANED
            and annotation.review == Annotation.Review.REJECTED
            and annotation.author_id == user.pk
        )
        if annotation.anchor != Annotation.Anchor.ORPHANED and not fixing:
            raise StaleChange("It is not orphaned any more. Reload the page.")
        paragraph = _locked_paragraph(selection.paragraph_id)
        if paragraph.article_id != annotation.article_id:
            raise RuleBroken("Re-attach it within its own article.", "paragraph")
        if fixing and paragraph.pk != annotation.paragraph_id:
            raise RuleBroken("Choose its new words within its own paragraph.", "paragraph")
        _check_selection(paragraph, selection)
        set_span(annotation, paragraph.pk, paragraph.text, selection.start, selection.end)
        annotation.anchor = Annotation.Anchor.PLACED
        reopened = reopened_by_author(user, annotation)
        _write(annotation, [*SPAN_FIELDS, "anchor", *reopened], edited=True)
    return annotation


@contextlib.contextmanager
def deleting_articles(user: User) -> Iterator[None]:
    """The transaction and history context in which ``user`` deletes whole articles: their
    annotations go with them (a database cascade, counted on the confirmation page) and
    their history names the deletion and who made it. The caller checks the permission to
    delete the articles."""
    with transaction.atomic(), _action(user, "article-delete"):
        yield


def _write(annotation: Annotation, fields: list[str], *, edited: bool = False) -> None:
    """Save ``fields``; the database trigger bumps the version, mirrored here."""
    annotation.updated = timezone.now()
    names = [*fields, "updated"]
    if edited:
        annotation.edited = annotation.updated
        names.append("edited")
    annotation.save(update_fields=names)
    annotation.version += 1


@contextlib.contextmanager
def _action(user: User, reason: str) -> Iterator[None]:
    with own_context(reason=reason, **({"user": user.pk} if user.pk is not None else {})):
        yield


def _checked(user: User, annotation_id: int, version: int | None, action: str) -> Annotation:
    """The annotation, locked, once ``user`` may ``action`` it and ``version`` is current."""
    annotation = _locked(annotation_id)
    _visible(user, annotation)
    try:
        _allow(user, annotation, action)
    except NotAllowed:
        # The author's page is out of date (another tab fixed it, and it is closed since):
        # say that, not a rule their page does not show.
        if annotation.author_id == user.pk and version not in (None, annotation.version):
            raise StaleChange(STALE) from None
        raise
    check_version(annotation, version)
    return annotation


def _latest_deletion(annotation_id: int) -> Any:
    """The history event of the annotation's latest deletion, or None."""
    return (
        AnnotationEvent.objects.filter(pgh_obj_id=annotation_id, pgh_label="delete")
        .order_by("-pgh_id")
        .first()
    )


def _locked(annotation_id: int) -> Annotation:
    annotation = (
        Annotation.objects.select_for_update(of=("self",))
        .select_related("article__workflow", "author", "reviewer")
        .with_work_state()
        .filter(pk=annotation_id)
        .first()
    )
    if annotation is None:
        raise NotFound(MISSING)
    return annotation


def _visible(user: User, annotation: Annotation) -> None:
    """NotFound, as for a missing one, when blind mode hides ``annotation`` (its article
    and workflow loaded, as :func:`_locked` does) from ``user``: a write must not tell an
    editor that another's hidden annotation exists (desk.visibility)."""
    only = only_author_of(user, annotation.article)
    if only is not None and annotation.author_id != only:
        raise NotFound(MISSING)


def refusal(user: User, annotation: Annotation, action: str) -> str | None:
    """Why ``user`` may not ``action`` (change, delete) ``annotation``, or None: the
    owner's own message, for pages that refuse before calling it."""
    try:
        _allow(user, annotation, action)
    except NotAllowed as exc:
        return exc.message
    return None


def _locked_paragraph(paragraph_id: int, *, editor: User | None = None) -> Paragraph:
    # The row lock orders concurrent creates on a paragraph (both persist) and makes the
    # duplicate check reliable; a paragraph edit takes the same lock.
    # A slice, not first(): no ORDER BY to compile for a primary-key lookup.
    found = Paragraph.objects.select_for_update(of=("self",)).select_related("article")
    if editor is not None:
        found = found.annotate(**_work_state(editor))
    paragraph = next(iter(found.filter(pk=paragraph_id)[:1]), None)
    if paragraph is None:
        raise NotFound(MISSING_PARAGRAPH, "paragraph")
    return paragraph


MISSING = "That annotation does not exist (any more?). Reload the page."


def _allow(user: User, annotation: Annotation, action: str) -> None:
    if not annotation.allows(user, action):
        if annotation.author_id == user.pk and annotation.review == Annotation.Review.APPROVED:
            raise NotAllowed(
                "A reviewer approved this annotation: only a reviewer or the desk may change it."
            )
        closed = annotation.closed_reason() if annotation.author_id == user.pk else None
        if closed is not None:
            raise NotAllowed(closed)
        raise NotAllowed("Only its author, a reviewer or the desk may change this annotation.")
    # An annotation adjudicated final is approved by its adjudicator, and PostgreSQL keeps
    # it so (agreement migration 0005): the approval's lock above closes it to its author,
    # and Annotation.allows shows the panel the same.


def _adjudicated_final(annotation: Annotation) -> bool:
    # By name: the agreement app builds on this one, not the other way round.
    adjudication = apps.get_model("agreement", "Adjudication")
    return bool(adjudication.objects.filter(final_id=annotation.pk).exists())


def check_version(annotation: Annotation, version: int | None) -> None:
    """Raise VersionMissing when ``version`` is None, StaleChange when it is not
    ``annotation.version`` (read under the caller's lock for the check to hold)."""
    if version is None:
        raise VersionMissing(
            "version: the change does not say which version it was made against. "
            "Reload the page and try again.",
            "version",
        )
    if version != annotation.version:
        raise StaleChange(STALE)


def _creating(origin: str) -> str:
    """The history reason of a create: accepting a suggestion, or a person's own."""
    if origin not in Annotation.Origin.values:
        raise RuleBroken("Unknown origin: manual or suggested.", "origin")
    return "accept-suggestion" if origin == Annotation.Origin.SUGGESTED else "create"


def _new(
    user: User,
    paragraph: Paragraph,
    selection: Selection,
    fields: Fields,
    now: Any,
    origin: str = Annotation.Origin.MANUAL,
) -> Annotation:
    """An unsaved annotation of ``user`` on ``selection`` of ``paragraph``, with context."""
    prefix, suffix = context_of(paragraph.text, selection.start, selection.end)
    annotation = Annotation(
        article=paragraph.article,
        paragraph=paragraph,
        start=selection.start,
        end=selection.end,
        text=selection.text,
        prefix=prefix,
        suffix=suffix,
        author=user,
        created=now,
        updated=now,
        origin=origin,
        **fields.as_dict(),
    )
    # Else it could not be created (_check_open): what Annotation.allows reads.
    annotation.article_status = getattr(paragraph, "article_status", None)
    annotation.author_handed_in = False
    return annotation


def _work_state(editor: User) -> dict[str, Any]:
    """The annotations, on a paragraph query, that :func:`_check_open` reads: the
    article's status and whether ``editor`` handed in their work on it."""
    return {
        "article_status": F("article__workflow__status"),
        "editor_handed_in": handed_in(OuterRef("article_id"), editor.pk),
    }


def _check_open(user: User, paragraph: Paragraph) -> None:
    """NotAllowed when ``user``'s work on the paragraph's article is closed to them
    (:mod:`annotations.closure`), from what :func:`_work_state` loaded with it."""
    check_open(
        user,
        getattr(paragraph, "article_status", None),
        bool(getattr(paragraph, "editor_handed_in", False)),
    )


def _check_target(paragraph: Paragraph, selection: Selection, article_id: int | None) -> None:
    """The paragraph is in the article the page showed, and holds the selected text."""
    if article_id is not None and paragraph.article_id != article_id:
        raise RuleBroken("That paragraph belongs to another article.", "paragraph")
    _check_selection(paragraph, selection)


def _check_selection(paragraph: Paragraph, selection: Selection) -> None:
    if selection.end > len(paragraph.text):
        raise RuleBroken("Bad offsets: the selection's end runs past the paragraph.", "end")
    if paragraph.text[selection.start : selection.end] != selection.text:
        raise StaleChange(
            "The selected text does not match the article at those offsets. "
            "Reload the page and select again."
        )


def _twin(paragraph_id: int, start: int, end: int, tag: str, author_id: Any) -> Annotation | None:
    twins = (
        Annotation.objects.filter(
            paragraph_id=paragraph_id, start=start, end=end, tag=tag, author_id=author_id
        )
        .exclude(anchor=Annotation.Anchor.ORPHANED)
        .select_related("article", "author")
    )
    return next(iter(twins[:1]), None)


def _place(data: dict[str, Any]) -> None:
    """Point ``data`` (a deleted annotation's fields) at where its text is now."""
    if data["anchor"] == Annotation.Anchor.ORPHANED:
        return
    paragraphs = dict(
        Paragraph.objects.filter(article_id=data["article_id"])
        .order_by("position")
        .values_list("pk", "text")
    )
    own = paragraphs.get(data["paragraph_id"])
    if own is not None and own[data["start"] : data["end"]] == data["text"]:
        return
    ids = list(paragraphs)
    anchor = Anchor(data["start"], data["end"], data["text"], data["prefix"], data["suffix"])
    placement = reanchor(anchor, data["text"], None, [paragraphs[i] for i in ids])
    if placement.orphaned:
        data.update(paragraph_id=None, anchor=Annotation.Anchor.ORPHANED)
        return
    assert placement.paragraph is not None
    target = ids[placement.paragraph]
    prefix, suffix = context_of(paragraphs[target], placement.start, placement.end)
    data.update(
        paragraph_id=target,
        start=placement.start,
        end=placement.end,
        text=placement.text,
        prefix=prefix,
        suffix=suffix,
        anchor=Annotation.Anchor.MOVED if placement.needs_review else data["anchor"],
    )
