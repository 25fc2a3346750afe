"""The panel draws its entries a page at a time (keyset paging in reading order); writes
insert a new entry only where the loaded part of the list shows it."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from annotations import lifecycle
from annotations.models import Annotation
from annotations.panel import ENTRIES_PER_PAGE
from articles.models import Article
from articles.reading_order import Place
from tests.conftest import ArticleFactory, annotate

ClientFor = Callable[[User | None], Client]
ENTRY = re.compile(r'<li id="entry-(\d+)"')


@pytest.fixture
def busy(make_article: ArticleFactory, editor: User) -> Article:
    words = " ".join(f"w{i:03d}" for i in range(250))
    article = make_article([words, "Tail paragraph with its own words."])
    first = article.paragraphs.get(position=1)
    for i in range(250):
        annotate(first, f"w{i:03d}", editor, tag="claim" if i % 2 else "quote")
    return article


@pytest.mark.django_db
def test_it_draws_the_entries_a_page_at_a_time_in_reading_order(
    client_for: ClientFor, reader: User, busy: Article
) -> None:
    client = client_for(reader)
    html = client.get(busy.get_absolute_url()).content.decode()
    seen = [int(pk) for pk in ENTRY.findall(html)]
    assert len(seen) == ENTRIES_PER_PAGE and 'id="entry-list-end"' not in html
    while (more := re.search(r'hx-get="([^"]+/annotations/more/[^"]+)"', html)) is not None:
        response = client.get(more.group(1).replace("&amp;", "&"))
        assert response.status_code == 200
        html = response.content.decode()
        seen += [int(pk) for pk in ENTRY.findall(html)]
    assert 'id="entry-list-end"' in html
    ordered = list(busy.annotations.in_reading_order().values_list("pk", flat=True))
    assert seen == ordered


@pytest.mark.django_db
def test_the_pages_follow_the_filter(client_for: ClientFor, reader: User, busy: Article) -> None:
    client = client_for(reader)
    html = client.get(busy.get_absolute_url(), {"tag": "claim"}).content.decode()
    pages = [html]
    while (
        more := re.search(r'hx-get="([^"]+)"[^>]*hx-trigger="intersect once"', html)
    ) is not None:
        assert "tag=claim" in more.group(1)
        html = client.get(more.group(1).replace("&amp;", "&")).content.decode()
        pages.append(html)
    assert len(pages) == -(-125 // ENTRIES_PER_PAGE)
    assert sum(len(ENTRY.findall(page)) for page in pages) == 125
    assert "entry entry--quote" not in "".join(pages)


@pytest.mark.django_db
def test_a_new_entry_goes_where_the_loaded_list_shows_it(
    client_for: ClientFor, editor: User, busy: Article
) -> None:
    tail = busy.paragraphs.get(position=2)
    start = tail.text.index("own words")
    payload = {
        "article": busy.pk,
        "paragraph": tail.pk,
        "start": start,
        "end": start + 9,
        "text": "own words",
        "tag": "claim",
    }
    response = client_for(editor).post("/annotations/", payload)
    assert response.status_code == 201
    # Last in reading order: before the end marker, which is there only when all of the
    # list is loaded (otherwise it arrives with the page that holds it).
    assert '<div hx-swap-oob="beforebegin:#entry-list-end">' in response.content.decode()


@pytest.mark.django_db
def test_the_more_endpoints_permission_matrix(
    client_for: ClientFor, reader: User, busy: Article
) -> None:
    first = busy.annotations.in_reading_order().first()
    assert first is not None
    url = f"/articles/{busy.slug}/annotations/more/?after={Place.of(first)}"
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client = client_for(reader)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    # A malformed or missing ?after= is a bad request naming it; an unknown article is
    # not found.
    for query in ("?after=abc", "?after=1.2.3.²", "?after=٣.1.2.3", "?after=9", "?after=1.2", ""):
        response = client.get(f"/articles/{busy.slug}/annotations/more/{query}")
        assert response.status_code == 400 and b"after: " in response.content
    assert (
        client.get(f"/articles/nope/annotations/more/?after={Place.of(first)}").status_code == 404
    )


@pytest.mark.django_db
def test_the_next_page_loads_after_its_last_entry_was_deleted(
    client_for: ClientFor, editor: User, busy: Article
) -> None:
    client = client_for(editor)
    first_page = client.get(busy.get_absolute_url()).content.decode()
    more = re.search(r'hx-get="(/articles/[^"]+/annotations/more/\?[^"]+)"', first_page)
    assert more is not None
    url = unescape(more.group(1))
    shown = [int(pk) for pk in ENTRY.findall(first_page)]
    last = Annotation.objects.get(pk=shown[-1])
    lifecycle.delete(last.author, last.pk, version=last.version)
    page = client.get(url)
    assert page.status_code == 200
    following = [int(pk) for pk in ENTRY.findall(page.content.decode())]
    expected = list(
        busy.annotations.exclude(pk__in=shown).in_reading_order().values_list("pk", flat=True)
    )
    assert following == expected[: len(following)] and following


@pytest.mark.django_db
def test_the_pages_follow_the_author_filter_in_reading_order(
    client_for: ClientFor, reader: User, editor: User, other_editor: User, busy: Article
) -> None:
    tail = busy.paragraphs.get(position=2)
    for words in ("Tail", "paragraph", "own words"):
        annotate(tail, words, other_editor)
    first = busy.paragraphs.get(position=1)
    for i in range(0, 250, 3):
        annotate(first, f"w{i:03d}", other_editor, tag="context")
    client = client_for(reader)
    html = client.get(busy.get_absolute_url(), {"author": other_editor.username}).content.decode()
    seen = [int(pk) for pk in ENTRY.findall(html)]
    while (more := re.search(r'hx-get="([^"]+/annotations/more/[^"]+)"', html)) is not None:
        assert f"author={other_editor.username}" in more.group(1)
        html = client.get(more.group(1).replace("&amp;", "&")).content.decode()
        seen += [int(pk) for pk in ENTRY.findall(html)]
    mine = busy.annotations.filter(author=other_editor).in_reading_order()
    assert seen == list(mine.values_list("pk", flat=True))
    assert len(seen) == 84 + 3


@pytest.mark.django_db
def test_a_filter_by_an_author_who_lost_their_last_annotation_stays(
    client_for: ClientFor, editor: User, other_editor: User, busy: Article
) -> None:
    mine = annotate(busy.paragraphs.get(position=2), "Tail", other_editor)
    client = client_for(other_editor)
    page = f"{busy.get_absolute_url()}?author={other_editor.username}"
    response = client.post(
        f"/annotations/{mine.pk}/delete/",
        {"version": mine.version},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
    )
    assert response.status_code == 200
    answer = response.content.decode()
    # The head keeps the filter and offers its author; the empty message shows, as a
    # reload of the same address does.
    assert f'<option value="{other_editor.username}" selected' in answer
    reload = client.get(page).content.decode()
    assert f'<option value="{other_editor.username}" selected' in reload
    assert not ENTRY.findall(reload)
    assert "No annotations match this filter" in reload


def _more_link(html: str, element_id: str) -> str:
    found = re.search(rf'<li id="{element_id}"[^>]*>\s*<a[^>]*href="([^"]+)"', html)
    assert found is not None, element_id
    return unescape(found.group(1))


@pytest.mark.django_db
def test_it_jumps_to_an_entry_and_leaves_the_ones_before_it_a_gap_to_load(
    client_for: ClientFor, reader: User, busy: Article
) -> None:
    """A highlight whose entry is not loaded: the page from it, then the gap filled in
    order, page by page; together every entry once, in reading order."""
    client = client_for(reader)
    ordered = list(busy.annotations.in_reading_order().values_list("pk", flat=True))
    first_page = client.get(busy.get_absolute_url()).content.decode()
    tail = _more_link(first_page, "entries-more")
    target = ordered[100]
    jumped = client.get(tail + f"&at={target}")
    assert jumped.status_code == 200
    html = jumped.content.decode()
    assert [int(pk) for pk in ENTRY.findall(html)] == ordered[100 : 100 + ENTRIES_PER_PAGE]
    assert html.index("entries-gap-") < html.index(f'id="entry-{target}"')
    assert 'id="entries-more"' in html and 'id="entry-list-end"' not in html
    # The gap loads only when pressed (no intersect trigger), a page at a time.
    gap_id = re.search(r'<li id="(entries-gap-[^"]+)"', html)
    assert (
        gap_id is not None and "intersect" not in html.split(gap_id.group(1))[1].split("</li>")[0]
    )
    filled: list[int] = []
    gap = _more_link(html, gap_id.group(1))
    while True:
        page = client.get(gap).content.decode()
        assert 'id="entry-list-end"' not in page and 'id="entries-more"' not in page
        filled += [int(pk) for pk in ENTRY.findall(page)]
        next_gap = re.search(r'<li id="(entries-gap-[^"]+)"', page)
        if next_gap is None:
            break
        gap = _more_link(page, next_gap.group(1))
    assert filled == ordered[ENTRIES_PER_PAGE:100]


@pytest.mark.django_db
def test_a_jump_costs_the_same_whatever_the_article_holds(
    client_for: ClientFor, reader: User, busy: Article
) -> None:
    client = client_for(reader)
    ordered = list(busy.annotations.in_reading_order().values_list("pk", flat=True))
    url = f"/articles/{busy.slug}/annotations/more/?after={Place.of(busy.annotations.get(pk=ordered[0]))}"
    counts = []
    for target in (ordered[3], ordered[30], ordered[240]):  # the first warms the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url + f"&at={target}").status_code == 200
        counts.append(len(queries))
    # Session, user and permissions; the article; the summary's tally; the annotation;
    # the page; the gap's EXISTS.
    assert counts[1] == counts[2] <= 8, counts


@pytest.mark.django_db
def test_a_jump_to_an_entry_the_filter_hides_or_a_bad_one_is_refused(
    client_for: ClientFor, reader: User, busy: Article, make_article: ArticleFactory
) -> None:
    client = client_for(reader)
    ordered = list(busy.annotations.in_reading_order())
    url = f"/articles/{busy.slug}/annotations/more/?after={Place.of(ordered[0])}"
    quote = next(a for a in ordered if a.tag == "quote")
    hidden = client.get(url + f"&tag=claim&at={quote.pk}")
    assert hidden.status_code == 404 and b"change the filter" in hidden.content
    assert client.get(url + "&at=x").status_code == 400
    assert b"at: " in client.get(url + "&at=x").content
    assert client.get(url + "&before=1.2").status_code == 400
    assert b"before: " in client.get(url + "&before=1.2").content
    other = make_article(["Another article's words."])
    stranger = annotate(other.paragraphs.get(), "words", ordered[0].author)
    assert client.get(url + f"&at={stranger.pk}").status_code == 404
    assert client.get(url + "&at=987654").status_code == 404
