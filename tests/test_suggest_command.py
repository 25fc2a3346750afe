"""``suggest_annotations``: with ``--jsonl -`` standard output is valid JSON lines (the
summary goes to standard error), an unwritable path is one clear error, and the summary's
nouns agree with their numbers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from suggestions.management.commands.suggest_annotations import plural
from tests.conftest import ArticleFactory

QUOTED = [
    "The council voted 7–2 on Tuesday to fund the bridge, the largest project since 1990.",
    "“It will pay for itself within a decade,” said the mayor, Rosa Lind.",
]


def test_it_keeps_standard_output_to_json_lines_with_a_dash(
    make_article: ArticleFactory,
) -> None:
    article = make_article(QUOTED)
    out, err = io.StringIO(), io.StringIO()
    call_command("suggest_annotations", article.slug, jsonl="-", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert lines, "no JSON lines written"
    records = [json.loads(line) for line in lines]  # every line is a JSON object
    assert all(isinstance(r, dict) and r["article"] == article.slug for r in records)
    assert err.getvalue().rstrip().endswith("1 article: 1 quote, 1 claim, 0 context suggestions.")


@pytest.mark.parametrize(
    "where",
    ["no/such/folder/x.jsonl", "is-a-folder"],
)
def test_it_refuses_a_jsonl_path_it_cannot_write_in_one_line(
    make_article: ArticleFactory, tmp_path: Path, where: str
) -> None:
    article = make_article(QUOTED)
    (tmp_path / "is-a-folder").mkdir()
    path = tmp_path / where
    with pytest.raises(CommandError) as refused:
        call_command("suggest_annotations", article.slug, jsonl=str(path), stdout=io.StringIO())
    message = str(refused.value)
    assert message.startswith(f"Cannot write --jsonl {path}: ") and "\n" not in message
    assert refused.value.__cause__ is not None  # the OSError, for --traceback


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (0, "article", "0 articles"),
        (1, "article", "1 article"),
        (2, "article", "2 articles"),
        (1, "context suggestion", "1 context suggestion"),
        (3, "quote", "3 quotes"),
    ],
)
def test_it_agrees_nouns_with_numbers(n: int, noun: str, expected: str) -> None:
    assert plural(n, noun) == expected
