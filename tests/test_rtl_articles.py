"""Right-to-left and mixed-script articles (../shared/cases/rtl-article): direction from
the text or the article's language, Unicode slugs in every URL, exact highlights."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.text import slugify
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from articles.importing import import_bytes
from articles.models import Article
from articles.parsing import ArticleImportError

ClientFor = Callable[[User | None], Client]
FIXTURE = (Path(__file__).parent / "fixtures" / "rtl-article.txt").read_bytes()
TITLE = "مجلس المدينة يوافق على إصلاح الجسر القديم"
LAST_WORDS = "ثمانية عشر شهرا."


def with_lang(lang: str) -> bytes:
    header, _, rest = FIXTURE.decode().partition("\n\n")
    return f"{header}\nlang {lang}\n\n{rest}".encode()


@pytest.mark.django_db
def test_it_keeps_the_arabic_title_in_the_slug_and_every_url(
    client_for: ClientFor, reader: User
) -> None:
    article = import_bytes(FIXTURE, "rtl-article.txt").article
    assert (
        article.slug
        == slugify(TITLE, allow_unicode=True)
        == "مجلس-المدينة-يوافق-على-إصلاح-الجسر-القديم"
    )
    client = client_for(reader)
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('dir="auto" data-paragraph-id') == 4
    assert '<h1 class="article__title" dir="auto">' in html
    assert '<bdi class="article__source">صحيفة الميناء</bdi>' in html
    assert client.get(f"/articles/{article.slug}/annotations/").status_code == 200
    csv = client.get(f"/articles/{article.slug}/annotations.csv")
    assert csv.status_code == 200
    # RFC 6266: the UTF-8 name percent-encoded in filename*.
    assert (
        "filename*=utf-8''newsroom-annotations-%D9%85%D8%AC%D9%84%D8%B3"
        in csv["Content-Disposition"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("en", "ltr")]
)
def test_the_lang_header_sets_the_articles_language_and_direction(
    client_for: ClientFor, reader: User, lang: str, direction: str
) -> None:
    article = import_bytes(with_lang(lang), "rtl.txt").article
    assert (article.language, article.direction) == (lang, direction)
    html = client_for(reader).get(article.get_absolute_url()).content.decode()
    assert f'lang="{lang}" dir="{direction}"' in html


@pytest.mark.django_db
def test_without_a_language_each_text_takes_its_own_direction() -> None:
    article = import_bytes(FIXTURE, "rtl.txt").article
    assert (article.language, article.direction) == ("", "auto")


@pytest.mark.parametrize("lang", ["12", "arabic language", "a", "ar_EG"])
def test_it_refuses_a_bad_lang_line(lang: str) -> None:
    with pytest.raises(ArticleImportError, match="invalid lang"):
        import_bytes(with_lang(lang), "rtl.txt")


@pytest.mark.django_db(transaction=True)
def test_a_drag_at_the_end_of_a_right_to_left_paragraph_stores_the_dragged_words(
    page: Page, live_server: Any, login_page: Any, editor: User
) -> None:
    article = import_bytes(FIXTURE, "rtl-article.txt").article
    last = article.paragraphs.order_by("position").last()
    assert last is not None and last.text.endswith(LAST_WORDS)
    login_page(editor)
    page.goto(live_server.url + article.get_absolute_url())
    paragraph = page.locator(f"#paragraph-{last.pk}")
    expect(paragraph).to_be_visible()
    # In right-to-left text the first dragged character's start is its right edge and the
    # paragraph ends at its left: press inside the first character, release past the end.
    box = page.evaluate(
        """([id, words]) => {
            const p = document.getElementById(`paragraph-${id}`);
            const node = p.firstChild;
            const at = node.data.lastIndexOf(words);
            const first = document.createRange();
            first.setStart(node, at); first.setEnd(node, at + 1);
            const lastChar = document.createRange();
            lastChar.setStart(node, node.length - 1); lastChar.setEnd(node, node.length);
            const a = first.getBoundingClientRect(), b = lastChar.getBoundingClientRect();
            return {from: {x: a.right - 1, y: a.top + a.height / 2},
                    to: {x: b.left - 6, y: b.top + b.height / 2},
                    direction: getComputedStyle(p).direction};
        }""",
        [last.pk, LAST_WORDS],
    )
    assert box["direction"] == "rtl"
    page.mouse.move(box["from"]["x"], box["from"]["y"])
    page.mouse.down()
    page.mouse.move(box["to"]["x"], box["to"]["y"], steps=10)
    page.mouse.up()
    expect(page.get_by_role("dialog", name="Tag the selected passage")).to_be_visible()
    page.keyboard.press("2")
    expect(page.locator("#live")).to_have_text("Quote added")
    annotation = Annotation.objects.get()
    assert annotation.text == LAST_WORDS
    assert last.text[annotation.start : annotation.end] == LAST_WORDS
    assert annotation.end == len(last.text)
    assert isinstance(annotation.article, Article)


HEBREW = """date 2026-05-01
title Google תפתח משרד חדש בחיפה
source עיתון הנמל
lang he

Google הודיעה היום שתפתח משרד חדש בחיפה עם 500 עובדים.

העבודות יתחילו בקיץ.
"""


@pytest.mark.django_db
def test_a_known_language_sets_the_direction_of_latin_first_lines(
    client_for: ClientFor, reader: User
) -> None:
    article = import_bytes(HEBREW.encode(), "he.txt").article
    html = client_for(reader).get(article.get_absolute_url()).content.decode()
    assert '<h1 class="article__title" dir="rtl">Google' in html
    assert html.count('dir="rtl" data-paragraph-id') == 2
    assert '<p class="article__kicker" dir="rtl">' in html
    # Our own English interface text keeps its direction inside a right-to-left article.
    assert '<div class="article__tools" lang="en" dir="ltr">' in html


@pytest.mark.django_db
def test_without_a_language_the_kicker_follows_the_source(
    client_for: ClientFor, reader: User
) -> None:
    article = import_bytes(FIXTURE, "rtl-article.txt").article
    html = client_for(reader).get(article.get_absolute_url()).content.decode()
    assert '<p class="article__kicker" dir="rtl">' in html  # the date is Latin, the source not


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("नगर परिषद ने पुल की मरम्मत को मंज़ूरी दी", "नगर-परिषद-ने-पुल-की-मरम्मत-को-मंज़ूरी-दी"),
        ("สภาเมืองอนุมัติซ่อมสะพาน", "สภาเมืองอนุมัติซ่อมสะพาน"),
        ("مَجلِس المدينة", "مَجلِس-المدينة"),
        ("Council's £4m bridge: approved!", "councils-4m-bridge-approved"),
    ],
)
def test_slugs_keep_every_letter_and_mark_and_work_in_urls(
    client_for: ClientFor, reader: User, title: str, slug: str
) -> None:
    import unicodedata

    article = import_bytes(f"date 2026-05-01\ntitle {title}\n\nText.\n".encode(), "t.txt").article
    assert article.slug == unicodedata.normalize("NFKC", slug)
    assert client_for(reader).get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_the_admin_edits_the_language_and_accepts_a_slug_with_marks(
    client_for: ClientFor, admin: User
) -> None:
    article = import_bytes(FIXTURE, "rtl-article.txt").article
    client = client_for(admin)
    form = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'name="language"' in form
    from tests.test_admin_article_edits import change_form

    rows = [
        {"id": p.pk, "position": p.position, "kind": p.kind, "text": p.text}
        for p in article.paragraphs.order_by("position")
    ]
    data = {**change_form(article, rows), "language": "ar", "slug": "مَجلِس-المدينة"}
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.language, article.slug) == ("ar", "مَجلِس-المدينة")


@pytest.mark.parametrize(
    "sentence",
    ["هل يوافق المجلس على الخطة؟", "大桥将于明年通车。", "परिषद ने पुल को मंज़ूरी दी।"],
)
def test_a_sentence_in_any_script_is_not_a_heading(sentence: str) -> None:
    from articles.parsing import guess_kind

    assert guess_kind(sentence) == "body"
