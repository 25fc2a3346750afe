# ruff: noqa: F401, F811  (the world's fixtures are imported, then asked for by name)
"""Adjudication's rules beyond the first decision: a settled passage a new overlapping
annotation pulled into a larger dispute can be decided again (the earlier decision is
replaced; its final counts as one version); a request names one whole dispute of this
article or gets a 400 naming ``settles`` with nothing written; the final annotation is
approved by its adjudicator, in history, and PostgreSQL keeps it approved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from agreement.models import Adjudication, Settled
from annotations import history, lifecycle
from annotations.models import Annotation
from articles.models import Article, Paragraph
from desk import workflow
from desk.models import Status, Workflow
from tests.agreement_world import (
    P1,
    adjudicate_htmx,
    adopt_bridge,
    desk,
    disputed,
    ids_of,
    one_of,
    reviewer,
)
from tests.conftest import ArticleFactory, annotate


@pytest.fixture
def as_desk(desk: User, client_for: Callable[[User | None], Client]) -> Client:
    return client_for(desk)


@pytest.fixture
def as_reviewer(reviewer: User, client_for: Callable[[User | None], Client]) -> Client:
    return client_for(reviewer)


def _state(article: Article) -> tuple[object, ...]:
    """Everything an adjudication may write, to show that a refusal wrote nothing."""
    return (
        list(Adjudication.objects.filter(article=article).values_list("pk", "final_id", "kind")),
        sorted(Settled.objects.values_list("annotation_id", "adjudication_id")),
        list(
            Annotation.objects.filter(article=article)
            .order_by("pk")
            .values_list("pk", "version", "review")
        ),
    )


def _page(client: Client, article: Article) -> str:
    response = client.get(reverse("agreement_page", args=[article.slug]))
    assert response.status_code == 200
    return str(response.content.decode())


def _settled(decision: Adjudication) -> list[int]:
    return sorted(decision.settled.values_list("annotation_id", flat=True))


def _reopen(article: Article, editor: User) -> Annotation:
    """The editor's new claim "Tuesday to fund the new": it overlaps the bridge passage."""
    return annotate(
        Paragraph.objects.get(article=article, position=1), "Tuesday to fund the new", editor
    )


@pytest.fixture
def adopted(
    disputed: Article,
    other_editor: User,
    reviewer: User,
    as_reviewer: Client,
) -> tuple[list[int], Annotation]:
    """The bridge passage settled by the reviewer: the other editor's quote adopted.
    Its annotations' ids, and the adopted one."""
    return adopt_bridge(as_reviewer, disputed, other_editor)


@pytest.mark.parametrize("winner", ["new", "earlier final"])
def test_a_settled_passage_pulled_into_a_larger_dispute_is_decided_again(
    winner: str,
    disputed: Article,
    adopted: tuple[list[int], Annotation],
    editor: User,
    desk: User,
    reviewer: User,
    as_desk: Client,
) -> None:
    bridge, chosen = adopted
    assert "Settled already: 1." in _page(as_desk, disputed)

    new = _reopen(disputed, editor)
    whole = sorted([*bridge, new.pk])
    html = _page(as_desk, disputed)
    assert "Settled already" not in html  # open again, with the new annotation in it
    assert html.count('class="dispute"') == 3
    assert f'id="dispute-{whole[0]}"' in html
    assert "Settled before; a new annotation reopened it." in html
    assert html.count("final so far") == 1
    # The page's old form (the passage as it was) is refused, naming the field.
    before = _state(disputed)
    stale = adjudicate_htmx(as_desk, disputed, settles=bridge, adopt=chosen.pk)
    assert stale.status_code == 400
    assert "settles: name one whole dispute" in stale.content.decode()
    assert _state(disputed) == before

    # The earlier final counts as one version: adopting it again is a decision too.
    adopt = new.pk if winner == "new" else chosen.pk
    response = adjudicate_htmx(as_desk, disputed, settles=whole, adopt=adopt)
    assert response.status_code == 200, response.content
    decision = Adjudication.objects.get()  # the earlier decision is replaced
    assert (decision.final_id, decision.kind, decision.decided_by) == (adopt, "adopted", desk)
    assert _settled(decision) == whole
    assert "Settled already: 1." in _page(as_desk, disputed)
    # The earlier final keeps its words and its approval (now by the desk if adopted
    # again); when another version won, it is simply not final any more.
    chosen.refresh_from_db()
    assert (chosen.text, chosen.review) == ("new harbour bridge", "approved")
    assert chosen.reviewer_id == (reviewer.pk if winner == "new" else desk.pk)


def test_a_merged_final_is_offered_again_and_deleted_when_superseded(
    disputed: Article,
    editor: User,
    desk: User,
    as_desk: Client,
    as_reviewer: Client,
) -> None:
    bridge = ids_of(disputed, "harbour bridge")
    start = P1.index("the new harbour bridge")
    merged = {"start": start, "end": start + len("the new harbour bridge"), "tag": "claim"}
    assert adjudicate_htmx(as_reviewer, disputed, settles=bridge, **merged).status_code == 200
    final = Adjudication.objects.get().final
    assert final is not None
    figures = as_desk.get(reverse("agreement_json", args=[disputed.slug])).json()
    new = _reopen(disputed, editor)
    whole = sorted([*bridge, new.pk])
    html = _page(as_desk, disputed)
    assert "Merged by <bdi>rita</bdi> (an earlier decision)" in html
    assert f'name="adopt" value="{final.pk}"' in html
    assert html.count("Adopt this version") == 5 + 1 + 1  # the new claim, the merged final

    # Adopted again: it stays the (merged) final, now the desk's decision.
    response = adjudicate_htmx(as_desk, disputed, settles=whole, adopt=final.pk)
    assert response.status_code == 200
    decision = Adjudication.objects.get()
    assert (decision.final_id, decision.kind, decision.decided_by) == (final.pk, "merged", desk)
    assert _settled(decision) == whole
    # Still a decision, not an editor's work: the figures count only the new claim more.
    after = as_desk.get(reverse("agreement_json", args=[disputed.slug])).json()
    assert after["editors"] == figures["editors"] == ["editor", "other"]
    assert after["pairs"][0]["exact"]["recall"] == pytest.approx(1 / 4)

    # Pulled in once more, and this time another version wins: the merged final goes.
    later = annotate(Paragraph.objects.get(article=disputed, position=1), "to fund", editor)
    assert adjudicate_htmx(as_desk, disputed, settles=whole, adopt=new.pk).status_code == 400
    everything = sorted([*whole, later.pk])
    html = _page(as_desk, disputed)
    assert f'id="dispute-{everything[0]}"' in html
    response = adjudicate_htmx(as_desk, disputed, settles=everything, adopt=new.pk)
    assert response.status_code == 200
    assert not Annotation.objects.filter(pk=final.pk).exists()
    assert history.timeline(final.pk)[-1].label == (
        "deleted: a merged final superseded by a new adjudication"
    )
    assert Adjudication.objects.get().final_id == new.pk


def test_one_decision_replaces_two_passages_a_new_annotation_joined(
    disputed: Article,
    editor: User,
    other_editor: User,
    as_reviewer: Client,
) -> None:
    client = as_reviewer
    vote = ids_of(disputed, "voted 7–2")
    bridge = ids_of(disputed, "harbour bridge")
    adjudicate_htmx(client, disputed, settles=vote, adopt=vote[0])
    adjudicate_htmx(client, disputed, settles=bridge, adopt=bridge[1])
    assert Adjudication.objects.count() == 2
    p1 = Paragraph.objects.get(article=disputed, position=1)
    joint = annotate(p1, "7–2 on Tuesday to fund the new", other_editor, tag="context")
    whole = sorted([*vote, *bridge, joint.pk])
    response = adjudicate_htmx(client, disputed, settles=whole, adopt=joint.pk)
    assert response.status_code == 200
    decision = Adjudication.objects.get()
    assert (decision.final_id, _settled(decision)) == (joint.pk, whole)


@pytest.mark.parametrize("part", ["first", "last", "one"])
def test_it_refuses_part_of_a_dispute(
    part: str,
    disputed: Article,
    as_reviewer: Client,
) -> None:
    ids = ids_of(disputed, "harbour bridge")
    named = {"first": ids[:1], "last": ids[1:], "one": [ids[0], ids[0]]}[part]
    before = _state(disputed)
    response = adjudicate_htmx(as_reviewer, disputed, settles=named, adopt=named[0])
    assert response.status_code == 400
    text = response.content.decode()
    assert "settles: name one whole dispute" in text and ", ".join(map(str, ids)) in text
    assert _state(disputed) == before


def test_it_answers_400_for_annotations_of_another_article_or_none(
    disputed: Article,
    make_article: ArticleFactory,
    editor: User,
    as_reviewer: Client,
) -> None:
    ids = ids_of(disputed, "harbour bridge")
    other = make_article([P1])
    elsewhere = annotate(Paragraph.objects.get(article=other), "harbour bridge", editor)
    gone = Annotation.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    before = _state(disputed)
    for foreign in (elsewhere.pk, gone):
        for data in ({"adopt": ids[0]}, {"start": 0, "end": 3, "tag": "claim"}):
            response = adjudicate_htmx(as_reviewer, disputed, settles=[*ids, foreign], **data)
            assert response.status_code == 400, response.content
            message = f"settles: annotation {foreign} is not one of this article"
            assert message in response.content.decode()
    assert _state(disputed) == before
    assert not Adjudication.objects.exists()


def test_an_adopted_rejected_version_becomes_approved_by_the_adjudicator(
    disputed: Article,
    other_editor: User,
    reviewer: User,
    desk: User,
    as_desk: Client,
) -> None:
    ids = ids_of(disputed, "harbour bridge")
    chosen = one_of(disputed, "new harbour bridge", other_editor)
    rejected = lifecycle.review(
        reviewer, chosen.pk, version=chosen.version, decision="rejected", comment="Too long."
    )
    assert adjudicate_htmx(as_desk, disputed, settles=ids, adopt=chosen.pk).status_code == 200
    chosen.refresh_from_db()
    assert (chosen.review, chosen.review_comment, chosen.reviewer) == ("approved", "", desk)
    assert chosen.version == rejected.version + 1
    entry = history.timeline(chosen.pk)[-1]
    assert (entry.label, entry.who) == ("adopted as final in adjudication (approved)", "dora")
    assert [c[0] for c in entry.changes if c[0] in ("review", "review_comment")] == [
        "review",
        "review_comment",
    ]
    # A reviewer cannot reject the final one now: the decision stands.
    with pytest.raises(lifecycle.RuleBroken, match="adjudicated final") as refused:
        lifecycle.review(
            reviewer, chosen.pk, version=chosen.version, decision="rejected", comment="No."
        )
    assert refused.value.field == "review"
    assert Annotation.objects.get(pk=chosen.pk).review == "approved"


def test_a_merged_final_is_approved_by_its_author_the_adjudicator(
    disputed: Article, desk: User, as_desk: Client
) -> None:
    ids = ids_of(disputed, "harbour bridge")
    start = P1.index("harbour")
    response = adjudicate_htmx(
        as_desk, disputed, settles=ids, start=start, end=start + 7, tag="context"
    )
    assert response.status_code == 200
    final = Adjudication.objects.get().final
    assert final is not None
    assert (final.review, final.reviewer, final.author) == ("approved", desk, desk)


def _at_commit() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_postgresql_keeps_a_final_annotation_approved(
    disputed: Article, as_reviewer: Client
) -> None:
    ids = ids_of(disputed, "harbour bridge")
    adjudicate_htmx(as_reviewer, disputed, settles=ids, adopt=ids[0])
    _at_commit()  # the decision's own checks, as its transaction committed
    for values in ({"review": ""}, {"review": "rejected", "review_comment": "No."}):
        with pytest.raises(DatabaseError, match="adjudicated final"), transaction.atomic():
            Annotation.objects.filter(pk=ids[0]).update(**values)
            _at_commit()
    # Rejected, then approved again before commit: what stands at commit is approved.
    with transaction.atomic():
        Annotation.objects.filter(pk=ids[0]).update(review="rejected", review_comment="No.")
        Annotation.objects.filter(pk=ids[0]).update(review="approved", review_comment="")
        _at_commit()
    # And from the decision's side: a final that is not approved.
    with pytest.raises(DatabaseError, match="is not approved"), transaction.atomic():
        Adjudication.objects.filter(final_id=ids[0]).update(final_id=ids[1])
        _at_commit()


def test_an_earlier_decisions_annotations_outside_the_new_dispute_are_open_again(
    disputed: Article,
    adopted: tuple[list[int], Annotation],
    editor: User,
    as_desk: Client,
) -> None:
    (mine, _), chosen = adopted
    # The editor's "harbour bridge" moves to "Tuesday" (raw SQL, as a re-anchoring could):
    # the earlier decision now settles two passages, each settled still.
    p1 = Paragraph.objects.get(article=disputed, position=1)
    start = P1.index("Tuesday")
    Annotation.objects.filter(pk=mine).update(start=start, end=start + 7, text="Tuesday")
    assert "Settled already: 2." in _page(as_desk, disputed)
    # A new claim pulls the quote's passage into a dispute; deciding it replaces the
    # earlier decision, so the moved annotation's passage is open again.
    new = annotate(p1, "the new", editor)
    response = adjudicate_htmx(
        as_desk, disputed, settles=sorted([chosen.pk, new.pk]), adopt=chosen.pk
    )
    assert response.status_code == 200, response.content
    html = _page(as_desk, disputed)
    assert f'id="dispute-{mine}"' in html and "Settled already: 1." in html
    assert _settled(Adjudication.objects.get()) == sorted([chosen.pk, new.pk])


@pytest.mark.parametrize("status", [Status.NEW, Status.IN_PROGRESS])
def test_it_refuses_adjudication_before_the_article_is_ready_for_review(
    disputed: Article, editor: User, as_reviewer: Client, status: Status
) -> None:
    Workflow.objects.filter(article=disputed).update(status=status, blind=True)
    before = _state(disputed)
    bridge = ids_of(disputed, "harbour bridge")
    response = adjudicate_htmx(
        as_reviewer, disputed, settles=bridge, adopt=one_of(disputed, "harbour bridge", editor).pk
    )
    assert response.status_code == 409
    assert "not ready for review" in response.content.decode()
    assert _state(disputed) == before
    # The page shows the disputes but offers no decision, and says why.
    page = _page(as_reviewer, disputed)
    assert "Adopt this version" not in page and "Write a merged version" not in page
    assert "Adjudication opens when the article is ready for review" in page


def test_it_adjudicates_on_a_done_article(
    disputed: Article, other_editor: User, as_reviewer: Client
) -> None:
    Workflow.objects.filter(article=disputed).update(status=Status.DONE)
    page = _page(as_reviewer, disputed)
    assert "Adopt this version" in page and "Adjudication opens" not in page
    _, chosen = adopt_bridge(as_reviewer, disputed, other_editor)
    assert chosen.review == "approved"


def test_it_settles_a_passage_as_nobody_should_mark_it(
    disputed: Article, editor: User, as_reviewer: Client
) -> None:
    """ "It will pay for itself" is marked by one editor only: the reviewer decides that
    nobody should mark it. No final annotation, the passage settled, the editors' work
    unchanged, and PostgreSQL's triggers (finals approved) have nothing to refuse."""
    only = ids_of(disputed, "It will pay for itself")
    page = _page(as_reviewer, disputed)
    assert "Nobody should mark this" in page
    before = _state(disputed)[2]
    both = adjudicate_htmx(as_reviewer, disputed, settles=only, nobody="on", adopt=only[0])
    assert both.status_code == 400 and "adopt:" in both.content.decode()
    response = adjudicate_htmx(as_reviewer, disputed, settles=only, nobody="on")
    assert response.status_code == 200
    assert "nobody should mark this passage" in response.content.decode()
    _at_commit()
    decision = Adjudication.objects.get()
    assert (decision.kind, decision.final) == ("none", None)
    assert _settled(decision) == only
    assert _state(disputed)[2] == before  # the editors' annotations as they were
    assert f'id="dispute-{only[0]}"' not in _page(as_reviewer, disputed)
    # PostgreSQL ties "none" to no final, and a final to any other kind.
    with pytest.raises(DatabaseError), transaction.atomic():
        Adjudication.objects.filter(pk=decision.pk).update(kind="adopted")
    with pytest.raises(DatabaseError), transaction.atomic():
        Adjudication.objects.filter(pk=decision.pk).update(final_id=only[0])


def test_the_panel_shows_the_final_annotation_to_editors(
    disputed: Article,
    editor: User,
    other_editor: User,
    as_reviewer: Client,
    client_for: Callable[[User | None], Client],
) -> None:
    _, chosen = adopt_bridge(as_reviewer, disputed, other_editor)
    panel = client_for(editor).get(reverse("annotation_panel", args=[disputed.slug]))
    html = panel.content.decode()
    entry = html[html.index(f'id="entry-{chosen.pk}"') :]
    assert "entry__final" in entry[: entry.index("</li>")]
    assert html.count("entry__final") == 1  # the other versions are not final
    single = client_for(editor).get(reverse("annotation_entry", args=[chosen.pk]))
    assert "entry__final" in single.content.decode()
