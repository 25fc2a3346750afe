from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from annotations.models import NOTE_MAX_LENGTH, Annotation
from articles.models import Article, Paragraph
from tests.conftest import ArticleFactory, annotate

pytestmark = pytest.mark.django_db
URL = "/annotations/"


def payload(paragraph: Paragraph, start: int, end: int, **extra: Any) -> dict[str, Any]:
    return {
        "article": paragraph.article_id,
        "paragraph": paragraph.pk,
        "start": start,
        "end": end,
        "text": paragraph.text[start:end],
        "tag": "quote",
        **extra,
    }


@pytest.fixture
def para(article: Article) -> Paragraph:
    return article.paragraphs.get(position=2)


def test_it_creates_an_annotation_and_returns_fragments(
    client_for: Any, editor: User, para: Paragraph
) -> None:
    # “It will pay for itself within a decade,” said the mayor, Rosa Lind.
    start, end = 1, 39
    response = client_for(editor).post(
        URL,
        payload(para, start, end, note="Check the 2019 study", speaker="Rosa Lind", author=999),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 201
    annotation = Annotation.objects.get()
    assert annotation.text == "It will pay for itself within a decade"
    assert annotation.text == para.text[annotation.start : annotation.end]
    assert (annotation.tag, annotation.speaker, annotation.note) == (
        "quote",
        "Rosa Lind",
        "Check the 2019 study",
    )
    assert annotation.author == editor  # the forged author field is ignored
    assert annotation.prefix == "“"
    assert annotation.suffix == para.text[39:71]
    html = response.content.decode()
    assert f'id="paragraph-{para.pk}"' in html and 'hx-swap-oob="outerHTML"' in html
    assert f'<mark class="hl hl--quote" data-annotation-id="{annotation.pk}"' in html
    # Only what changed: the panel's head and the one new entry, never the whole panel.
    assert 'id="annotation-panel"' not in html and 'id="panel-head"' in html
    assert f'<div hx-swap-oob="beforebegin:#entry-list-end"><li id="entry-{annotation.pk}"' in html
    assert "Quote added" in html


def test_it_gives_claims_a_default_verdict_and_keeps_the_claimant(
    client_for: Any, editor: User, para: Paragraph
) -> None:
    client_for(editor).post(URL, payload(para, 1, 10, tag="claim", speaker="Nobody"))
    annotation = Annotation.objects.get()
    assert (annotation.verdict, annotation.speaker) == ("unverified", "Nobody")


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"tag": "rumour"}, 400, "Unknown tag"),
        ({"verdict": "probably"}, 400, "Unknown verdict"),
        ({"start": 10, "end": 5}, 400, "Bad offsets"),
        ({"start": 5, "end": 5}, 400, "Bad offsets"),
        ({"start": -1}, 400, "Bad offsets"),
        ({"end": 10_000, "text": "x"}, 400, "runs past the paragraph"),
        ({"start": "abc"}, 400, "Enter a whole number"),
        ({"text": "something else"}, 409, "does not match"),
        ({"note": "x" * (NOTE_MAX_LENGTH + 1)}, 400, "note is too long"),
        ({"paragraph": 987654}, 404, "does not exist"),
        ({"article": 987654}, 400, "another article"),
        ({"tag": ""}, 400, "required"),
    ],
)
def test_it_refuses_bad_input_without_storing_anything(
    client_for: Any,
    editor: User,
    para: Paragraph,
    change: dict[str, Any],
    status: int,
    message: str,
) -> None:
    response = client_for(editor).post(URL, {**payload(para, 1, 10), **change})
    assert response.status_code == status
    assert message in response.content.decode()
    assert "data-action-error" in response.content.decode()
    assert not Annotation.objects.exists()


def test_it_refuses_a_paragraph_of_another_article(
    client_for: Any, editor: User, para: Paragraph, make_article: ArticleFactory
) -> None:
    other = make_article()
    response = client_for(editor).post(URL, {**payload(para, 1, 10), "article": other.pk})
    assert response.status_code == 400
    assert not Annotation.objects.exists()


def test_it_creates_one_annotation_on_a_double_click(
    client_for: Any, editor: User, para: Paragraph
) -> None:
    client = client_for(editor)
    first = client.post(URL, payload(para, 1, 10))
    second = client.post(URL, payload(para, 1, 10))
    assert (first.status_code, second.status_code) == (201, 201)
    assert Annotation.objects.count() == 1
    assert "already there" in second.content.decode()


def test_it_allows_overlaps_and_several_tags_on_one_span(
    client_for: Any, editor: User, other_editor: User, para: Paragraph
) -> None:
    client_for(editor).post(URL, payload(para, 1, 39, tag="quote"))
    client_for(editor).post(URL, payload(para, 1, 39, tag="claim"))
    client_for(editor).post(URL, payload(para, 5, 20, tag="context"))
    client_for(other_editor).post(URL, payload(para, 1, 39, tag="quote"))
    assert Annotation.objects.count() == 4


def test_it_forbids_readers_and_anonymous(client_for: Any, reader: User, para: Paragraph) -> None:
    response = client_for(reader).post(URL, payload(para, 1, 10))
    assert response.status_code == 403
    anonymous = client_for(None).post(URL, payload(para, 1, 10))
    assert anonymous.status_code == 302
    assert not Annotation.objects.exists()


def test_it_only_accepts_post(client_for: Any, editor: User) -> None:
    assert client_for(editor).get(URL).status_code == 405


def test_it_requires_the_csrf_token(editor: User, para: Paragraph) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(URL, payload(para, 1, 10)).status_code == 403
    assert not Annotation.objects.exists()


def test_it_runs_a_fixed_number_of_queries(
    client_for: Any, editor: User, para: Paragraph, django_assert_num_queries: Any
) -> None:
    client = client_for(editor)
    for i in range(30):  # existing annotations must not add queries
        client.post(URL, payload(para, i, i + 5, tag="claim"))
    # session, user, permissions (one query), the paragraph (locked), double-click
    # check, savepoint + insert + release (history context rides along), the pending
    # suggestion at that span removed (one statement), the panel's counts (from the
    # tally), the entry that follows the new one (one query, in this paragraph or a
    # later one), the re-drawn paragraph with its marks (one query), the article's
    # workflow row (is it in blind mode? desk.visibility).
    with django_assert_num_queries(13):
        assert client.post(URL, payload(para, 1, 10)).status_code == 201
    with django_assert_num_queries(13):  # the last one: nothing follows it
        assert client.post(URL, payload(para, 40, 44)).status_code == 201


def test_it_answers_in_the_same_size_whatever_the_article_holds(
    client_for: Any, editor: User, make_article: ArticleFactory
) -> None:
    sizes = []
    for existing in (10, 300):
        words = " ".join(f"w{i:03d}" for i in range(existing))
        article = make_article([words, "The last paragraph, where we annotate."])
        first, last = article.paragraphs.order_by("position")
        for i in range(existing):
            annotate(first, f"w{i:03d}", editor)
        client = client_for(editor)
        response = client.post(URL, payload(last, 4, 8, tag="claim"))
        assert response.status_code == 201
        sizes.append(len(response.content))
    assert sizes[1] < 10_000
    assert abs(sizes[1] - sizes[0]) < 100  # ids and counts have a few more digits


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Emoji 🌉 first, then the bridge.", "the bridge"),
        ("Family 👨‍👩‍👧 then a flag 🇳🇴 then words.", "then words"),
        ("Combining: Cafe\u0301 au lait, then Zoë.", "Cafe\u0301 au"),
        ("中文新闻：大桥将于明年通车。", "明年通车"),
        ("قال رئيس البلدية إن الجسر سيفتح قريبا", "الجسر سيفتح"),
        ("𝕄𝕒𝕥𝕙 letters 𝔸 then plain.", "then plain"),
    ],
)
def test_it_keeps_unicode_offsets_exact(
    client_for: Any, editor: User, make_article: ArticleFactory, text: str, target: str
) -> None:
    article = make_article(paragraphs=[text])
    para = article.paragraphs.get()
    start = text.index(target)  # Python code points, which the browser script also sends
    response = client_for(editor).post(URL, payload(para, start, start + len(target)))
    assert response.status_code == 201
    annotation = Annotation.objects.get()
    assert annotation.text == target == para.text[annotation.start : annotation.end]
    # UTF-16 offsets (what a naive script would send) are refused when they differ.
    utf16_start = len(text[:start].encode("utf-16-le")) // 2
    if utf16_start != start:
        bad = payload(para, utf16_start, utf16_start + len(target))
        bad["text"] = target
        assert client_for(editor).post(URL, bad).status_code in (400, 409)


def test_the_database_refuses_text_that_does_not_match(editor: User, para: Paragraph) -> None:
    from django.db import connection

    # The exactness triggers are deferred to commit; check at once here.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.create(
            paragraph=para, start=0, end=3, text="abc", tag="claim", author=editor
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.create(
            paragraph=para, start=3, end=1, text="", tag="claim", author=editor
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.create(
            paragraph=para, start=0, end=1, text=para.text[0], tag="gossip", author=editor
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.create(
            paragraph=para,
            start=0,
            end=1,
            text=para.text[0],
            tag="claim",
            verdict="meh",
            author=editor,
        )


def test_it_shows_the_new_annotation_after_reload(
    client_for: Any, editor: User, para: Paragraph
) -> None:
    client = client_for(editor)
    client.post(URL, payload(para, 1, 10, note="<b>bold</b> note"))
    html = client.get(reverse("article_detail", args=[para.article.slug])).content.decode()
    annotation = Annotation.objects.get()
    assert f'data-annotation-id="{annotation.pk}"' in html
    assert "&lt;b&gt;bold&lt;/b&gt; note" in html
