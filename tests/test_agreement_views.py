# ruff: noqa: F401, F811  (the world's fixtures are imported, then asked for by name)
"""The agreement page, its JSON and adjudication: the permission matrix (anonymous,
reader, editor, other editor, reviewer, desk, superuser), 403/404/405, CSRF, the JSON's
figures against values computed by hand, fixed query counts, and adjudication through
the owner (history, constraints, the CSV's final column)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreement.models import Adjudication, Settled
from agreement.templatetags.agreement_figures import figure
from agreement.unitizing import Unit, alpha_u
from annotations import history, lifecycle
from annotations.export import ExportFilter, stream_csv
from annotations.models import Annotation
from articles.models import Article, Paragraph
from tests.agreement_world import (
    P1,
    P2,
    adjudicate_htmx,
    adopt_bridge,
    desk,
    disputed,
    hand_in,
    ids_of,
    one_of,
    reviewer,
)
from tests.conftest import ArticleFactory, annotate

USERS = ("anonymous", "reader", "editor", "other", "reviewer", "desk", "superuser")
MATRIX = {
    "page": (302, 403, 403, 403, 200, 200, 200),
    "json": (302, 403, 403, 403, 200, 200, 200),
    "adjudicate": (401, 403, 403, 403, 200, 200, 200),
}


@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_it_answers_each_endpoint_by_who_asks(
    endpoint: str,
    make_article: ArticleFactory,
    reader: User,
    editor: User,
    other_editor: User,
    reviewer: User,
    desk: User,
    admin: User,
    client_for: Callable[[User | None], Client],
) -> None:
    users = {
        "anonymous": None,
        "reader": reader,
        "editor": editor,
        "other": other_editor,
        "reviewer": reviewer,
        "desk": desk,
        "superuser": admin,
    }
    for who, expected in zip(USERS, MATRIX[endpoint], strict=True):
        article = make_article([P1, P2])
        p1 = Paragraph.objects.get(article=article, position=1)
        a = annotate(p1, "harbour bridge", editor)
        b = annotate(p1, "new harbour bridge", other_editor, tag="quote")
        hand_in(article)
        client = client_for(users[who])
        if endpoint == "adjudicate":
            response = client.post(
                reverse("agreement_adjudicate", args=[article.slug]),
                {"settles": [a.pk, b.pk], "adopt": b.pk},
                headers={"HX-Request": "true"},
            )
        else:
            name = "agreement_page" if endpoint == "page" else "agreement_json"
            response = client.get(reverse(name, args=[article.slug]))
        assert response.status_code == expected, (who, endpoint, response.content[:300])
        if expected == 302:
            assert response["Location"].startswith("/accounts/login/")
        decided = Adjudication.objects.filter(article=article).exists()
        assert decided is (endpoint == "adjudicate" and expected == 200), who


@pytest.mark.parametrize("name", ["agreement_page", "agreement_json", "agreement_adjudicate"])
def test_it_answers_404_for_an_unknown_article_but_403_first(
    name: str, reviewer: User, editor: User, client_for: Callable[[User | None], Client]
) -> None:
    url = reverse(name, args=["no-such-article"])
    method = "post" if name == "agreement_adjudicate" else "get"
    assert getattr(client_for(reviewer), method)(url).status_code == 404
    assert getattr(client_for(editor), method)(url).status_code == 403


def test_it_answers_405_for_other_methods(
    disputed: Article, reviewer: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(reviewer)
    for name in ("agreement_page", "agreement_json"):
        response = client.post(reverse(name, args=[disputed.slug]))
        assert response.status_code == 405 and response["Allow"] == "GET"
    response = client.get(reverse("agreement_adjudicate", args=[disputed.slug]))
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_it_refuses_an_adjudication_without_the_csrf_token(
    disputed: Article, reviewer: User
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    ids = ids_of(disputed, "harbour bridge")
    response = client.post(
        reverse("agreement_adjudicate", args=[disputed.slug]), {"settles": ids, "adopt": ids[0]}
    )
    assert response.status_code == 403
    assert not Adjudication.objects.exists()


def test_it_gives_the_figures_as_json_computed_by_hand(
    disputed: Article, reviewer: User, client_for: Callable[[User | None], Client]
) -> None:
    response = client_for(reviewer).get(reverse("agreement_json", args=[disputed.slug]))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["editors"] == ["editor", "other"]
    (pair,) = data["pairs"]
    assert (pair["a"], pair["b"], pair["matched"]) == ("editor", "other", 3)
    # Exact: only "Rosa Lind" (1 of other's 4, 1 of editor's 3).
    assert pair["exact"] == pytest.approx({"precision": 1 / 4, "recall": 1 / 3, "f1": 2 / 7})
    # Overlap: also "council voted 7–2"/"voted 7–2" (9 of 17 and of 9) and "harbour
    # bridge"/"new harbour bridge" (14 of 14 and of 18).
    assert pair["overlap"] == pytest.approx({"precision": 3 / 4, "recall": 1.0, "f1": 6 / 7})
    # Matched tags claim/claim, claim/quote, quote/quote: p_o = 2/3, p_e = 4/9 → 0.4.
    assert pair["kappa"] == pytest.approx(0.4)
    # αU on the two paragraphs laid end to end (¶2 starts at len(P1)).
    shift = len(P1)

    def unit(text: str, words: str, rater: int, tag: str, base: int = 0) -> Unit:
        return Unit(base + text.index(words), len(words), rater, tag)

    units = [
        unit(P1, "council voted 7–2", 0, "claim"),
        unit(P1, "harbour bridge", 0, "claim"),
        unit(P2, "Rosa Lind", 0, "quote", shift),
        unit(P1, "voted 7–2", 1, "claim"),
        unit(P1, "new harbour bridge", 1, "quote"),
        unit(P2, "Rosa Lind", 1, "quote", shift),
        unit(P2, "It will pay for itself", 1, "claim", shift),
    ]
    expected = alpha_u(units, raters=2, begin=0, length=len(P1) + len(P2))
    assert pair["alpha_u"] == pytest.approx(expected)
    assert data["overall"]["exact"] == pair["exact"]
    assert data["overall"]["kappa"] == pair["kappa"]
    assert data["overall"]["alpha_u"] == pytest.approx(expected)
    assert data["overall"]["matched"] == 3


def test_it_gives_nulls_where_a_figure_is_undefined(
    make_article: ArticleFactory,
    editor: User,
    reviewer: User,
    client_for: Callable[[User | None], Client],
) -> None:
    article = make_article([P1])
    annotate(Paragraph.objects.get(article=article), "harbour bridge", editor)
    data = json.loads(
        client_for(reviewer).get(reverse("agreement_json", args=[article.slug])).content
    )
    assert data == {
        "editors": ["editor"],
        "pairs": [],
        "overall": {
            "exact": {"precision": None, "recall": None, "f1": None},
            "overlap": {"precision": None, "recall": None, "f1": None},
            "kappa": None,
            "alpha_u": None,
            "matched": 0,
        },
    }
    page = client_for(reviewer).get(reverse("agreement_page", args=[article.slug]))
    assert b"Agreement needs two or more editors" in page.content


def test_it_shows_the_table_and_the_disputes_side_by_side(
    disputed: Article, reviewer: User, client_for: Callable[[User | None], Client]
) -> None:
    html = client_for(reviewer).get(reverse("agreement_page", args=[disputed.slug])).content
    text = html.decode()
    assert 'id="agreement-table"' in text and "<bdi>editor</bdi> / <bdi>other</bdi>" in text
    assert "0.400" in text  # kappa
    # Three disputes: "council voted 7–2"/"voted 7–2", the bridge, "It will pay…";
    # "Rosa Lind" is agreed.
    assert text.count('class="dispute"') == 3
    assert "Did not mark this passage." in text  # the editor has nothing on "It will pay"
    assert text.count("Adopt this version") == 5
    assert "Rosa Lind</q>" not in text


def test_it_offers_the_page_from_the_reading_page_to_those_allowed(
    disputed: Article, reviewer: User, editor: User, client_for: Callable[[User | None], Client]
) -> None:
    link = f'href="{reverse("agreement_page", args=[disputed.slug])}"'.encode()
    assert link in client_for(reviewer).get(disputed.get_absolute_url()).content
    assert link not in client_for(editor).get(disputed.get_absolute_url()).content


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_reads_a_fixed_number_of_queries_whatever_the_article_holds(
    disputed: Article,
    make_article: ArticleFactory,
    editor: User,
    other_editor: User,
    reviewer: User,
    client_for: Callable[[User | None], Client],
) -> None:
    big = make_article([P1 * 3] * 12)
    for i, paragraph in enumerate(Paragraph.objects.filter(article=big)):
        for n in range(0, 150, 15):
            annotate_at = paragraph.text[n : n + 10 + i]
            Annotation.objects.create(
                paragraph=paragraph,
                start=n,
                end=n + len(annotate_at),
                text=annotate_at,
                author=editor if n % 2 else other_editor,
                tag="claim",
            )
    client = client_for(reviewer)
    # session, user, permissions (pghistory's middleware sends its context in the same
    # statement), the article with its text revision; then, the first time only (the
    # figures are cached under that revision: test_agreement_cache), the annotations,
    # the paragraphs, the settled annotations.
    for name, expected in (("agreement_page", 7), ("agreement_json", 4)):
        small = _queries(client, reverse(name, args=[disputed.slug]))
        large = _queries(client, reverse(name, args=[big.slug]))
        assert small == large == expected, name


def test_it_adopts_one_version_through_the_owner(
    disputed: Article,
    editor: User,
    other_editor: User,
    reviewer: User,
    client_for: Callable[[User | None], Client],
) -> None:
    ids = ids_of(disputed, "harbour bridge")
    chosen = one_of(disputed, "new harbour bridge", other_editor)
    before = Annotation.objects.get(pk=chosen.pk).version
    response = adjudicate_htmx(client_for(reviewer), disputed, settles=ids, adopt=chosen.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<li class="dispute dispute--settled" id="dispute-{ids[0]}" hx-swap-oob' in html
    assert "Quote “new harbour bridge” by <bdi>other</bdi> is final" in html
    decision = Adjudication.objects.get()
    assert (decision.final_id, decision.kind, decision.decided_by) == (
        chosen.pk,
        "adopted",
        reviewer,
    )
    assert sorted(Settled.objects.values_list("annotation_id", flat=True)) == ids
    # The editor's words and tag are unchanged; it is approved by the adjudicator (a
    # change: versioned), and its history says it was adopted, and by whom.
    final = Annotation.objects.get(pk=chosen.pk)
    assert (final.text, final.tag, final.version) == ("new harbour bridge", "quote", before + 1)
    assert (final.review, final.reviewer, final.review_comment) == ("approved", reviewer, "")
    last = history.timeline(chosen.pk)[-1]
    assert (last.label, last.who) == ("adopted as final in adjudication (approved)", "rita")
    assert ("review", "", "Approved") in [tuple(map(str, c)) for c in last.changes]
    # The page no longer offers the dispute; it counts it as settled.
    page = client_for(reviewer).get(reverse("agreement_page", args=[disputed.slug]))
    assert page.content.decode().count('class="dispute"') == 2
    assert b"Settled already: 1." in page.content


def test_it_writes_a_merged_version_as_the_adjudicator(
    disputed: Article, desk: User, client_for: Callable[[User | None], Client]
) -> None:
    ids = ids_of(disputed, "harbour bridge")
    start = P1.index("the new harbour bridge")
    before = json.loads(
        client_for(desk).get(reverse("agreement_json", args=[disputed.slug])).content
    )
    response = adjudicate_htmx(
        client_for(desk),
        disputed,
        settles=ids,
        start=start,
        end=start + len("the new harbour bridge"),
        tag="claim",
        speaker="The council",
        note="Both partly right.",
    )
    assert response.status_code == 200
    decision = Adjudication.objects.select_related("final").get()
    final = decision.final
    assert final is not None
    assert (decision.kind, final.author, final.text, final.tag) == (
        "merged",
        desk,
        "the new harbour bridge",
        "claim",
    )
    assert (final.speaker, final.note, final.verdict) == (
        "The council",
        "Both partly right.",
        "unverified",
    )
    (entry,) = history.timeline(final.pk)
    assert (entry.label, entry.who) == ("written as final in adjudication (merged version)", "dora")
    # A decision is not an editor's work: the figures do not change.
    after = json.loads(
        client_for(desk).get(reverse("agreement_json", args=[disputed.slug])).content
    )
    assert after == before


def test_it_marks_the_final_annotation_in_the_csv(
    disputed: Article,
    reviewer: User,
    other_editor: User,
    client_for: Callable[[User | None], Client],
) -> None:
    _, chosen = adopt_bridge(client_for(reviewer), disputed, other_editor)
    body = b"".join(stream_csv(ExportFilter(article_ids=[disputed.pk]))).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 7
    assert {int(r["annotation_id"]): r["final"] for r in rows if r["final"] == "true"} == {
        chosen.pk: "true"
    }
    assert {r["final"] for r in rows} == {"true", "false"}


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({}, 400, "settles: name the annotations"),
        ({"settles": ["x"]}, 400, "settles: name the annotations"),
        ({"settles": [1], "adopt": "٣"}, 400, "adopt: Enter a whole number"),
        ({"settles": [1], "start": 0, "end": 3}, 400, "tag: give it"),
        ({"settles": [1], "start": 0, "end": 3, "tag": "opinion"}, 400, "tag: Unknown tag"),
        (
            {"settles": [1], "start": 0, "end": 3, "tag": "claim", "speaker": "x" * 201},
            400,
            "speaker",
        ),
    ],
)
def test_it_names_the_field_of_a_bad_request(
    disputed: Article,
    reviewer: User,
    client_for: Callable[[User | None], Client],
    data: dict[str, object],
    status: int,
    message: str,
) -> None:
    response = adjudicate_htmx(client_for(reviewer), disputed, **data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Adjudication.objects.exists()


def test_it_refuses_what_the_owner_refuses(
    disputed: Article,
    make_article: ArticleFactory,
    editor: User,
    other_editor: User,
    reviewer: User,
    client_for: Callable[[User | None], Client],
) -> None:
    client = client_for(reviewer)
    ids = ids_of(disputed, "harbour bridge")

    def refused(status: int, message: str, **data: object) -> None:
        count = Annotation.objects.count()
        response = adjudicate_htmx(client, disputed, **data)
        assert response.status_code == status, response.content
        assert message in response.content.decode()
        assert Annotation.objects.count() == count

    refused(400, "adopt: the adopted version must be one of this dispute", settles=ids, adopt=999)
    refused(400, "end: the merged span runs past", settles=ids, start=0, end=999, tag="claim")
    refused(400, "end: the end must come after", settles=ids, start=9, end=3, tag="claim")
    # The passage is "new harbour bridge": a merged version must share a character with it.
    first, last = P1.index("new harbour"), P1.index("bridge") + len("bridge")
    for start, end in [(0, 10), (0, first), (last, last + 1), (last - 1, first)]:
        message = "start, end: a merged version must overlap the passage it settles"
        if end <= start:
            message = "end: the end must come after the start"
        refused(400, message, settles=ids, start=start, end=end, tag="claim")
    assert not Adjudication.objects.exists()
    across = [*ids, one_of(disputed, "Rosa Lind", editor).pk]
    refused(
        400,
        "settles: a dispute lies within one paragraph",
        settles=across,
        start=0,
        end=3,
        tag="claim",
    )
    # Rosa Lind: both editors marked it the same way, so there is nothing to decide.
    agreed = ids_of(disputed, "Rosa Lind")
    refused(409, "The editors agree on this passage", settles=agreed, adopt=agreed[0])
    # Decided once: a second decision on the very same dispute comes too late.
    assert adjudicate_htmx(client, disputed, settles=ids, adopt=ids[0]).status_code == 200
    refused(409, "Someone else adjudicated this passage meanwhile", settles=ids, adopt=ids[1])
    assert Adjudication.objects.count() == 1


def test_an_adjudicated_final_annotation_is_closed_to_its_author(
    disputed: Article,
    other_editor: User,
    reviewer: User,
    client_for: Callable[[User | None], Client],
) -> None:
    """As with approval: the decision stands against its author's later edit or delete;
    a reviewer may still change it."""
    _, final = adopt_bridge(client_for(reviewer), disputed, other_editor)
    fields = lifecycle.Fields(tag="claim", note="", speaker="", verdict="")
    for change in (
        lambda: lifecycle.edit(other_editor, final.pk, version=final.version, fields=fields),
        lambda: lifecycle.delete(other_editor, final.pk, version=final.version),
    ):
        # Approved by the adjudicator, and final: closed to its author either way.
        with pytest.raises(lifecycle.NotAllowed, match="approved"):
            change()
    assert Annotation.objects.get(pk=final.pk).tag == final.tag
    edited = lifecycle.edit(reviewer, final.pk, version=final.version, fields=fields)
    assert edited.tag == "claim"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.49999999999999994, "0.500"),
        (2 / 7, "0.286"),
        (0.0005, "0.001"),
        (-0.25, "-0.250"),
        (-1e-17, "0.000"),
        (1.0, "1.000"),
        (0, "0.000"),
        (None, "—"),
    ],
)
def test_it_rounds_a_figure_for_the_page(value: float | None, shown: str) -> None:
    assert figure(value) == shown


def test_the_page_rounds_every_figure_and_the_json_keeps_them_whole(
    make_article: ArticleFactory,
    editor: User,
    other_editor: User,
    reviewer: User,
    client_for: Callable[[User | None], Client],
) -> None:
    """Matched tags claim/claim, claim/quote, context/context: kappa is 0.5, which float
    arithmetic computes as 0.49999999999999994."""
    article = make_article([P1])
    p1 = Paragraph.objects.get(article=article)
    for words, a, b in (
        ("council voted", "claim", "claim"),
        ("harbour bridge", "claim", "quote"),
        ("Tuesday", "context", "context"),
    ):
        annotate(p1, words, editor, tag=a)
        annotate(p1, words, other_editor, tag=b)
    client = client_for(reviewer)
    data = json.loads(client.get(reverse("agreement_json", args=[article.slug])).content)
    assert data["pairs"][0]["kappa"] == 0.49999999999999994
    html = client.get(reverse("agreement_page", args=[article.slug])).content.decode()
    table = html[html.index('id="agreement-table"') : html.index("</table>")]
    cells = re.findall(r"<td>([^<]*)</td>", table)
    # Per row: P, R, F1 exact and overlap, kappa, alpha, matched; the pair, then overall.
    assert len(cells) == 2 * 9
    for cell in cells[:8] + cells[9:17]:
        assert re.fullmatch(r"-?\d\.\d{3}|—", cell), cell
    assert cells[6] == cells[15] == "0.500"
    assert cells[8] == cells[17] == "3"
    assert "0.49999" not in html
