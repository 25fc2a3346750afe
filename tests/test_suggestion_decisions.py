"""Accepting and rejecting suggestions through the owner (annotations.lifecycle_suggestions):
origin, author and history of the annotation; decisions that outlive a recompute; accept
all with its Undo; the rules PostgreSQL holds."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from annotations import lifecycle
from annotations import lifecycle_suggestions as decide
from annotations.history import AnnotationEvent, timeline
from annotations.models import Annotation
from articles.models import Article
from suggestions import store
from suggestions.models import Decision, Suggestion
from tests.conftest import ArticleFactory, assert_exact

PARAGRAPHS = [
    "The council voted 7–2 on Tuesday to fund the new harbour bridge.",
    "“It will pay for itself within a decade,” said the mayor, Rosa Lind.",
    "According to Tom Berg, the city engineer, the harbour needs dredging.",
    "“We are ready,” said Anna Holm, the harbour master. “The work starts in May.”",
]


@pytest.fixture
def suggested(make_article: ArticleFactory) -> Article:
    article = make_article(PARAGRAPHS)
    store.recompute(article.pk)
    return article


def one(article: Article, tag: str, text: str) -> Suggestion:
    return Suggestion.objects.get(article=article, tag=tag, text=text)


QUOTE = "It will pay for itself within a decade,"


def test_it_accepts_a_suggestion_as_an_annotation_of_the_editor(
    suggested: Article, editor: User
) -> None:
    s = one(suggested, "quote", QUOTE)
    accepted = decide.accept(editor, s.pk)
    a = Annotation.objects.get(pk=accepted.annotation.pk)
    assert (a.tag, a.text, a.speaker, a.author, a.origin) == (
        "quote",
        QUOTE,
        "Rosa Lind",
        editor,
        "suggested",
    )
    assert (a.paragraph_id, a.start, a.end) == (s.paragraph_id, s.start, s.end)
    assert not Suggestion.objects.filter(pk=s.pk).exists()
    decision = Decision.objects.get(article=suggested, text=QUOTE)
    assert (decision.kind, decision.annotation_id, decision.user) == ("accepted", a.pk, editor)
    event = AnnotationEvent.objects.get(pgh_obj_id=a.pk)
    assert event.origin == "suggested"
    assert event.pgh_context.metadata["reason"] == "accept-suggestion"
    assert event.pgh_context.metadata["user"] == editor.pk
    assert [e.label for e in timeline(a.pk)] == ["created from a suggestion"]
    assert_exact()


def test_it_records_manual_annotations_as_manual(suggested: Article, editor: User) -> None:
    para = suggested.paragraphs.get(position=1)
    outcome = lifecycle.create(
        editor, lifecycle.Selection(para.pk, 0, 3, "The"), lifecycle.Fields("claim")
    )
    assert Annotation.objects.get(pk=outcome.annotation.pk).origin == "manual"


def test_it_moves_a_context_suggestions_source_into_the_note(
    suggested: Article, editor: User
) -> None:
    s = Suggestion.objects.get(article=suggested, tag="context")
    a = decide.accept(editor, s.pk).annotation
    assert (a.tag, a.speaker, a.note) == ("context", "", "Source: Tom Berg")
    # Accepted as a quote instead, the source stays the speaker.
    assert decide.fields_of(s, tag="quote") == lifecycle.Fields("quote", speaker="Tom Berg")


def test_it_accepts_after_an_edit_of_the_words_tag_and_speaker(
    suggested: Article, editor: User
) -> None:
    s = one(suggested, "quote", QUOTE)
    a = decide.accept(
        editor, s.pk, tag="claim", speaker="Rosa Maria Lind", words="pay for itself"
    ).annotation
    assert (a.tag, a.text, a.speaker, a.verdict, a.origin) == (
        "claim",
        "pay for itself",
        "Rosa Maria Lind",
        "unverified",
        "suggested",
    )
    assert a.start == s.paragraph.text.index("pay for itself")
    assert_exact()


def test_it_refuses_words_that_are_not_in_the_paragraph(suggested: Article, editor: User) -> None:
    s = one(suggested, "quote", QUOTE)
    with pytest.raises(lifecycle.RuleBroken) as refused:
        decide.accept(editor, s.pk, words="It will never pay")
    assert refused.value.field == "text"
    with pytest.raises(lifecycle.RuleBroken) as refused:
        decide.accept(editor, s.pk, tag="context", speaker="", words="  ")
    assert refused.value.field == "text"
    with pytest.raises(lifecycle.RuleBroken) as refused:
        decide.accept(editor, s.pk, tag="opinion")
    assert refused.value.field == "tag"
    assert Suggestion.objects.filter(pk=s.pk).exists()
    assert not Annotation.objects.exists() and not Decision.objects.exists()


def test_it_accepts_the_span_selected_in_the_text_even_where_the_words_recur(
    make_article: ArticleFactory, editor: User
) -> None:
    # The same words twice: offsets say which copy, where the words alone could not.
    article = make_article(["“Build it, build it now,” said Ana Ruiz. Build it, said Ana Ruiz."])
    store.recompute(article.pk)
    s = Suggestion.objects.get(article=article, tag="quote")
    text = s.paragraph.text
    start = text.rindex("Build it")
    a = decide.accept(editor, s.pk, span=(start, start + 8), words="Build it").annotation
    assert (a.start, a.end, a.text, a.speaker) == (start, start + 8, "Build it", "Ana Ruiz")
    assert_exact()


@pytest.mark.parametrize(
    ("span", "words", "field"),
    [
        ((5, 5), None, "start"),
        ((-1, 4), None, "start"),
        ((3, 10_000), None, "start"),
        ((3, 4), None, "text"),  # the space after "“It": no words
        ((1, 5), "Some other words", "text"),
    ],
)
def test_it_refuses_a_selected_span_outside_or_unlike_its_words(
    suggested: Article, editor: User, span: tuple[int, int], words: str | None, field: str
) -> None:
    s = one(suggested, "quote", QUOTE)
    assert s.paragraph.text[3] == " "
    with pytest.raises(lifecycle.RuleBroken) as refused:
        decide.accept(editor, s.pk, span=span, words=words)
    assert refused.value.field == field
    assert Suggestion.objects.filter(pk=s.pk).exists()
    assert not Annotation.objects.exists() and not Decision.objects.exists()


def test_it_rejects_for_good_even_after_a_recompute(suggested: Article, editor: User) -> None:
    s = one(suggested, "quote", QUOTE)
    decide.reject(editor, s.pk)
    assert not Suggestion.objects.filter(text=QUOTE).exists()
    assert Decision.objects.get(text=QUOTE).kind == "rejected"
    store.recompute(suggested.pk)
    assert not Suggestion.objects.filter(text=QUOTE).exists()
    # The other suggestions came back as they were; an accepted one does not either.
    accepted = one(suggested, "quote", "We are ready,")
    decide.accept(editor, accepted.pk)
    store.recompute(suggested.pk)
    texts = set(Suggestion.objects.filter(article=suggested).values_list("text", flat=True))
    assert "We are ready," not in texts and "The work starts in May." in texts


def test_it_lets_only_editors_decide(suggested: Article, reader: User) -> None:
    from django.contrib.auth.models import AnonymousUser

    s = one(suggested, "quote", QUOTE)
    for user in (reader, AnonymousUser()):
        with pytest.raises(lifecycle.NotAllowed):
            decide.accept(user, s.pk)
        with pytest.raises(lifecycle.NotAllowed):
            decide.reject(user, s.pk)
        with pytest.raises(lifecycle.NotAllowed):
            decide.accept_all(user, suggested.pk)
    assert Suggestion.objects.filter(pk=s.pk).exists()


def test_it_says_a_decided_suggestion_is_gone(suggested: Article, editor: User) -> None:
    s = one(suggested, "quote", QUOTE)
    decide.reject(editor, s.pk)
    with pytest.raises(lifecycle.NotFound):
        decide.accept(editor, s.pk)
    with pytest.raises(lifecycle.NotFound):
        decide.reject(editor, s.pk)


def test_it_accepts_all_quotes_with_speakers_and_undoes_it(
    suggested: Article, editor: User
) -> None:
    before = set(Suggestion.objects.values_list("tag", "text", "speaker", "start"))
    batch = decide.accept_all(editor, suggested.pk)
    made = Annotation.objects.filter(origin="suggested").order_by("start")
    assert sorted(a.text for a in made) == sorted(
        [QUOTE, "We are ready,", "The work starts in May."]
    )
    assert {a.author_id for a in made} == {editor.pk}
    assert not Suggestion.objects.filter(tag="quote").exists()
    assert Suggestion.objects.filter(tag="context").exists()  # only quotes with speakers
    assert_exact()
    # Someone edits one of them meanwhile: it stays, as accepted.
    kept = made.get(text="We are ready,")
    lifecycle.edit(editor, kept.pk, version=kept.version, fields=lifecycle.Fields("quote"))
    undone = decide.undo_accept_all(editor, suggested.pk, batch.batch)
    assert len(undone.annotations) == 2
    assert list(Annotation.objects.values_list("text", flat=True)) == ["We are ready,"]
    after = set(Suggestion.objects.values_list("tag", "text", "speaker", "start"))
    assert after == {row for row in before if row[1] != "We are ready,"}
    assert list(Decision.objects.values_list("text", flat=True)) == ["We are ready,"]
    labels = [timeline(a.pk)[-1].label for a in undone.annotations]
    assert labels == ["deleted (accepting suggestions undone)"] * 2
    with pytest.raises(lifecycle.NotFound):
        decide.undo_accept_all(editor, suggested.pk, batch.batch)
    assert_exact()


def test_it_undoes_only_the_editors_own_batch(
    suggested: Article, editor: User, other_editor: User
) -> None:
    batch = decide.accept_all(editor, suggested.pk)
    with pytest.raises(lifecycle.NotFound):
        decide.undo_accept_all(other_editor, suggested.pk, batch.batch)
    assert Annotation.objects.count() == 3


def test_it_accepts_all_in_a_fixed_number_of_statements(
    make_article: ArticleFactory, editor: User
) -> None:
    counts = []
    assert editor.has_perm("annotations.add_annotation")
    for size in (2, 20):
        quote = "“We are ready,” said Anna Holm, the harbour master."
        article = make_article([f"{quote} Item {n}." for n in range(size)])
        store.recompute(article.pk)
        with CaptureQueriesContext(connection) as queries:
            batch = decide.accept_all(editor, article.pk)
        assert len(batch.annotations) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_postgresql_refuses_a_bad_origin_and_a_bad_decision(
    suggested: Article, editor: User
) -> None:
    s = one(suggested, "quote", QUOTE)
    a = decide.accept(editor, s.pk).annotation
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE annotations_annotation SET origin = 'robot' WHERE id = %s", [a.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(text=QUOTE).update(annotation_id=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(text=QUOTE).update(kind="maybe")


def test_it_says_when_nothing_is_left_to_undo_or_decide(
    suggested: Article, editor: User, make_article: ArticleFactory
) -> None:
    batch = decide.accept_all(editor, suggested.pk)
    for a in batch.annotations:
        fresh = Annotation.objects.get(pk=a.pk)
        lifecycle.edit(editor, a.pk, version=fresh.version, fields=lifecycle.Fields("claim"))
    with pytest.raises(lifecycle.NotFound, match="Nothing left to undo"):
        decide.undo_accept_all(editor, suggested.pk, batch.batch)
    with pytest.raises(lifecycle.NotFound):
        decide.accept(editor, 987654321)
    quiet = make_article(["Nothing anyone said."])
    assert decide.accept_all(editor, quiet.pk).annotations == []
    para = suggested.paragraphs.get(position=1)
    with pytest.raises(lifecycle.RuleBroken) as refused:
        lifecycle.create(
            editor,
            lifecycle.Selection(para.pk, 0, 3, "The"),
            lifecycle.Fields("claim"),
            origin="robot",
        )
    assert refused.value.field == "origin"
