"""The CSV export's ``origin`` column (manual, suggested) and its pending suggestions
(``suggestions=1``, ``--suggestions``): rows of origin "pending" after the annotations."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from annotations import lifecycle
from annotations import lifecycle_suggestions as decide
from suggestions import store
from suggestions.models import Suggestion
from tests.conftest import ArticleFactory
from tests.test_export_csv import parse

PARAGRAPHS = [
    "The council voted 7–2 on Tuesday to fund the new harbour bridge.",
    "“It will pay for itself within a decade,” said the mayor, Rosa Lind.",
    "According to Tom Berg, the city engineer, the harbour needs dredging.",
]


def _setup(make_article: ArticleFactory, editor: User) -> None:
    article = make_article(PARAGRAPHS, slug="bridge")
    store.recompute(article.pk)
    quote = Suggestion.objects.get(article=article, tag="quote")
    decide.accept(editor, quote.pk)
    para = article.paragraphs.get(position=1)
    lifecycle.create(editor, lifecycle.Selection(para.pk, 0, 3, "The"), lifecycle.Fields("claim"))


def test_it_exports_the_origin_of_each_annotation(
    make_article: ArticleFactory, editor: User, client_for: Callable[[User | None], Client]
) -> None:
    _setup(make_article, editor)
    rows = parse(client_for(editor).get("/annotations.csv"))
    assert sorted((r["text"][:6], r["origin"]) for r in rows) == [
        ("It wil", "suggested"),
        ("The", "manual"),
    ]


def test_it_adds_pending_suggestions_on_request_after_the_annotations(
    make_article: ArticleFactory, editor: User, client_for: Callable[[User | None], Client]
) -> None:
    _setup(make_article, editor)
    client = client_for(editor)
    rows = parse(client.get("/annotations.csv", {"suggestions": "1"}))
    assert [r["origin"] for r in rows] == ["manual", "suggested", "pending", "pending"]
    claim, context = rows[2], rows[3]
    assert (claim["tag"], claim["paragraph"], claim["annotation_id"], claim["author"]) == (
        "claim",
        "1",
        "",
        "",
    )
    assert claim["note"] == "number"  # the engine's reason
    assert (context["tag"], context["speaker"], context["note"]) == (
        "context",
        "Tom Berg",
        "indirect speech",
    )
    assert context["text"] == PARAGRAPHS[2][int(context["start"]) : int(context["end"])]
    # Filters apply: a tag, an article; an author leaves suggestions out (they have none).
    tagged = parse(client.get("/annotations.csv", {"suggestions": "1", "tag": "context"}))
    assert [r["origin"] for r in tagged] == ["pending"]
    by_author = parse(client.get("/annotations.csv", {"suggestions": "1", "author": "editor"}))
    assert {r["origin"] for r in by_author} == {"manual", "suggested"}
    one = parse(client.get("/articles/bridge/annotations.csv", {"suggestions": "1"}))
    assert len(one) == 4
    assert len(parse(client.get("/annotations.csv"))) == 2  # not without asking
    bad = client.get("/annotations.csv", {"suggestions": "maybe"}, headers={"Accept": "*/*"})
    assert bad.status_code == 400 and b"suggestions:" in bad.content


def test_the_command_takes_suggestions_too(make_article: ArticleFactory, editor: User) -> None:
    _setup(make_article, editor)
    out = io.StringIO()
    call_command("export_annotations", "--suggestions", "--tag", "claim", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith(",origin")
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["manual", "pending"]
