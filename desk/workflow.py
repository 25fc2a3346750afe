"""The one owner of the desk's writes: status changes and assignments.

Rules: an assigned editor moves their article forward only, up to ready for review;
reviewers and the desk (``desk.move_any_article``) move any article to any status; only
the desk (``desk.assign_editors``) assigns, and only the desk (``desk.change_workflow``)
turns blind mode on or off. Every status change writes a
:class:`~desk.models.StatusChange` in the same transaction; an assignment, an
unassignment and a blind mode change are recorded by PostgreSQL triggers (pghistory,
:mod:`desk.models`) under a history context naming who did it (:func:`recorded`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from annotations.history import own_context
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


def is_assigned(user: AnyUser, article_id: int) -> bool:
    """Is ``user`` one of the article's assigned editors? One query."""
    if not user.is_authenticated:
        return False
    return Assignment.objects.filter(article_id=article_id, editor_id=user.pk).exists()


def may_move(user: AnyUser, current: str, to: str, *, assigned: bool) -> bool:
    """May ``user`` move an article from status ``current`` to ``to``? ``assigned``: the
    user is one of its assigned editors. Moving to the same status is never a move."""
    if current == to or to not in Status.values:
        return False
    if user.has_perm("desk.move_any_article"):
        return True
    return (
        assigned
        and user.has_perm("annotations.add_annotation")
        and Status(to).rank > Status(current).rank
        and to != Status.DONE
    )


def allowed_moves(user: AnyUser, current: str, *, assigned: bool) -> list[tuple[str, str]]:
    """The (value, label) statuses ``user`` may move an article at ``current`` to."""
    return [
        (value, label)
        for value, label in Status.choices
        if may_move(user, current, value, assigned=assigned)
    ]


@dataclass(frozen=True)
class Moved:
    """A status change made: the workflow row after it and the record written."""

    workflow: Workflow
    change: StatusChange


def move(user: User, article_id: int, to: str) -> Moved:
    """Move the article to status ``to`` and record who, when, from and to.

    The workflow row is locked first, so two moves of one article are recorded in order.
    Raises :class:`Refused` (``to`` unknown or unchanged: field "status"; not allowed:
    forbidden; no such article: field "article").
    """
    if to not in Status.values:
        raise Refused(
            "Unknown status: choose new, in progress, ready for review or done.", "status"
        )
    with transaction.atomic():
        workflow = Workflow.objects.select_for_update().filter(article_id=article_id).first()
        if workflow is None:
            raise Refused("No such article.", "article")
        if workflow.status == to:
            raise Refused(f"The article is already {Status(to).label.lower()}.", "status")
        assigned = is_assigned(user, article_id)
        if not may_move(user, workflow.status, to, assigned=assigned):
            if assigned and to == Status.DONE:
                raise Refused(
                    "Done is for reviewers and the desk: move the article to ready for "
                    "review when your work is finished.",
                    forbidden=True,
                )
            raise Refused(
                "Only its assigned editors move an article forward; reviewers and the desk "
                "move it anywhere.",
                forbidden=True,
            )
        now = timezone.now()
        change = StatusChange.objects.create(
            article_id=article_id, by=user, at=now, from_status=workflow.status, to_status=to
        )
        workflow.status, workflow.changed = to, now
        workflow.save(update_fields=["status", "changed"])
    return Moved(workflow, change)


@dataclass(frozen=True)
class Assigned:
    """What a bulk assignment changed: the (article id, editor id) pairs added or removed
    (pairs already so are left alone and not listed)."""

    added: list[tuple[int, int]]
    removed: list[tuple[int, int]]


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
        existing = set(
            Assignment.objects.filter(article_id__in=ids, editor__in=people).values_list(
                "article_id", "editor_id"
            )
        )
        if unassign:
            removed = sorted(existing)
            if removed:
                Assignment.objects.filter(article_id__in=ids, editor__in=people).delete()
            return Assigned(added=[], removed=removed)
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
