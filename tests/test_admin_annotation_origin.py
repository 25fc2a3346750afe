"""The annotation admin shows and filters by origin (manual, or an accepted suggestion),
read-only on the change page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from annotations import lifecycle_suggestions as decide
from annotations.models import Annotation
from articles.models import Article
from suggestions import store
from suggestions.models import Suggestion
from tests.conftest import ArticleFactory, annotate

CHANGELIST = "/admin/annotations/annotation/"


@pytest.fixture
def both(make_article: ArticleFactory, editor: User) -> tuple[Annotation, Annotation]:
    article: Article = make_article(
        ["The council met on Tuesday.", "“We are ready,” said Anna Holm, the harbour master."],
        title="Origins",
    )
    manual = annotate(article.paragraphs.get(position=1), "council met", editor)
    store.recompute(article.pk)
    quote = Suggestion.objects.get(article=article, tag="quote")
    suggested = decide.accept(editor, quote.pk).annotation
    return manual, suggested


@pytest.mark.parametrize(
    ("origin", "expected"),
    [("", {"manual", "suggested"}), ("manual", {"manual"}), ("suggested", {"suggested"})],
)
def test_the_changelist_shows_and_filters_by_origin(
    client_for: Callable[[User | None], Client],
    admin: User,
    both: tuple[Annotation, Annotation],
    origin: str,
    expected: set[str],
) -> None:
    response = client_for(admin).get(CHANGELIST, {"origin__exact": origin} if origin else {})
    assert response.status_code == 200
    assert {a.origin for a in response.context["cl"].result_list} == expected
    html = response.content.decode()
    for value, label in Annotation.Origin.choices:
        assert (f'<td class="field-origin">{label}</td>' in html) is (value in expected)
        assert f"?origin__exact={value}" in html  # the filter's choices


def test_the_change_page_shows_the_origin_read_only(
    client_for: Callable[[User | None], Client],
    admin: User,
    both: tuple[Annotation, Annotation],
) -> None:
    _, suggested = both
    client = client_for(admin)
    url = f"{CHANGELIST}{suggested.pk}/change/"
    html = client.get(url).content.decode()
    assert '<div class="readonly">Accepted suggestion</div>' in html
    assert 'name="origin"' not in html
    response = client.post(
        url,
        {
            "tag": "quote",
            "note": "",
            "speaker": "Anna Holm",
            "verdict": "",
            "seen_version": suggested.version,
            "origin": "manual",
        },
    )
    assert response.status_code == 302
    assert Annotation.objects.get(pk=suggested.pk).origin == "suggested"
