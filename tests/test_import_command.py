from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from annotations import history
from annotations.history import AnnotationEvent
from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.conftest import annotate, assert_exact

pytestmark = pytest.mark.django_db


def write(folder: Path, name: str, title: str, *paragraphs: str, date: str = "2026-03-14") -> Path:
    path = folder / name
    body = "\n\n".join(paragraphs or (f"The text of {title}.",))
    path.write_text(f"date {date}\ntitle {title}\n\n{body}\n", encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str) -> tuple[str, str, CommandError]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), caught.value


def test_it_imports_a_file_and_reports_its_paragraphs(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Pier opens", "Intro.", "The new pier", "Body text.")
    out, _ = run(str(path))
    assert f"imported  {path}: “Pier opens”, 3 paragraphs (1 heading, 0 captions)" in out
    assert "Done: 1 imported, 0 replaced, 0 unchanged, 0 skipped as duplicates, 0 refused" in out
    assert Paragraph.objects.filter(article__title="Pier opens").count() == 3


def test_it_imports_the_txt_files_of_a_folder_in_name_order(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Second")
    write(tmp_path, "a.txt", "First")
    write(tmp_path, "notes.md", "Not an article")
    (tmp_path / "nested").mkdir()
    write(tmp_path / "nested", "c.txt", "Nested")
    out, _ = run(str(tmp_path))
    assert out.index("a.txt") < out.index("b.txt")
    assert sorted(Article.objects.values_list("title", flat=True)) == ["First", "Second"]


def test_it_keeps_importing_after_a_refused_file_and_fails_at_the_end(tmp_path: Path) -> None:
    write(tmp_path, "1-good.txt", "Good one")
    (tmp_path / "2-bad.txt").write_text("date 2021-13-45\n\nText.\n", encoding="utf-8")
    write(tmp_path, "3-good.txt", "Good two")
    out, _, error = run_failing(str(tmp_path))
    assert f"refused   {tmp_path / '2-bad.txt'}: line 1: invalid date '2021-13-45'" in out
    assert "Done: 2 imported, 0 replaced, 0 unchanged, 0 skipped as duplicates, 1 refused" in out
    assert "1 file or folder was refused" in str(error)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Good one", "Good two"]


def test_it_exits_with_a_non_zero_status_from_the_shell(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00d")
    with pytest.raises(SystemExit) as caught:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", "import_articles", str(bad)])
    assert caught.value.code == 1


def test_it_refuses_missing_paths_and_empty_folders(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out, _, error = run_failing(str(tmp_path / "nope.txt"), str(tmp_path / "empty"))
    assert f"{tmp_path / 'nope.txt'}: no such file or folder" in out
    assert (
        f"{tmp_path / 'empty'}: no article files (.txt, .html, .htm, .xml, .json) in this folder"
        in out
    )
    assert "2 files or folders were refused" in str(error)


def test_it_leaves_nothing_behind_for_a_file_refused_late(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {n}." for n in range(1, 40)] + ["The last one has a \x00 byte."]
    path = write(tmp_path, "late.txt", "Late failure", *paragraphs)
    out, _, _ = run_failing(str(path))
    assert "binary file (NUL byte" in out
    assert not Article.objects.exists()
    assert not Paragraph.objects.exists()


def test_it_skips_duplicates_and_replaces_them_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Pier opens", "Old text.")
    run(str(path))
    write(tmp_path, "a.txt", "Pier opens", "New text.", "More new text.")
    out, _ = run(str(path))
    assert f"skipped   {path}: duplicate of “Pier opens” (pier-opens)" in out
    assert "1 skipped as duplicates" in out
    out, _ = run(str(path), "--replace")
    assert f"replaced  {path}: “Pier opens”, now 2 paragraphs" in out
    article = Article.objects.get()
    assert list(article.paragraphs.values_list("text", flat=True)) == [
        "New text.",
        "More new text.",
    ]
    out, _ = run(str(path), "--replace")
    assert "1 unchanged" in out


def test_it_keeps_stderr_clean_when_it_is_not_a_terminal(tmp_path: Path) -> None:
    for n in range(8):
        write(tmp_path, f"{n:02}.txt", f"Article {n}")
    out, err = run(str(tmp_path))
    assert err == ""
    assert "\x1b" not in out
    assert out.count("imported  ") == 8
    assert "Done: 8 imported" in out


def test_replace_keeps_annotations_on_their_words_and_orphans_removed_ones(
    tmp_path: Path, editor: User
) -> None:
    path = write(
        tmp_path,
        "a.txt",
        "Pier opens",
        "The council voted on Tuesday to fund the pier.",
        "The mayor said it would pay for itself.",
        "Critics called the plan reckless.",
    )
    run(str(path))
    article = Article.objects.get()
    kept = annotate(article.paragraphs.get(position=1), "fund the pier", editor)
    moved = annotate(article.paragraphs.get(position=2), "pay for itself", editor)
    removed = annotate(article.paragraphs.get(position=3), "called the plan reckless", editor)
    paragraph_ids = list(article.paragraphs.order_by("position").values_list("id", flat=True))

    write(
        tmp_path,
        "a.txt",
        "Pier opens",
        "The city council voted 7–2 on Tuesday to fund the pier.",
        "A new paragraph. The mayor, Rosa Lind, said it would pay for itself.",
    )
    out, _ = run(str(path), "--replace")
    assert f"replaced  {path}: “Pier opens”, now 2 paragraphs" in out

    # The first two paragraphs were updated in place, the third deleted.
    assert (
        list(article.paragraphs.order_by("position").values_list("id", flat=True))
        == (paragraph_ids[:2])
    )
    kept.refresh_from_db()
    moved.refresh_from_db()
    removed.refresh_from_db()
    assert (kept.paragraph_id, kept.anchor, kept.text) == (
        paragraph_ids[0],
        "placed",
        "fund the pier",
    )
    assert kept.start == len("The city council voted 7–2 on Tuesday to ")
    assert (moved.paragraph_id, moved.anchor, moved.text) == (
        paragraph_ids[1],
        "placed",
        "pay for itself",
    )
    assert moved.start == len("A new paragraph. The mayor, Rosa Lind, said it would ")
    assert (removed.paragraph_id, removed.anchor) == (None, "orphaned")
    assert (removed.text, removed.article_id) == ("called the plan reckless", article.pk)
    assert Annotation.objects.count() == 3
    assert_exact()


def test_replace_follows_words_into_a_new_paragraph_and_records_the_import(
    tmp_path: Path, editor: User
) -> None:
    path = write(tmp_path, "a.txt", "Split", "First sentence here. Second sentence there.")
    run(str(path))
    article = Article.objects.get()
    second = annotate(article.paragraphs.get(position=1), "Second sentence there", editor)
    write(tmp_path, "a.txt", "Split", "First sentence here.", "Second sentence there.")
    run(str(path), "--replace")
    second.refresh_from_db()
    assert second.paragraph == article.paragraphs.get(position=2)
    assert (second.start, second.anchor) == (0, "placed")
    assert_exact()
    event = AnnotationEvent.objects.filter(pgh_obj_id=second.pk).order_by("-pgh_id").first()
    assert event.pgh_label == "change"
    assert event.pgh_context.metadata["reason"] == "re-anchor"
    assert event.pgh_context.metadata["actor"] == "import --replace"
    assert [e.who for e in history.timeline(second.pk)] == ["system", "import --replace"]
