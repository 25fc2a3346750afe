"""Saved feeds: the URL rules, poll_feeds (state, counts, last result, a second poll finds
duplicates, a failed feed says why, a feed another poll holds is left alone), and the
admin (the list's figures, Poll now, permissions: staff with the feed permissions only)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.models import Article
from sources.models import Feed
from sources.polling import poll
from tests.conftest import make_user
from tests.web_server import WebServer

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
RSS_RESULT = "2 imported, 0 replaced, 0 unchanged, 0 duplicates, 2 refused (4 entries)"
CHANGELIST = "/admin/sources/feed/"


@pytest.fixture
def feed_files(settings: Any) -> Path:
    settings.NEWSROOM_FEED_FILES_DIR = FEEDS
    return FEEDS


@pytest.fixture
def rss_feed(feed_files: Path) -> Feed:
    return Feed.objects.create(url=(feed_files / "courier-rss.xml").as_uri())


def polls(*args: str) -> list[str]:
    out = StringIO()
    call_command("poll_feeds", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_takes_http_urls_and_files_of_the_feed_folder_only(feed_files: Path) -> None:
    for good in ("https://news.example/feed.xml", (feed_files / "courier-rss.xml").as_uri()):
        Feed(url=good).full_clean()
    refusals = {
        "ftp://news.example/feed.xml": "Enter an http or https URL.",
        "/etc/passwd": "Enter an http or https URL.",
        "file:///etc/passwd": f"A file: URL must name a feed file inside {feed_files}.",
        (feed_files / ".." / "formats" / "article.json").as_uri(): (
            f"A file: URL must name a feed file inside {feed_files}."
        ),
    }
    for url, message in refusals.items():
        with pytest.raises(ValidationError) as caught:
            Feed(url=url).full_clean()
        assert caught.value.message_dict["url"] == [message]


def test_it_refuses_every_file_url_when_no_folder_is_set(settings: Any) -> None:
    settings.NEWSROOM_FEED_FILES_DIR = None
    with pytest.raises(ValidationError) as caught:
        Feed(url=(FEEDS / "courier-rss.xml").as_uri()).full_clean()
    assert caught.value.message_dict["url"] == [
        "A file: URL must name a feed file (none is allowed: NEWSROOM_FEED_FILES_DIR)."
    ]


def test_poll_feeds_imports_records_the_result_and_finds_duplicates_next_time(
    rss_feed: Feed,
) -> None:
    Feed.objects.create(url="https://inactive.example/feed.xml", active=False)
    assert polls() == [f"polled    The Calder Courier: {RSS_RESULT}", "Done: 1 feeds polled."]
    rss_feed.refresh_from_db()
    assert (rss_feed.title, rss_feed.state, rss_feed.last_result) == (
        "The Calder Courier",
        Feed.State.DONE,
        RSS_RESULT,
    )
    assert (rss_feed.imported, rss_feed.duplicates, rss_feed.refused) == (2, 0, 2)
    assert (rss_feed.entries_done, rss_feed.entries_total) == (4, 4)
    assert rss_feed.last_polled is not None
    assert Article.objects.count() == 2
    assert polls() == [
        "polled    The Calder Courier: 0 imported, 0 replaced, 0 unchanged, 2 duplicates, "
        "2 refused (4 entries)",
        "Done: 1 feeds polled.",
    ]
    rss_feed.refresh_from_db()
    assert (rss_feed.imported, rss_feed.duplicates, rss_feed.refused) == (0, 2, 2)
    assert Article.objects.count() == 2


def test_a_failed_feed_says_why_and_the_others_are_polled(
    rss_feed: Feed, web_server: WebServer
) -> None:
    gone = Feed.objects.create(url=f"{web_server.url}/fixtures/feeds/gone.xml", title="Gone")
    Feed.objects.create(url=f"{web_server.url}/fixtures/web/harbour-ferry.html", title="A page")
    lines = polls()
    assert lines == [
        f"polled    The Calder Courier: {RSS_RESULT}",
        "failed    Gone: the server answered 404 Not Found",
        "failed    A page: not a feed: no RSS or Atom found (line 17, column 2: mismatched tag)",
        "Done: 3 feeds polled.",
    ]
    gone.refresh_from_db()
    assert gone.state == Feed.State.FAILED
    assert (gone.imported, gone.duplicates, gone.refused) == (0, 0, 0)


def test_a_feed_another_poll_holds_is_left_alone_unless_that_poll_is_stale(
    rss_feed: Feed,
) -> None:
    Feed.objects.filter(pk=rss_feed.pk).update(state=Feed.State.POLLING, started=timezone.now())
    assert poll(rss_feed) is None
    assert polls() == [f"busy      {rss_feed.url}: another poll has it", "Done: 0 feeds polled."]
    assert not Article.objects.exists()
    stale = timezone.now() - datetime.timedelta(hours=4)
    Feed.objects.filter(pk=rss_feed.pk).update(started=stale)
    report = poll(rss_feed)
    assert report is not None and report.summary() == RSS_RESULT


def test_poll_feeds_polls_only_the_urls_given(rss_feed: Feed) -> None:
    other = Feed.objects.create(url="https://other.example/feed.xml")
    assert polls(rss_feed.url)[-1] == "Done: 1 feeds polled."
    other.refresh_from_db()
    assert other.state == Feed.State.IDLE


def test_it_polls_a_saved_feed_of_links_over_http(web_server: WebServer) -> None:
    feed = Feed.objects.create(url=f"{web_server.url}/fixtures/feeds/courier-atom.xml")
    report = poll(feed)
    assert report is not None
    assert report.summary() == (
        "4 imported, 0 replaced, 0 unchanged, 0 duplicates, 2 refused (6 entries)"
    )
    feed.refresh_from_db()
    assert feed.title == "Coast and Valley news"


# The admin


def staff(*codenames: str) -> User:
    user = make_user(f"staffer-{'-'.join(codenames) or 'none'}", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_the_admin_lists_each_feeds_last_poll(
    rss_feed: Feed, client_for: Callable[[User | None], Client], admin: User
) -> None:
    poll(rss_feed)
    html = client_for(admin).get(CHANGELIST).content.decode()
    assert RSS_RESULT in html
    assert '<td class="field-imported">2</td>' in html
    assert '<td class="field-refused">2</td>' in html
    Feed.objects.filter(pk=rss_feed.pk).update(
        state=Feed.State.POLLING, entries_done=1, entries_total=4
    )
    assert "polling 1/4 entries" in client_for(admin).get(CHANGELIST).content.decode()


def test_poll_now_polls_the_selected_feeds_in_the_background(
    rss_feed: Feed,
    client_for: Callable[[User | None], Client],
    admin: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(admin).post(
            CHANGELIST, {"action": "poll_now", "_selected_action": [rss_feed.pk]}, follow=True
        )
    # The poll, then the suggestions of the articles it imported.
    assert "poll_feed" in repr(callbacks[0])
    assert [str(m) for m in response.context["messages"]] == [
        "Polling 1 feed in the background: refresh this page for the results."
    ]
    rss_feed.refresh_from_db()
    assert (rss_feed.state, rss_feed.last_result) == (Feed.State.DONE, RSS_RESULT)
    assert Article.objects.count() == 2


def test_poll_now_leaves_a_feed_being_polled_alone(
    rss_feed: Feed,
    client_for: Callable[[User | None], Client],
    admin: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    Feed.objects.filter(pk=rss_feed.pk).update(state=Feed.State.POLLING, started=timezone.now())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(admin).post(
            CHANGELIST, {"action": "poll_now", "_selected_action": [rss_feed.pk]}, follow=True
        )
    assert callbacks == []
    assert [str(m) for m in response.context["messages"]] == [
        "Polling 0 feeds in the background: refresh this page for the results. "
        "1 already being polled left alone."
    ]


def test_the_feed_admin_is_for_staff_with_the_feed_permissions(
    rss_feed: Feed, client_for: Callable[[User | None], Client], editor: User
) -> None:
    anonymous = client_for(None).get(CHANGELIST)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/accounts/login/?next={CHANGELIST}"
    # An editor is not staff: the admin's login page, never the feeds.
    assert client_for(editor).get(CHANGELIST).status_code == 302
    viewer = client_for(staff("view_feed"))
    assert viewer.get(CHANGELIST).status_code == 200
    assert viewer.get(f"{CHANGELIST}add/").status_code == 403
    assert viewer.get(f"{CHANGELIST}999999/change/").status_code == 302
    # Poll now needs the change permission: a viewer's POST polls nothing.
    response = viewer.post(CHANGELIST, {"action": "poll_now", "_selected_action": [rss_feed.pk]})
    assert response.status_code == 200
    rss_feed.refresh_from_db()
    assert rss_feed.state == Feed.State.IDLE
    no_permission = client_for(staff())
    assert no_permission.get(CHANGELIST).status_code == 403
    assert no_permission.post(CHANGELIST, {"action": "poll_now"}).status_code == 403


def test_load_demo_saves_the_demo_feed_once_and_a_poll_imports_it(
    settings: Any, tmp_path: Path
) -> None:
    settings.DEMO_PASSWORD_DIR = tmp_path
    demo_feed = (settings.BASE_DIR / "demo" / "feeds" / "calder-courier.xml").resolve()
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    feed = Feed.objects.get()
    assert feed.url == demo_feed.as_uri()
    assert polls() == [
        "polled    The Calder Courier: 2 imported, 0 replaced, 0 unchanged, 0 duplicates, "
        "0 refused (2 entries)",
        "Done: 1 feeds polled.",
    ]
    library = Article.objects.get(title="Library extends opening hours for exam season")
    assert list(library.paragraphs.values_list("kind", flat=True)) == [
        "body",
        "body",
        "heading",
        "body",
    ]
