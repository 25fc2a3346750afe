"""Blind mode for suggestions: until the article is ready for review, accepting,
rejecting or annotating a suggestion decides it for that editor only; the other assigned
editors still see it, on every read path (the text's outlines, the panel's section, its
pages and counts, an entry, the CSV's pending rows). Also the read paths that hold no
suggestion but could tell one editor of another's work (agreement, search, list)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.urls import reverse

from annotations import lifecycle_suggestions as decide
from annotations.models import Annotation
from articles.models import Article
from desk import workflow
from desk.models import Status, Workflow
from suggestions import store
from suggestions.models import Decision, Suggestion
from tests.conftest import ArticleFactory, annotate
from tests.test_export_csv import parse
from tests.test_suggestion_decisions import PARAGRAPHS, QUOTE

HTMX = {"HTTP_HX_REQUEST": "true"}
OUTLINE = re.compile(r'<mark class="sg[^"]*" data-suggestion-id="(\d+)"')


@pytest.fixture
def blind(
    make_article: ArticleFactory, editor: User, other_editor: User, desk_chief: User
) -> Article:
    """An article with suggestions, in blind mode, assigned to two editors."""
    article = make_article(PARAGRAPHS)
    store.recompute(article.pk)
    workflow.assign(desk_chief, [article.pk], [editor, other_editor])
    Workflow.objects.filter(article=article).update(blind=True)
    caches["article_text"].clear()
    return article


def quote(article: Article) -> Suggestion:
    return Suggestion.objects.get(article=article, tag="quote", text=QUOTE)


def seen(client: Any, article: Article) -> dict[str, Any]:
    """What a viewer's pages show of the article's suggestions: the ids outlined in the
    text, listed in the panel's section, and its count."""
    page = client.get(article.get_absolute_url())
    panel = client.get(reverse("annotation_panel", args=[article.slug]), **HTMX)
    listing = client.get(reverse("suggestion_list", args=[article.slug]), **HTMX)
    progress = client.get(reverse("suggestion_progress", args=[article.slug]), **HTMX)
    ids = set(Suggestion.objects.filter(article=article).values_list("pk", flat=True))
    text = page.content.decode()
    return {
        "text": {int(i) for i in OUTLINE.findall(text)} & ids,
        "panel": {i for i in ids if f'id="suggestion-{i}"' in panel.content.decode()},
        "list": {i for i in ids if f'id="suggestion-{i}"' in listing.content.decode()},
        # The section after the Suggest button, with the outlined paragraphs out of band.
        "progress": {i for i in ids if f'id="suggestion-{i}"' in progress.content.decode()},
        "progress_text": {int(i) for i in OUTLINE.findall(progress.content.decode())} & ids,
        "count": panel.context["suggestion_counts"].total,
    }


@pytest.mark.parametrize("how", ["accept", "reject"])
def test_it_decides_a_suggestion_for_the_deciding_editor_only(
    client_for: Any, editor: User, other_editor: User, blind: Article, how: str
) -> None:
    s = quote(blind)
    everyone = set(Suggestion.objects.filter(article=blind).values_list("pk", flat=True))
    url = reverse(f"suggestion_{how}", args=[s.pk])
    assert client_for(editor).post(url, **HTMX).status_code in (200, 201)
    # Still stored, decided for the editor alone.
    assert Suggestion.objects.filter(pk=s.pk).exists()
    decision = Decision.objects.get(article=blind, text=QUOTE)
    assert (decision.user, decision.blind_for) == (editor, editor)
    mine = seen(client_for(editor), blind)
    theirs = seen(client_for(other_editor), blind)
    for path in ("text", "panel", "list", "progress", "progress_text"):
        assert mine[path] == everyone - {s.pk}, path
        assert theirs[path] == everyone, path
    assert (mine["count"], theirs["count"]) == (len(everyone) - 1, len(everyone))
    # The other editor decides the same suggestion on their own.
    again = reverse("suggestion_accept", args=[s.pk])
    assert client_for(other_editor).post(again, **HTMX).status_code == 201
    assert Decision.objects.filter(article=blind, text=QUOTE).count() == 2
    # The decider's own second try finds it gone, as a removed one is.
    assert client_for(editor).post(again, **HTMX).status_code == 404
    for name in ("suggestion_entry", "suggestion_edit"):
        assert client_for(editor).get(reverse(name, args=[s.pk]), **HTMX).status_code == 404
        assert client_for(other_editor).get(reverse(name, args=[s.pk]), **HTMX).status_code == 404


def test_the_keyboards_next_and_previous_walk_only_what_the_editor_sees(
    client_for: Any, editor: User, other_editor: User, blind: Article
) -> None:
    # Next/previous step through the outlines and entries on the page; a page (after=) and
    # an outline's own page (at=) name only suggestions the viewer sees.
    s = quote(blind)
    decide.reject(editor, s.pk)
    client = client_for(editor)
    listing = reverse("suggestion_list", args=[blind.slug])
    assert client.get(listing, {"at": s.pk}, **HTMX).status_code == 404
    assert client.get(listing, {"after": s.pk}, **HTMX).status_code == 404
    assert client_for(other_editor).get(listing, {"at": s.pk}, **HTMX).status_code == 200


def test_an_annotation_on_a_suggestions_span_hides_it_from_its_author_only(
    client_for: Any, editor: User, other_editor: User, reviewer: User, blind: Article
) -> None:
    s = quote(blind)
    annotate(blind.paragraphs.get(position=2), QUOTE, editor, tag="claim")
    assert Suggestion.objects.filter(pk=s.pk).exists()
    assert s.pk not in seen(client_for(editor), blind)["panel"]
    assert s.pk in seen(client_for(other_editor), blind)["panel"]
    # A recompute (an edit, the Suggest button) keeps it for the others too.
    store.recompute(blind.pk)
    assert s.pk in seen(client_for(other_editor), blind)["panel"]
    # A reviewer, who sees every editor's annotations, sees it annotated.
    assert s.pk not in seen(client_for(reviewer), blind)["panel"]


def test_accept_all_and_its_undo_are_the_editors_own(
    editor: User, other_editor: User, blind: Article
) -> None:
    quotes = set(
        Suggestion.objects.filter(article=blind, tag="quote")
        .exclude(speaker="")
        .values_list("pk", flat=True)
    )
    batch = decide.accept_all(editor, blind.pk)
    assert {s.pk for s in batch.suggestions} == quotes
    assert Suggestion.objects.filter(pk__in=quotes).count() == len(quotes)
    # Nothing left for the editor; everything still there for the other one.
    assert decide.accept_all(editor, blind.pk).suggestions == []
    theirs = decide.accept_all(other_editor, blind.pk)
    assert {s.pk for s in theirs.suggestions} == quotes
    decide.undo_accept_all(editor, blind.pk, batch.batch)
    assert not Decision.objects.filter(blind_for=editor).exists()
    assert {s.pk for s in decide.accept_all(editor, blind.pk).suggestions} == quotes


def test_once_ready_for_review_a_decided_suggestion_is_gone_for_everyone(
    client_for: Any, editor: User, other_editor: User, reviewer: User, blind: Article
) -> None:
    s = quote(blind)
    decide.reject(editor, s.pk)
    # The reviewer sees every editor's work: the suggestion is decided for them already.
    assert s.pk not in seen(client_for(reviewer), blind)["panel"]
    workflow.move(reviewer, blind.pk, Status.READY)
    for user in (editor, other_editor, reviewer):
        found = seen(client_for(user), blind)
        assert s.pk not in found["text"] | found["panel"] | found["list"]
    # A recompute now drops it as any decided suggestion.
    store.recompute(blind.pk)
    assert not Suggestion.objects.filter(pk=s.pk).exists()


def test_the_csvs_pending_rows_hold_what_each_editor_sees(
    client_for: Any, editor: User, other_editor: User, desk_chief: User, blind: Article
) -> None:
    decide.reject(editor, quote(blind).pk)
    url = reverse("article_annotations_csv", args=[blind.slug])

    def pending(user: User) -> list[str]:
        rows = parse(client_for(user).get(url, {"suggestions": "1"}))
        return sorted(r["text"] for r in rows if r["origin"] == "pending")

    everyone = sorted(Suggestion.objects.filter(article=blind).values_list("text", flat=True))
    assert QUOTE in everyone
    assert pending(other_editor) == everyone
    assert pending(editor) == [t for t in everyone if t != QUOTE]
    assert pending(desk_chief) == [t for t in everyone if t != QUOTE]
    whole = parse(client_for(other_editor).get("/annotations.csv", {"suggestions": "1"}))
    assert QUOTE in {r["text"] for r in whole if r["origin"] == "pending"}


def test_no_other_read_path_tells_an_editor_of_anothers_work(
    client_for: Any, editor: User, other_editor: User, blind: Article
) -> None:
    theirs = annotate(
        blind.paragraphs.get(position=1), "harbour bridge", other_editor, note="zebrafinch"
    )
    client = client_for(editor)
    # The agreement page and its JSON are for reviewers and the desk only.
    for name in ("agreement_page", "agreement_json"):
        assert client.get(reverse(name, args=[blind.slug])).status_code == 403
    # Search reads titles and text, never another editor's notes.
    found = client.get(reverse("article_list"), {"q": "zebrafinch"})
    assert blind.pk not in {a.pk for a in found.context["page"].object_list}
    # The list's count is the editor's own (none yet).
    page = client.get(reverse("article_list")).context["page"]
    assert next(a.annotation_count for a in page.object_list if a.pk == blind.pk) == 0
    # The annotation's entry and history: not found.
    for name in ("annotation_entry", "annotation_history"):
        assert client.get(reverse(name, args=[theirs.pk]), **HTMX).status_code == 404
    assert Annotation.objects.filter(pk=theirs.pk).exists()


def test_a_decision_outside_blind_mode_is_everyones_as_before(
    client_for: Any, editor: User, other_editor: User, blind: Article
) -> None:
    Workflow.objects.filter(article=blind).update(blind=False)
    s = quote(blind)
    assert decide.reject(editor, s.pk).pk == s.pk
    assert not Suggestion.objects.filter(pk=s.pk).exists()
    assert Decision.objects.get(article=blind, text=QUOTE).blind_for is None
    assert s.pk not in seen(client_for(other_editor), blind)["panel"]


def test_postgresql_holds_a_blind_decision_to_its_decider(
    editor: User, other_editor: User, blind: Article
) -> None:
    s = quote(blind)
    decide.reject(editor, s.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(blind_for=editor).update(blind_for=other_editor)
    # The same words decided twice by one editor are one row (the key names the editor).
    with pytest.raises(IntegrityError), transaction.atomic():
        row = Decision.objects.get(blind_for=editor)
        row.pk = None
        row.save()
    assert Decision.objects.filter(article=blind).count() == 1
