"""The CSV export's ``origin`` column (manual, suggested) and its pending suggestions
(``suggestions=1``, ``--suggestions``): rows of origin "pending" after the annotations."""

from __future__ import annotations

import csv
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
    assert lines[0].endswith(",origin,final,review,reviewer,reviewed_at")
    # origin, final, then the three review columns (empty: nobody reviewed them)
    assert [row[-5:] for row in csv.reader(lines[1:])] == [
        ["manual", "false", "", "", ""],
        ["pending", "false", "", "", ""],
    ]


def test_it_counts_pending_suggestions_under_the_filters_for_the_progress(
    make_article: ArticleFactory, editor: User
) -> None:
    import datetime

    from annotations.export import ExportFilter, count_rows, stream_csv
    from articles.models import Article

    _setup(make_article, editor)
    article = Article.objects.get(slug="bridge")
    assert count_rows(ExportFilter()) == 2
    assert count_rows(ExportFilter(suggestions=True)) == 4
    assert count_rows(ExportFilter(suggestions=True, tags=["context"])) == 1
    day = article.published
    within = ExportFilter(
        suggestions=True,
        article_ids=[article.pk],
        since=day,
        until=day,
        articles=Article.objects.filter(pk=article.pk),
    )
    assert count_rows(within) == 4
    later = day + datetime.timedelta(days=1)
    assert count_rows(ExportFilter(suggestions=True, since=later)) == 0
    assert count_rows(ExportFilter(suggestions=True, author_id=editor.pk)) == 2
    # Small blocks, each reported: the rows of the annotations and of the suggestions.
    seen: list[int] = []
    blocks = list(stream_csv(within, on_rows=seen.append, block_size=10))
    assert len(blocks) > 4 and seen[-1] == 4


def test_the_command_writes_bytes_to_a_binary_stdout(
    make_article: ArticleFactory, editor: User
) -> None:
    _setup(make_article, editor)
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    call_command("export_annotations", "--suggestions", stdout=out)
    out.flush()
    assert raw.getvalue().decode().count("\n") == 5
