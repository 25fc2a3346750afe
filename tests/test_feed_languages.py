"""A feed's language is metadata given in passing: a locale ("en_US") is read as a BCP 47
tag, what is no tag ("English (UK)") is left out, and the entry is imported either way."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db

FEED = Path(__file__).parent / "fixtures" / "languages" / "channel-languages.rss"


def test_it_never_refuses_an_entry_over_its_language() -> None:
    out = StringIO()
    call_command("import_feed", str(FEED), stdout=out)
    assert "2 imported" in out.getvalue()
    languages = dict(Article.objects.values_list("title", "language"))
    assert languages == {
        "The weir gets a fish pass": "en-US",
        "Allotments open to new growers": "",
    }
