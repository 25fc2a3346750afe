"""Bad input never reaches a 500: the corpus of tests/bad_inputs.py over every endpoint.

Each case must get its 4xx, a message naming the field at fault (for a field's error), and
leave the database as it was: the row count and a digest of the rows of every table,
found by introspection (the history's event tables among them). Every case runs in a
savepoint rolled back afterwards, so the world is the same for each. The client raises a
view's exception rather than answering 500, so a crash fails the case by name.

Then what must not fail at all: odd input a page reads leniently, and a malformed htmx
header on a write, which must never turn a committed write into an error.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.db import connection, transaction
from django.test import Client

from annotations.models import Annotation
from annotations.views import UNDO_SALT
from articles.models import Article
from tests.agreement_world import hand_in
from tests.bad_inputs import CASES, FORM, GROUPS, Case
from tests.conftest import ArticleFactory, annotate, make_user

pytestmark = pytest.mark.django_db


def database_state() -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows, in one query."""
    tables = sorted(connection.introspection.table_names(include_views=False))
    quote = connection.ops.quote_name
    # The tables' names come from the catalogue, quoted; nothing comes from a request.
    sql = " UNION ALL ".join(
        f"SELECT %s, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"  # noqa: S608
        f" FROM {quote(name)} t"
        for name in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return {name: (count, digest) for name, count, digest in cursor.fetchall()}


@pytest.fixture
def world(make_article: ArticleFactory, editor: User, other_editor: User) -> dict[str, Any]:
    """Two articles; the editor's placed, re-anchored (moved) and orphaned annotations and
    another editor's; the values the corpus's ``{placeholders}`` name."""
    article = make_article(
        paragraphs=[
            "The council voted 7–2 on Tuesday to fund the new harbour bridge.",
            "“It will pay for itself within a decade,” said the mayor, Rosa Lind.",
            "Locals cheered the bridge vote loudly.",
        ]
    )
    first, second, third = article.paragraphs.order_by("position")
    mine = annotate(first, "council", editor)
    theirs = annotate(first, "harbour", other_editor)
    moved = annotate(second, "It will pay for itself within a decade", editor, tag="quote")
    orphan = annotate(third, "cheered the bridge", editor, tag="context")
    second.text = second.text.replace("decade", "dekade")
    second.save()
    third.text = "Nobody commented on the vote."
    third.save()
    moved.refresh_from_db()
    orphan.refresh_from_db()
    mine.refresh_from_db()
    assert (moved.anchor, orphan.anchor) == ("moved", "orphaned")
    foreign = make_article().paragraphs.first()
    assert foreign is not None

    def token(payload: Any, salt: str = UNDO_SALT) -> str:
        return signing.dumps(payload, salt=salt)

    return {
        "slug": article.slug,
        "article": article.pk,
        "para": first.pk,
        "para3": third.pk,
        "foreign_para": foreign.pk,
        "mine": mine.pk,
        "theirs": theirs.pk,
        "moved": moved.pk,
        "orphan": orphan.pk,
        "v_mine": mine.version,
        "v_moved": moved.version,
        "v_orphan": orphan.version,
        "forged_token": token({"id": mine.pk, "event": 1, "by": editor.pk}, salt="elsewhere"),
        "shapeless_token": token({"id": str(mine.pk), "event": None}),
        "foreign_token": token({"id": mine.pk, "event": 1, "by": other_editor.pk}),
        "phantom_token": token({"id": mine.pk, "event": 999_999_999, "by": editor.pk}),
    }


@pytest.fixture
def clients(editor: User, other_editor: User, reader: User, admin: User) -> dict[str, Client]:
    """A client for each ``Case.client``."""
    made: dict[str, Client] = {}
    for name, user in (("editor", editor), ("other", other_editor), ("reader", reader)):
        made[name] = Client()
        made[name].force_login(user)
    made["admin"] = Client()
    made["admin"].force_login(admin)
    made["anon"] = Client()
    for name in ("csrf", "csrf_wrong"):
        made[name] = Client(enforce_csrf_checks=True)
        made[name].force_login(editor)
    made["csrf_wrong"].cookies["csrftoken"] = "x" * 32
    return made


def _fill(text: str, world: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(world[m.group(1)]), text)


def send(case: Case, client: Client, world: dict[str, Any]) -> Any:
    """Make ``case``'s request with ``client``; the response."""
    url = _fill(case.url, world)
    headers = case.headers
    if case.method == "get":
        return client.get(url, headers=headers)
    if case.body is not None:
        body = re.sub(rb"\{(\w+)\}", lambda m: str(world[m.group(1).decode()]).encode(), case.body)
        method = getattr(client, case.method)
        return method(url, body, content_type=case.content_type, headers=headers)
    data = {k: _fill(v, world) for k, v in (case.data or {}).items() if v is not None}
    if case.client == "csrf_wrong":
        data["csrfmiddlewaretoken"] = "y" * 32
    method = getattr(client, case.method)
    if case.multipart:
        return method(url, data, headers=headers)
    return method(url, urlencode(data).encode(), content_type=FORM, headers=headers)


def check(case: Case, response: Any) -> str | None:
    """What is wrong with ``response`` to ``case``, or None."""
    text = response.content.decode("utf-8", errors="replace")
    if response.status_code != case.status:
        return f"status {response.status_code}, not {case.status}: {text[:200]!r}"
    if case.field is not None and f"{case.field}:" not in text:
        return f"the message does not name {case.field!r}: {text[:300]!r}"
    if case.says is not None and case.says.lower() not in text.lower():
        return f"the answer does not say {case.says!r}: {text[:300]!r}"
    if case.status != 405 and not text.strip():
        return "an empty answer, without a message"
    return None


def replay(cases: list[Case], clients: dict[str, Client], world: dict[str, Any]) -> list[str]:
    """Each case in a savepoint rolled back afterwards; the failures, named."""
    failures: list[str] = []
    for case in cases:
        with transaction.atomic():
            if "/adjudicate" in case.url:
                # Ready for review: passages are adjudicated then, so the adjudication's
                # own refusals are reached (the editor's work is open before it).
                hand_in(Article.objects.get(pk=world["article"]))
            before = database_state()
            try:
                problem = check(case, send(case, clients[case.client], world))
            except Exception as exc:  # a view's exception: what a server answers with 500
                problem = f"raised {exc!r}"[:300]
                transaction.set_rollback(True)
                failures.append(f"{case.name}: {problem}")
                continue
            after = database_state()
            changed = sorted(name for name in before if before[name] != after.get(name))
            if changed:
                problem = f"{problem or 'ok'}; changed the tables {', '.join(changed)}"
            if problem:
                failures.append(f"{case.name}: {problem}")
            transaction.set_rollback(True)
    return failures


def test_it_has_a_corpus_of_bad_inputs_over_every_endpoint() -> None:
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES), "each case has its own name"
    urls = {re.sub(r"\?.*", "", case.url) for case in CASES}
    for endpoint in (
        "/",
        "/articles/{slug}/",
        "/articles/{slug}/annotations/",
        "/articles/{slug}/annotations/more/",
        "/annotations/",
        "/annotations/{mine}/",
        "/annotations/{mine}/edit/",
        "/annotations/{mine}/delete/",
        "/annotations/{orphan}/delete/",
        "/annotations/restore/",
        "/annotations/{moved}/confirm/",
        "/annotations/reattach/",
        "/annotations/{mine}/history/",
        "/annotations/export/",
        "/annotations.csv",
        "/articles/{slug}/annotations.csv",
        "/accounts/login/",
        "/accounts/logout/",
        "/admin/annotations/annotation/{mine}/change/",
        "/admin/login/",
        "/articles/{slug}/agreement",
        "/articles/{slug}/agreement.json",
        "/articles/{slug}/adjudicate",
    ):
        assert endpoint in urls, f"no bad input for {endpoint}"
    kinds = {case.status for case in CASES}
    assert {400, 401, 403, 404, 405, 409, 413} <= kinds


def test_it_sees_every_table_the_history_included(world: dict[str, Any]) -> None:
    state = database_state()
    assert {"annotations_annotation", "articles_article", "django_session"} <= set(state)
    events = [name for name in state if name.startswith("annotations_") and "event" in name]
    assert events and any(state[name][0] > 0 for name in events)


@pytest.mark.parametrize("group", GROUPS)
def test_it_refuses_each_bad_input_naming_the_field_and_changing_nothing(
    group: str, world: dict[str, Any], clients: dict[str, Client]
) -> None:
    failures = replay(GROUPS[group], clients, world)
    assert not failures, "\n".join(failures)


def test_it_checks_that_a_change_would_be_seen(
    world: dict[str, Any], clients: dict[str, Client]
) -> None:
    """The check itself: a good edit changes the annotation's table and its history."""
    good = Case("a good edit", "post", "/annotations/{mine}/edit/", 400, "tag")
    good = Case(**{**good.__dict__, "data": {"version": "{v_mine}", "tag": "quote"}})
    failures = replay([good], clients, world)
    assert len(failures) == 1 and "status 200" in failures[0]
    assert "annotations_annotation," in failures[0] or "annotations_annotation" in failures[0]
    assert "event" in failures[0]
    assert Annotation.objects.get(pk=world["mine"]).tag == "claim", "rolled back"


@pytest.mark.parametrize(
    "url",
    [
        "/?page=%C2%B2",
        "/?page=" + "9" * 5000,
        "/?page=-3",
        "/?q=" + "x" * 10_000,
        "/articles/{slug}/?tag=rumour&author=nobody",
        "/annotations/export/?article_id=" + "9" * 5000,
        "/admin/annotations/annotation/%C2%B2/change/",
        "/admin/annotations/annotation/" + "9" * 40 + "/change/",
    ],
)
def test_it_reads_odd_but_harmless_input_leniently(
    url: str, world: dict[str, Any], clients: dict[str, Client]
) -> None:
    """Pages that read a parameter leniently (page 1 for a bad page number, no filter for
    an unknown tag) answer as usual: never a 500, nothing written."""
    before = database_state()
    response = clients["admin"].get(_fill(url, world))
    assert response.status_code in {200, 302}
    assert database_state() == before


MALFORMED_HEADERS = [
    {"HX-Current-URL": "http://[::1/articles/x/?tag=claim"},
    {"HX-Current-URL": "http://testserver/articles/x/?" + "&".join(["a=1"] * 2000)},
    {"HX-Current-URL": "http://testserver/?tag=cl\x00aim&author=\ud800"},
    {"HX-Current-URL": "%ZZ%", "HX-Current-URL-URI-AutoEncoded": "true"},
    {"HX-Current-URL": "", "HX-Target": "\x00", "HX-Trigger": "\ud800"},
    {"HX-Trigger-Name": "x" * 10_000, "HX-Triggering-Event": "{not json"},
]


@pytest.mark.parametrize("headers", MALFORMED_HEADERS)
def test_it_keeps_a_committed_delete_whatever_the_htmx_headers(
    headers: dict[str, str], world: dict[str, Any], clients: dict[str, Client]
) -> None:
    """A malformed header never fails a write: the delete answers 200 with its Undo."""
    response = clients["editor"].post(
        f"/annotations/{world['mine']}/delete/",
        {"version": world["v_mine"]},
        headers={"HX-Request": "true", **headers},
    )
    assert response.status_code == 200
    assert 'data-undo="open"' in response.content.decode()
    assert not Annotation.objects.filter(pk=world["mine"]).exists()


@pytest.mark.parametrize("headers", MALFORMED_HEADERS)
def test_it_keeps_a_committed_create_and_edit_whatever_the_htmx_headers(
    headers: dict[str, str], world: dict[str, Any], clients: dict[str, Client]
) -> None:
    editor = clients["editor"]
    hx = {"HX-Request": "true", **headers}
    created = editor.post(
        "/annotations/",
        {"article": world["article"], "paragraph": world["para"], "start": 0, "end": 3}
        | {"text": "The", "tag": "quote"},
        headers=hx,
    )
    assert created.status_code == 201
    edited = editor.post(
        f"/annotations/{world['mine']}/edit/",
        {"version": world["v_mine"], "tag": "quote"},
        headers=hx,
    )
    assert edited.status_code == 200
    assert Annotation.objects.get(pk=world["mine"]).tag == "quote"
    assert Annotation.objects.filter(text="The", tag="quote").exists()


def test_it_keeps_the_undo_after_a_delete_with_a_malformed_current_url(
    world: dict[str, Any], clients: dict[str, Client], editor: User
) -> None:
    """The seen fault: a 500 after the delete committed left the page with no Undo."""
    response = clients["editor"].post(
        f"/annotations/{world['mine']}/delete/",
        {"version": world["v_mine"]},
        headers={"HX-Request": "true", "HX-Current-URL": "http://[bad/"},
    )
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert token is not None, response.content.decode()[:500]
    restored = clients["editor"].post("/annotations/restore/", {"token": token.group(1)})
    assert restored.status_code == 200
    assert Annotation.objects.filter(pk=world["mine"]).exists()


def test_it_drops_a_session_cookie_that_is_not_text(world: dict[str, Any]) -> None:
    """A NUL in the session's cookie: as if logged out (a fresh login page), not a 500."""
    response = Client().get("/", headers={"Cookie": "sessionid=abcdefgh\x00ijk"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_still_serves_unusual_but_valid_text(
    world: dict[str, Any], clients: dict[str, Client]
) -> None:
    """The guard refuses only what PostgreSQL cannot hold: emoji, right-to-left text,
    U+FFFD itself and control characters other than NUL are stored as sent."""
    note = "🌉 مجلس ‮ \ufffd \x01 tab\tend"
    response = clients["editor"].post(
        "/annotations/",
        urlencode(
            {"article": world["article"], "paragraph": world["para"], "start": 0, "end": 3}
            | {"text": "The", "tag": "claim", "note": note}
        ).encode(),
        content_type=FORM,
    )
    assert response.status_code == 201
    assert Annotation.objects.get(text="The").note == note
    assert Article.objects.filter(slug=world["slug"]).exists()


def test_it_refuses_a_bad_input_in_the_page_not_only_for_scripts(world: dict[str, Any]) -> None:
    """A browser gets the error page, with the message naming the field."""
    client = Client()
    client.force_login(make_user("browser", editor=True))
    response = client.get("/?q=a%00b", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "q: the value contains a NUL character" in response.content.decode()
