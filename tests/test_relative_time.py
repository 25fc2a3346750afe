"""Times in the panel and the history read as people say them."""

from __future__ import annotations

import datetime

from annotations.templatetags.relative_time import ago

NOW = datetime.datetime(2026, 3, 14, 12, 0, tzinfo=datetime.UTC)


def test_it_says_just_now_within_a_minute_and_for_a_clock_a_little_ahead() -> None:
    assert ago(NOW, NOW) == "just now"
    assert ago(NOW - datetime.timedelta(seconds=59), NOW) == "just now"
    assert ago(NOW + datetime.timedelta(seconds=5), NOW) == "just now"


def test_it_says_how_long_ago_after_a_minute() -> None:
    # Django's timesince keeps a number and its unit together with a no-break space.
    assert ago(NOW - datetime.timedelta(minutes=1), NOW) == "1\u00a0minute ago"
    assert (
        ago(NOW - datetime.timedelta(hours=3, minutes=2), NOW) == "3\u00a0hours, 2\u00a0minutes ago"
    )


def test_it_says_nothing_for_no_time() -> None:
    assert ago(None) == ""
