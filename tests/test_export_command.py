"""manage.py export_annotations: same rows as the web export, to a file or stdout."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from annotations.export import COLUMNS
from articles.models import Article
from tests.test_export_csv import annotate


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, as an interactive shell's would."""

    def isatty(self) -> bool:
        return True


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def run(*args: str, stderr: io.StringIO | None = None) -> str:
    out = io.StringIO()
    call_command("export_annotations", *args, stdout=out, stderr=stderr or io.StringIO())
    return out.getvalue()


@pytest.fixture
def annotated(editor: User, other_editor: User, make_article: Callable[..., Article]) -> Article:
    art = make_article(
        ["=cmd|' /C calc'!A0 and then 東京 👍🏽 text.", 'Second, "quoted"\nparagraph.'],
        published="2026-04-01",
    )
    p1, p2 = art.paragraphs.order_by("position")
    annotate(p1, 0, 18, editor, note="line one\nline two")
    tokyo = p1.text.index("東京")
    annotate(p1, tokyo, tokyo + 5, other_editor, tag="quote")
    annotate(p2, 8, 16, editor, tag="claim", speaker="+Speaker")
    return art


def test_it_writes_to_stdout(annotated: Article) -> None:
    rows = rows_of(run())
    assert list(rows[0]) == list(COLUMNS)
    assert [(r["paragraph"], r["start"], r["end"]) for r in rows] == [
        ("1", "0", "18"),
        ("1", "28", "33"),
        ("2", "8", "16"),
    ]
    assert rows[0]["text"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["note"] == "line one\nline two"
    assert rows[1]["text"] == "東京 👍🏽"
    assert rows[2]["text"] == '"quoted"'
    assert rows[2]["speaker"] == "'+Speaker"


def test_it_writes_the_same_bytes_as_the_web_export(
    annotated: Article, client_for: Callable[[User | None], Client], reader: User, tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    run("-o", str(target))
    response: Any = client_for(reader).get("/annotations.csv")
    assert target.read_bytes() == b"".join(response.streaming_content)


def test_it_passes_filters_and_raw(annotated: Article, tmp_path: Path) -> None:
    target = tmp_path / "claims.csv"
    run(
        "--article",
        annotated.slug,
        "--tag",
        "claim",
        "--tag",
        "context",
        "--author",
        "editor",
        "--since",
        "2026-04-01",
        "--until",
        "2026-04-01",
        "--raw",
        "--output",
        str(target),
    )
    rows = rows_of(target.read_text(encoding="utf-8"))
    assert [r["tag"] for r in rows] == ["claim", "claim"]
    assert rows[0]["text"] == "=cmd|' /C calc'!A0"
    assert rows[1]["speaker"] == "+Speaker"


def test_it_exports_nothing_outside_the_dates(annotated: Article) -> None:
    assert rows_of(run("--since", "2026-04-02")) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tag", "gossip"], "Unknown tag 'gossip'"),
        (["--article", "missing"], "No article with slug 'missing'"),
        (["--author", "ghost"], "No user named 'ghost'"),
        (["--since", "2026-13-01"], "since: Enter a date as YYYY-MM-DD."),
        (["--since", "2026-05-01", "--until", "2026-04-01"], "is after the end date"),
    ],
)
def test_it_rejects_bad_filters(annotated: Article, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_it_shows_progress_on_a_terminal(annotated: Article) -> None:
    terminal = Terminal()
    run(stderr=terminal)
    assert "3 / 3 rows (100%)" in terminal.getvalue()
    assert terminal.getvalue().endswith("\n")


def test_it_stays_quiet_when_stderr_is_not_a_terminal(annotated: Article) -> None:
    stderr = io.StringIO()
    run(stderr=stderr)
    assert stderr.getvalue() == ""
