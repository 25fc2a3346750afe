"""A feed longer than a run's limit (sources.feeds.MAX_ENTRIES): the entries already
imported do not count, so the next run imports the rest instead of promising it forever."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from sources import feeds

pytestmark = pytest.mark.django_db

ITEM = """<item><title>Notice {n} from the parish council</title>
<link>https://tern-valley.example/2026/06/notices/{n}</link>
<pubDate>Mon, 15 Jun 2026 09:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>The parish council posts notice number {n} on the board.</p>]]></content:encoded>
</item>"""


def summary(path: Path) -> str:
    out = StringIO()
    call_command("import_feed", str(path), stdout=out)
    return next(line for line in out.getvalue().splitlines() if line.startswith("Done:"))


def test_later_runs_reach_the_entries_beyond_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds, "MAX_ENTRIES", 5)
    items = "\n".join(ITEM.format(n=n) for n in range(1, 9))
    path = tmp_path / "notices.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Tern Valley News</title><link>https://tern-valley.example/</link>{items}"
        "</channel></rss>"
    )
    assert summary(path) == (
        "Done: 5 imported, 0 replaced, 0 unchanged, 0 duplicates, 0 refused "
        "(5 entries; 3 more left for the next run)."
    )
    assert summary(path) == (
        "Done: 3 imported, 0 replaced, 0 unchanged, 5 duplicates, 0 refused (8 entries)."
    )
    assert Article.objects.count() == 8
    assert summary(path) == (
        "Done: 0 imported, 0 replaced, 0 unchanged, 8 duplicates, 0 refused (8 entries)."
    )
