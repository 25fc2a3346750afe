"""The owner of annotation changes (annotations/lifecycle.py): every operation × rule ×
permission, called directly, and the guard that nothing else writes annotations."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.db import IntegrityError, connection, transaction
from psycopg import sql

from annotations import lifecycle
from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.conftest import annotate, assert_exact, make_user

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def para(article: Article) -> Paragraph:
    return article.paragraphs.get(position=2)


@pytest.fixture
def actors(editor: User, other_editor: User, reader: User, admin: User) -> dict[str, Any]:
    desk = make_user("desk", is_staff=True)
    desk.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_annotation", "delete_annotation"])
    )
    return {
        "author": editor,
        "other editor": other_editor,
        "reader": reader,
        "desk": User.objects.get(pk=desk.pk),  # fresh permission cache
        "superuser": admin,
        "anonymous": AnonymousUser(),
    }


def _moved(annotation: Annotation) -> Annotation:
    Annotation.objects.filter(pk=annotation.pk).update(anchor="moved")
    return Annotation.objects.get(pk=annotation.pk)


def _orphaned(annotation: Annotation) -> Annotation:
    Annotation.objects.filter(pk=annotation.pk).update(anchor="orphaned", paragraph=None)
    return Annotation.objects.get(pk=annotation.pk)


def _deleted(annotation: Annotation) -> Annotation:
    pk = annotation.pk
    annotation.delete()
    annotation.pk = pk
    return annotation


def _selection(para: Paragraph, words: str) -> lifecycle.Selection:
    start = para.text.index(words)
    return lifecycle.Selection(para.pk, start, start + len(words), words)


# (operation, how to prepare the author's annotation, the call)
OPERATIONS: dict[str, tuple[Callable[[Annotation], Annotation], Callable[..., Any]]] = {
    "edit": (
        lambda a: a,
        lambda user, a, para: lifecycle.edit(
            user, a.pk, version=a.version, fields=lifecycle.Fields("claim", note="New")
        ),
    ),
    "delete": (lambda a: a, lambda user, a, para: lifecycle.delete(user, a.pk, version=a.version)),
    "confirm": (_moved, lambda user, a, para: lifecycle.confirm(user, a.pk, version=a.version)),
    "reattach": (
        _orphaned,
        lambda user, a, para: lifecycle.reattach(
            user, a.pk, version=a.version, selection=_selection(para, "said the mayor")
        ),
    ),
    "restore": (_deleted, lambda user, a, para: lifecycle.restore(user, a.pk)),
}
# Who may do what to the author's annotation (the author is an editor).
MAY = {
    "author": True,
    "other editor": False,
    "reader": False,
    "desk": True,
    "superuser": True,
    "anonymous": False,
}


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("actor", list(MAY))
def test_it_checks_the_permission_of_every_operation(
    operation: str, actor: str, actors: dict[str, Any], editor: User, para: Paragraph
) -> None:
    prepare, call = OPERATIONS[operation]
    annotation = prepare(annotate(para, "pay for itself", editor, tag="quote"))
    events = AnnotationEvent.objects.count()
    if MAY[actor]:
        call(actors[actor], annotation, para)
        # One user action, one history event, naming that user.
        new = list(AnnotationEvent.objects.order_by("pgh_id")[events:])
        assert len(new) == 1
        assert new[0].pgh_context.metadata["user"] == actors[actor].pk
        assert_exact()
    else:
        with pytest.raises(lifecycle.NotAllowed):
            call(actors[actor], annotation, para)
        assert AnnotationEvent.objects.count() == events


@pytest.mark.parametrize("actor", list(MAY))
def test_it_lets_only_editors_and_superusers_create(
    actor: str, actors: dict[str, Any], para: Paragraph
) -> None:
    selection = _selection(para, "pay for itself")
    if actor in ("author", "other editor", "superuser"):
        outcome = lifecycle.create(actors[actor], selection, lifecycle.Fields("quote"))
        assert outcome.created and outcome.annotation.author_id == actors[actor].pk
    else:
        with pytest.raises(lifecycle.NotAllowed):
            lifecycle.create(actors[actor], selection, lifecycle.Fields("quote"))
        assert not Annotation.objects.exists()


VERSIONED = ["edit", "delete", "confirm", "reattach"]


@pytest.mark.parametrize("operation", VERSIONED)
@pytest.mark.parametrize(
    ("delta", "error"),
    [(None, lifecycle.VersionMissing), (-1, lifecycle.StaleChange), (+1, lifecycle.StaleChange)],
)
def test_it_refuses_a_change_without_the_current_version(
    operation: str, delta: int | None, error: type, editor: User, para: Paragraph
) -> None:
    prepare, call = OPERATIONS[operation]
    annotation = prepare(annotate(para, "pay for itself", editor, tag="quote"))
    before = Annotation.objects.filter(pk=annotation.pk).values().first()
    # The version the change says it was made against: none, an older one, a newer one.
    annotation.version = None if delta is None else annotation.version + delta  # type: ignore[assignment]
    with pytest.raises(lifecycle.ChangeRefused) as caught:
        call(editor, annotation, para)
    assert type(caught.value) is error
    if delta is None:
        assert caught.value.field == "version"
    assert Annotation.objects.filter(pk=annotation.pk).values().first() == before


RULES = [
    # tag, speaker, verdict -> the field refused, or None
    ("quote", "Rosa Lind", "", None),
    ("claim", "Rosa Lind", "false", None),  # a claim's speaker is its claimant
    ("context", "", "", None),
    ("context", "Rosa Lind", "", "speaker"),
    ("quote", "", "true", "verdict"),
    ("context", "", "misleading", "verdict"),
    ("claim", "", "plausible", "verdict"),
    ("gossip", "", "", "tag"),
    ("quote", "x" * 201, "", "speaker"),
]


@pytest.mark.parametrize(("tag", "speaker", "verdict", "field"), RULES)
def test_the_rules_hold_for_create_and_edit(
    tag: str, speaker: str, verdict: str, field: str | None, editor: User, para: Paragraph
) -> None:
    fields = lifecycle.Fields(tag, speaker=speaker, verdict=verdict)
    existing = annotate(para, "It will", editor, tag="claim")
    calls: list[Callable[[], Any]] = [
        lambda: lifecycle.create(editor, _selection(para, "pay for itself"), fields),
        lambda: lifecycle.edit(editor, existing.pk, version=existing.version, fields=fields),
    ]
    for call in calls:
        if field is None:
            call()
        else:
            with pytest.raises(lifecycle.RuleBroken) as caught:
                call()
            assert caught.value.field == field
            assert field in caught.value.message.lower()  # the page shows only the message
    if field is not None:
        assert Annotation.objects.count() == 1
        assert Annotation.objects.get().version == existing.version


def test_unverified_on_another_tag_means_no_verdict_for_every_caller(
    client_for: Any, admin: User, editor: User, para: Paragraph
) -> None:
    claim = annotate(para, "pay for itself", editor)
    assert claim.verdict == ""  # made directly; the owner gives claims "unverified"
    as_quote = lifecycle.Fields("quote", verdict="unverified")
    assert lifecycle.clean_fields(as_quote).verdict == ""
    response = client_for(admin).post(
        f"/admin/annotations/annotation/{claim.pk}/change/",
        {
            "tag": "quote",
            "verdict": "unverified",
            "note": "",
            "speaker": "",
            "seen_version": claim.version,
        },
    )
    assert response.status_code == 302
    assert (Annotation.objects.get().tag, Annotation.objects.get().verdict) == ("quote", "")


def test_a_claim_without_a_verdict_is_unverified(editor: User, para: Paragraph) -> None:
    outcome = lifecycle.create(editor, _selection(para, "pay"), lifecycle.Fields("claim"))
    assert outcome.annotation.verdict == "unverified"


@pytest.mark.parametrize(
    ("column", "value", "tag"),
    [("verdict", "false", "quote"), ("verdict", "true", "context"), ("speaker", "X", "context")],
)
def test_the_database_refuses_what_the_rules_refuse(
    column: str, value: str, tag: str, editor: User, para: Paragraph
) -> None:
    annotation = annotate(para, "pay for itself", editor, tag=tag)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("UPDATE annotations_annotation SET {} = %s WHERE id = %s").format(
                sql.Identifier(column)
            ),
            [value, annotation.pk],
        )


def test_any_update_bumps_the_version_in_the_database(editor: User, para: Paragraph) -> None:
    annotation = annotate(para, "pay for itself", editor)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE annotations_annotation SET note = 'raw' WHERE id = %s", [annotation.pk]
        )
        cursor.execute(
            "UPDATE annotations_annotation SET note = 'raw' WHERE id = %s", [annotation.pk]
        )
    # The second UPDATE changed nothing: no bump, and no history row either.
    assert Annotation.objects.get().version == annotation.version + 1
    assert AnnotationEvent.objects.filter(pgh_obj_id=annotation.pk).count() == 2


def test_an_edit_that_changes_nothing_writes_nothing(editor: User, para: Paragraph) -> None:
    annotation = annotate(para, "pay for itself", editor, tag="quote", speaker="Rosa Lind")
    events = AnnotationEvent.objects.count()
    same = lifecycle.Fields("quote", speaker="Rosa Lind")
    result = lifecycle.edit(editor, annotation.pk, version=annotation.version, fields=same)
    assert result.version == annotation.version
    assert Annotation.objects.get().version == annotation.version
    assert AnnotationEvent.objects.count() == events
    assert not result.was_edited


def test_edited_means_a_person_changed_it_not_re_anchoring(editor: User, para: Paragraph) -> None:
    annotation = annotate(para, "pay for itself", editor)
    para.text = "Within a decade, “it will pay for itself,” said the mayor, Rosa Lind."
    para.save()
    moved = Annotation.objects.get()
    assert moved.start != annotation.start and moved.version == annotation.version + 1
    assert not moved.was_edited
    edited = lifecycle.edit(
        editor, moved.pk, version=moved.version, fields=lifecycle.Fields("claim", note="Check")
    )
    assert edited.was_edited and Annotation.objects.get().was_edited
    assert edited.version == Annotation.objects.get().version == moved.version + 1


def test_it_names_the_paragraph_and_the_offsets(editor: User, para: Paragraph) -> None:
    with pytest.raises(lifecycle.NotFound):
        lifecycle.create(
            editor, lifecycle.Selection(999999, 0, 3, "abc"), lifecycle.Fields("quote")
        )
    with pytest.raises(lifecycle.RuleBroken) as caught:
        lifecycle.create(
            editor, lifecycle.Selection(para.pk, 0, 9999, "x"), lifecycle.Fields("quote")
        )
    assert caught.value.field == "end" and "end" in caught.value.message
    with pytest.raises(lifecycle.StaleChange):
        lifecycle.create(
            editor, lifecycle.Selection(para.pk, 0, 3, "xyz"), lifecycle.Fields("quote")
        )
    assert not Annotation.objects.exists()


# The guard: a reader can check that every write goes through the owner.
WRITE = re.compile(
    r"Annotation\.objects\b[^\n]*\.(create|update|delete|bulk_create|bulk_update|"
    r"get_or_create|update_or_create)\(|\bannotations?\.(save|delete)\(|"
    r"(UPDATE|INSERT INTO|DELETE FROM) annotations_annotation\b"
)
# The owner, split by feature: person changes, the moves of a re-anchoring run, and
# accepting suggestions (and undoing an "accept all"), adjudication.
OWNER = (
    ROOT / "annotations" / "lifecycle.py",
    ROOT / "annotations" / "lifecycle_moves.py",
    ROOT / "annotations" / "lifecycle_suggestions.py",
    ROOT / "annotations" / "lifecycle_adjudication.py",
)
# Code that is not a caller: schema history (migrations) and the SQL of the triggers.
NOT_CALLERS = ("migrations", "db_triggers.py")


def test_nothing_but_the_owner_writes_annotations() -> None:
    offenders = []
    for folder in ("annotations", "articles", "newsroom", "agreement"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in OWNER or any(
                part in path.parts or part == path.name for part in NOT_CALLERS
            ):
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if WRITE.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_guard_would_see_a_direct_write() -> None:
    assert WRITE.search('Annotation.objects.filter(pk=1).update(note="x")')
    assert WRITE.search("annotation.save(update_fields=['note'])")
    assert WRITE.search("cursor.execute('UPDATE annotations_annotation SET note = 1')")
    assert not WRITE.search("Annotation.objects.filter(pk=1).exists()")


def test_notes_are_stored_with_the_readers_line_breaks(editor: User, para: Paragraph) -> None:
    fields = lifecycle.Fields("claim", note="line one\r\n=line two\rthree")
    outcome = lifecycle.create(editor, _selection(para, "pay for itself"), fields)
    assert Annotation.objects.get(pk=outcome.annotation.pk).note == "line one\n=line two\nthree"


def _words(para: Paragraph, count: int) -> list[tuple[lifecycle.Selection, lifecycle.Fields]]:
    return [
        (lifecycle.Selection(para.pk, i, i + 1, para.text[i]), lifecycle.Fields("claim"))
        for i in range(count)
        if not para.text[i].isspace()
    ]


def test_many_are_created_in_a_fixed_number_of_statements(editor: User, make_article: Any) -> None:
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    counts = []
    assert editor.has_perm("annotations.add_annotation")  # permissions cached for both runs
    for size in (100, 900):
        para = make_article(["x" * 1000]).paragraphs.get()
        with CaptureQueriesContext(db) as queries:
            outcomes = lifecycle.create_many(editor, _words(para, size))
        assert len(outcomes) == size and all(o.created for o in outcomes)
        counts.append(len(queries))
    assert counts[0] == counts[1]  # one batch either way; more rows, not more statements
    assert_exact()


def test_many_keeps_one_of_each_and_writes_one_event_each(editor: User, para: Paragraph) -> None:
    existing = lifecycle.create(editor, _selection(para, "pay"), lifecycle.Fields("claim"))
    items = [
        (_selection(para, "pay"), lifecycle.Fields("claim")),  # already there
        (_selection(para, "itself"), lifecycle.Fields("quote", speaker="Rosa Lind")),
        (_selection(para, "itself"), lifecycle.Fields("quote")),  # twice in the batch
    ]
    events = AnnotationEvent.objects.count()
    outcomes = lifecycle.create_many(editor, items)
    assert [o.created for o in outcomes] == [False, True, False]
    assert outcomes[0].annotation.pk == existing.annotation.pk
    assert Annotation.objects.count() == 2
    new = list(AnnotationEvent.objects.order_by("pgh_id")[events:])
    assert [(e.pgh_label, e.pgh_context.metadata["reason"]) for e in new] == [("create", "create")]
    with pytest.raises(lifecycle.RuleBroken, match=r"items\[1\]\.verdict"):
        lifecycle.create_many(
            editor,
            [
                (_selection(para, "decade"), lifecycle.Fields("claim")),
                (_selection(para, "mayor"), lifecycle.Fields("quote", verdict="false")),
            ],
        )
    assert Annotation.objects.count() == 2
