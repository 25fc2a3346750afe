"""The article limits (articles/limits.py): paragraphs per article and characters per
paragraph, refused by the parser (so by the command and the admin upload) with one line,
and by PostgreSQL's check constraints for any other way in."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import Client

from annotations.forms import MAX_SELECTION
from articles.importing import import_bytes
from articles.models import Article, Paragraph
from articles.parsing import (
    MAX_FILE_BYTES,
    MAX_PARAGRAPH_CHARS,
    MAX_PARAGRAPHS,
    ArticleImportError,
    decode,
    parse_text,
)
from tests.test_admin_articles import import_lines

ClientFor = Callable[[User | None], Client]


def article_file(*paragraphs: str, title: str = "Limits") -> str:
    return f"date 2026-03-14\ntitle {title}\n\n" + "\n\n".join(paragraphs) + "\n"


def data(*paragraphs: str, title: str = "Limits") -> bytes:
    return article_file(*paragraphs, title=title).encode()


def many(count: int) -> list[str]:
    return [f"P{n}." for n in range(1, count + 1)]


def test_the_limits_fit_each_other() -> None:
    # A whole paragraph can always be selected and annotated.
    assert MAX_PARAGRAPH_CHARS == MAX_SELECTION
    # A file at the size limit can be a full article of short paragraphs.
    assert MAX_PARAGRAPHS * len("P5000.\n\n") < MAX_FILE_BYTES


def test_it_refuses_more_paragraphs_than_the_limit() -> None:
    assert len(parse_text(decode(data(*many(MAX_PARAGRAPHS)))).paragraphs) == MAX_PARAGRAPHS
    with pytest.raises(ArticleImportError) as caught:
        parse_text(decode(data(*many(MAX_PARAGRAPHS + 214))))
    assert caught.value.reason == "5,214 paragraphs, the limit is 5,000 per article"


def test_it_refuses_a_paragraph_longer_than_the_limit_in_code_points() -> None:
    # Code points: 20,000 four-byte characters (40,000 UTF-16 units) are within the limit.
    at_limit = "🌊" * MAX_PARAGRAPH_CHARS
    parsed = parse_text(decode(data("Intro.", at_limit)))
    assert parsed.paragraphs[1].text == at_limit
    with pytest.raises(ArticleImportError) as caught:
        parse_text(decode(data(*many(16), "x" * 31_204)))
    # The header is lines 1-3; paragraph 17 starts on line 4 + 16 * 2.
    assert caught.value.reason == (
        "line 36: paragraph 17 is 31,204 characters long, the limit is 20,000"
    )


@pytest.mark.django_db
def test_it_stores_nothing_of_a_file_over_a_limit() -> None:
    import_bytes(data("Old text."), "a.txt")
    with pytest.raises(ArticleImportError, match=r"^a\.txt: line 4: paragraph 1 is 20,001"):
        import_bytes(data("é" * (MAX_PARAGRAPH_CHARS + 1)), "a.txt", replace=True)
    with pytest.raises(ArticleImportError, match=r"^b\.txt: 5,001 paragraphs"):
        import_bytes(data(*many(MAX_PARAGRAPHS + 1), title="Other"), "b.txt")
    article = Article.objects.get()
    assert list(article.paragraphs.values_list("text", flat=True)) == ["Old text."]


@pytest.mark.django_db
def test_the_command_refuses_a_file_over_a_limit_and_imports_the_others(tmp_path: Path) -> None:
    (tmp_path / "1-long.txt").write_text(
        article_file("Fine.", "y" * (MAX_PARAGRAPH_CHARS + 1), title="Long")
    )
    (tmp_path / "2-many.txt").write_text(article_file(*many(MAX_PARAGRAPHS + 1), title="Many"))
    (tmp_path / "3-good.txt").write_text(article_file(*many(MAX_PARAGRAPHS), title="Good"))
    out = StringIO()
    with pytest.raises(CommandError, match="2 files or folders were refused"):
        call_command("import_articles", str(tmp_path), stdout=out, stderr=StringIO())
    lines = out.getvalue().splitlines()
    assert (
        f"refused   {tmp_path / '1-long.txt'}: line 6: paragraph 2 is 20,001 characters long, "
        "the limit is 20,000"
    ) in lines
    assert (
        f"refused   {tmp_path / '2-many.txt'}: 5,001 paragraphs, the limit is 5,000 per article"
        in lines
    )
    assert list(Article.objects.values_list("title", flat=True)) == ["Good"]
    assert Paragraph.objects.count() == MAX_PARAGRAPHS


@pytest.mark.django_db
def test_the_admin_upload_refuses_a_file_over_a_limit(
    client_for: ClientFor, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    files = [
        SimpleUploadedFile("long.txt", data("z" * (MAX_PARAGRAPH_CHARS + 1))),
        SimpleUploadedFile("many.txt", data(*many(MAX_PARAGRAPHS + 1))),
    ]
    client = client_for(admin)
    assert import_lines(client, {"uploads": files}, django_capture_on_commit_callbacks) == [
        "long.txt: refused: line 4: paragraph 1 is 20,001 characters long, the limit is 20,000",
        "many.txt: refused: 5,001 paragraphs, the limit is 5,000 per article",
    ]
    assert not Article.objects.exists()
    html = client.get("/admin/articles/article/import/").content.decode()
    assert "5,000 paragraphs per article\n    and 20,000 characters per paragraph" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("position", "text", "constraint"),
    [
        (MAX_PARAGRAPHS + 1, "Fine.", "paragraph_position_lte_max"),
        (1, "é" * (MAX_PARAGRAPH_CHARS + 1), "paragraph_text_max_chars"),
    ],
)
def test_the_database_refuses_what_the_limits_refuse(
    position: int, text: str, constraint: str
) -> None:
    article = Article.objects.create(title="T", slug="t", published="2026-03-14")
    paragraph = Paragraph(article=article, position=position, text=text)
    with pytest.raises(ValidationError) as caught:
        paragraph.full_clean()
    assert list(caught.value.message_dict) == ["position" if position > 1 else "text"]
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Paragraph.objects.bulk_create([paragraph])
    # At the limits exactly, both are fine.
    Paragraph.objects.create(
        article=article, position=MAX_PARAGRAPHS, text="é" * MAX_PARAGRAPH_CHARS
    )


@pytest.mark.django_db
def test_the_migration_names_the_articles_it_cannot_constrain() -> None:
    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("articles.migrations.0003_paragraph_limits")
    article = Article.objects.create(title="T", slug="t", published="2026-03-14")
    # As a database from before the limits would be (DDL is undone with the test's transaction).
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE articles_paragraph DROP CONSTRAINT paragraph_text_max_chars")
    Paragraph.objects.create(article=article, position=1, text="x" * (MAX_PARAGRAPH_CHARS + 1))
    with pytest.raises(RuntimeError, match=rf"over 20000 characters .*\(ids {article.pk}\)"):
        migration.refuse_oversized_articles(apps, None)
