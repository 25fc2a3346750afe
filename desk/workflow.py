"""The one owner of the desk's writes: status changes and assignments.

Rules: an assigned editor moves their article forward only, and hands in their work
(:func:`move` to ready for review; the article goes to review with the last hand-in,
:func:`take_back` before that);
reviewers and the desk (``desk.move_any_article``) move any article to any status; only
the desk (``desk.assign_editors``) assigns, and only the desk (``desk.change_workflow``)
turns blind mode on or off. Every status change writes a
:class:`~desk.models.StatusChange` in the same transaction; an assignment, an
unassignment and a blind mode change are recorded by PostgreSQL triggers (pghistory,
:mod:`desk.models`) under a history context naming who did it (:func:`recorded`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from annotations.history import own_context
from articles.models import Article
from desk.models import Assignment, Status, StatusChange, Workflow


class Refused(Exception):
    """A desk change was refused and nothing was written; ``field`` names the input at
    fault (a page answers 400), ``forbidden`` says the user may not (403)."""

    def __init__(self, message: str, field: str | None = None, *, forbidden: bool = False):
        super().__init__(message)
        self.message = message
        self.field = field
        self.forbidden = forbidden


AnyUser = User | AnonymousUser


def may_move(
    user: AnyUser, current: str, to: str, *, assigned: bool, handed_in: bool = False
) -> bool:
    """May ``user`` move an article from status ``current`` to ``to``? ``assigned``: the
    user is one of its assigned editors; ``handed_in``: and has handed in their work
    already (their move to ready for review is made). Moving to the same status is never
    a move. An assigned editor's move to ready for review hands in their own work
    (:func:`move`)."""
    if current == to or to not in Status.values:
        return False
    if user.has_perm("desk.move_any_article"):
        return True
    return (
        assigned
        and user.has_perm("annotations.add_annotation")
        and Status(to).rank > Status(current).rank
        and to != Status.DONE
        and not (handed_in and to == Status.READY)
    )


def allowed_moves(
    user: AnyUser, current: str, *, assigned: bool, handed_in: bool = False
) -> list[tuple[str, str]]:
    """The (value, label) statuses ``user`` may move an article at ``current`` to."""
    return [
        (value, label)
        for value, label in Status.choices
        if may_move(user, current, value, assigned=assigned, handed_in=handed_in)
    ]


REVIEW_STATUSES = (Status.READY, Status.DONE)


@dataclass(frozen=True)
class Moved:
    """What a move did: the workflow row after it, the status change recorded (None when
    an editor's hand-in left the status as it was) and, after an editor's hand-in, the
    usernames of the assigned editors still at work (the article goes to review when
    none is left)."""

    workflow: Workflow
    change: StatusChange | None
    waiting_for: list[str] = field(default_factory=list)


def move(user: User, article_id: int, to: str) -> Moved:
    """Move the article to status ``to`` and record who, when, from and to.

    An assigned editor's move to ready for review hands in their own work
    (``Assignment.finished``); the article moves to ready for review, ending blind mode,
    only with the last editor's hand-in, and to in progress before that. A reviewer's or
    the desk's move to ready for review or done hands in every editor's work; their move
    back to new or in progress reopens it for all. Each hand-in and reopening is in the
    article's history (``desk.AssignmentEvent`` "finish").

    The workflow row is locked first, so two moves of one article are recorded in order.
    Raises :class:`Refused` (``to`` unknown or unchanged, or the editor's work already
    handed in: field "status"; not allowed: forbidden; no such article: field "article").
    """
    if to not in Status.values:
        raise Refused(
            "Unknown status: choose new, in_progress, ready_for_review or done.", "status"
        )
    with transaction.atomic(), own_context(reason="status", user=user.pk):
        workflow = Workflow.objects.select_for_update().filter(article_id=article_id).first()
        if workflow is None:
            raise Refused("No such article.", "article")
        if workflow.status == to:
            raise Refused(f"The article is already {Status(to).label.lower()}.", "status")
        mine = Assignment.objects.filter(article_id=article_id, editor_id=user.pk).first()
        if not may_move(user, workflow.status, to, assigned=mine is not None):
            if mine is not None and to == Status.DONE:
                raise Refused(
                    "Done is for reviewers and the desk: move the article to ready for "
                    "review when your work is finished.",
                    forbidden=True,
                )
            if mine is not None and Status(to).rank < Status(workflow.status).rank:
                raise Refused(
                    "Editors move their articles forward only: ask a reviewer or the desk "
                    "to move it back.",
                    forbidden=True,
                )
            raise Refused(
                "Only its assigned editors move an article forward; reviewers and the desk "
                "move it anywhere.",
                forbidden=True,
            )
        now = timezone.now()
        if mine is not None and to == Status.READY and not user.has_perm("desk.move_any_article"):
            return _hand_in(user, workflow, mine, now)
        return _change(user, workflow, to, now, reopen=user.has_perm("desk.move_any_article"))


def _change(user: User, workflow: Workflow, to: str, now: Any, *, reopen: bool = False) -> Moved:
    """Write the status change (the caller holds the workflow's lock), handing in every
    assigned editor's work when it enters review, and with ``reopen`` (a reviewer's or the
    desk's move to new or in progress) reopening it."""
    before = workflow.status
    change = StatusChange.objects.create(
        article_id=workflow.article_id, by=user, at=now, from_status=before, to_status=to
    )
    workflow.status, workflow.changed = to, now
    workflow.save(update_fields=["status", "changed"])
    assignments = Assignment.objects.filter(article_id=workflow.article_id)
    if to in REVIEW_STATUSES:
        assignments.filter(finished__isnull=True).update(finished=now)
    elif reopen:
        assignments.filter(finished__isnull=False).update(finished=None)
    return Moved(workflow, change)


def _hand_in(user: User, workflow: Workflow, mine: Assignment, now: Any) -> Moved:
    """An assigned editor hands in their work; the article goes to review with the last
    one (the caller holds the workflow's lock, which orders two editors' hand-ins)."""
    if mine.finished is not None:
        raise Refused(
            "You have handed in your work already: the article goes to review when the "
            "other assigned editors hand in theirs.",
            "status",
        )
    mine.finished = now
    mine.save(update_fields=["finished"])
    waiting = list(
        Assignment.objects.filter(article_id=workflow.article_id, finished__isnull=True)
        .order_by("editor__username")
        .values_list("editor__username", flat=True)
    )
    if not waiting:
        return _change(user, workflow, Status.READY, now)
    if workflow.status == Status.NEW:
        return replace(_change(user, workflow, Status.IN_PROGRESS, now), waiting_for=waiting)
    return Moved(workflow, None, waiting)


def take_back(user: User, article_id: int) -> Assignment:
    """An assigned editor takes back their hand-in, to go on with their work, while the
    article is not yet ready for review (nobody has seen it then). Recorded in the
    article's history. Raises :class:`Refused` (not assigned: forbidden; not handed in or
    already in review: field "status"; no such article: field "article")."""
    with transaction.atomic(), own_context(reason="take-back", user=user.pk):
        workflow = Workflow.objects.select_for_update().filter(article_id=article_id).first()
        if workflow is None:
            raise Refused("No such article.", "article")
        mine = Assignment.objects.filter(article_id=article_id, editor_id=user.pk).first()
        if mine is None or not user.has_perm("annotations.add_annotation"):
            raise Refused("Only an assigned editor takes back their own work.", forbidden=True)
        if workflow.status in REVIEW_STATUSES:
            raise Refused(
                f"The article is {workflow.get_status_display().lower()}: a reviewer or the "
                "desk moves it back to in progress to reopen the work.",
                "status",
            )
        if mine.finished is None:
            raise Refused("You have not handed in your work on this article.", "status")
        mine.finished = None
        mine.save(update_fields=["finished"])
    return mine


@dataclass(frozen=True)
class Assigned:
    """What a bulk assignment changed: the (article id, editor id) pairs added or removed
    (pairs already so are left alone and not listed), and the ids of the articles an
    unassignment sent to review (every editor left had handed in)."""

    added: list[tuple[int, int]]
    removed: list[tuple[int, int]]
    to_review: list[int] = field(default_factory=list)


def assign(
    user: AnyUser,
    article_ids: Iterable[int],
    editors: Iterable[Any],
    *,
    unassign: bool = False,
) -> Assigned:
    """Assign each of ``editors`` to each article (or, with ``unassign``, take them off).

    Only the desk may (``desk.assign_editors``); an editor must be able to annotate
    (``annotations.add_annotation``). Two queries for an assignment, whatever the counts
    (the existing pairs, one bulk insert). Raises :class:`Refused`.
    """
    if not user.has_perm("desk.assign_editors"):
        raise Refused("Only the desk assigns editors.", forbidden=True)
    ids = sorted(set(article_ids))
    people = list(editors)
    if not ids:
        raise Refused("Choose one or more articles.", "article")
    if not people:
        raise Refused("Choose an editor.", "editor")
    for person in people:
        if not person.has_perm("annotations.add_annotation"):
            raise Refused(f"{person.get_username()} cannot annotate: not an editor.", "editor")
    pairs = {(a, p.pk) for a in ids for p in people}
    reason = "unassign" if unassign else "assign"
    with transaction.atomic(), own_context(reason=reason, user=user.pk):
        # The workflows' locks, in id order, as a move takes them: an assignment and a
        # move to review of one article never interleave (an editor assigned then joins
        # the review handed in, the database's trigger sees to it).
        workflows = list(
            Workflow.objects.select_for_update().filter(article_id__in=ids).order_by("article_id")
        )
        existing = set(
            Assignment.objects.filter(article_id__in=ids, editor__in=people).values_list(
                "article_id", "editor_id"
            )
        )
        if unassign:
            removed = sorted(existing)
            if removed:
                Assignment.objects.filter(article_id__in=ids, editor__in=people).delete()
                to_review = _review_when_all_handed_in(user, workflows)
                return Assigned(added=[], removed=removed, to_review=to_review)
            return Assigned(added=[], removed=[])
        added = sorted(pairs - existing)
        now = timezone.now()
        Assignment.objects.bulk_create(
            [
                Assignment(article_id=a, editor_id=e, assigned_by_id=user.pk, assigned=now)
                for a, e in added
            ],
            # A concurrent assignment of the same pair is no error: it is there.
            ignore_conflicts=True,
        )
    return Assigned(added=added, removed=[])


def _review_when_all_handed_in(user: Any, workflows: list[Workflow]) -> list[int]:
    """After an unassignment: each article (its workflow locked) not yet in review whose
    remaining assigned editors have all handed in goes to ready for review, as the last
    hand-in would have moved it; their ids. Two queries, whatever the number, and two
    per article moved."""
    waiting = [w for w in workflows if w.status not in REVIEW_STATUSES]
    if not waiting:
        return []
    open_work = Assignment.objects.filter(article_id=OuterRef("pk"), finished__isnull=True)
    done = set(
        Article.objects.filter(pk__in=[w.article_id for w in waiting], assignments__isnull=False)
        .exclude(Exists(open_work))
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    moved = [w for w in waiting if w.article_id in done]
    for w in moved:
        _change(user, w, Status.READY, now)
    return [w.article_id for w in moved]


def set_blind(user: AnyUser, article_ids: Iterable[int], blind: bool) -> list[int]:
    """Turn blind mode of the articles on (``blind``) or off; returns the ids of those it
    changed (the others were so already). Each change is recorded with who and when
    (``desk.BlindModeEvent``, a trigger). Only the desk (``desk.change_workflow``) and
    superusers may. Two statements whatever the number. Raises :class:`Refused` (not
    allowed: forbidden; no articles or one that does not exist: field "article")."""
    if not user.has_perm("desk.change_workflow"):
        raise Refused("Only the desk turns blind mode on or off.", forbidden=True)
    ids = sorted(set(article_ids))
    if not ids:
        raise Refused("Choose one or more articles.", "article")
    with transaction.atomic(), own_context(reason="blind", user=user.pk):
        rows = list(
            Workflow.objects.select_for_update()
            .filter(article_id__in=ids)
            .order_by("article_id")
            .values_list("article_id", "blind")
        )
        if len(rows) != len(ids):
            raise Refused("No such article.", "article")
        changed = [article_id for article_id, was in rows if was != blind]
        if changed:
            Workflow.objects.filter(article_id__in=changed).update(blind=blind)
    return changed
