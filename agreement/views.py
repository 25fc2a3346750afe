"""The agreement page, its JSON, and adjudication.

``/articles/<slug>/agreement`` (page) and ``/articles/<slug>/agreement.json`` show the
figures of :mod:`agreement.figures` and the open disputes; a POST to
``/articles/<slug>/adjudicate`` settles one, through the annotations' owner
(:mod:`annotations.lifecycle_adjudication`), answered with out-of-band swaps of what
changed (the dispute and the counts). Who: ``agreement.view_agreement`` to see,
``agreement.adjudicate`` to decide (Reviewers, Desk, superusers); others 403; anonymous
users the login page (LoginRequiredMiddleware; htmx requests a 401).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from agreement.data import cached_agreement, with_revision
from annotations import lifecycle
from annotations import lifecycle_adjudication as adjudication
from annotations.models import NOTE_MAX_LENGTH, SPEAKER_MAX_LENGTH, Annotation
from annotations.views import _first_error, refused
from articles.models import Article
from desk.models import Workflow
from newsroom.fragments import fragment, refusal
from newsroom.inputs import whole_number, whole_number_field

NOT_ALLOWED = "Only reviewers and the desk see the agreement between editors."
NOT_ADJUDICATOR = "Only reviewers and the desk adjudicate."


def _article_for(request: HttpRequest, slug: str, perm: str, message: str) -> Article:
    """The article if ``request.user`` holds ``perm``; PermissionDenied first (nothing is
    said about which articles exist), else 404."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(message)
    status = Workflow.objects.filter(article_id=OuterRef("pk")).values("status")
    articles = with_revision(Article.objects.all()).annotate(workflow_status=Subquery(status))
    return get_object_or_404(articles, slug=slug)


@require_GET
def agreement_page(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_for(request, slug, "agreement.view_agreement", NOT_ALLOWED)
    data = cached_agreement(article)
    disputes = []
    for d in data.disputes:
        earlier = data.earlier_finals(d)
        disputes.append(
            {
                "key": d.key,
                "ids": d.ids,
                "position": data.positions[d.paragraph],
                "start": d.start,
                "end": d.end,
                "tag": Counter(i.tag for i in d.items).most_common(1)[0][0],
                "columns": d.by_editor(data.figures.editors),
                # A settled passage a new annotation pulled in: its final so far is one
                # version more (merged) or marked among the editors' (adopted).
                "finals": earlier,
                "merged": [data.merged[pk] for pk in earlier if pk in data.merged],
            }
        )
    context = {
        "article": article,
        "figures": data.figures,
        "disputes": disputes,
        "settled": data.settled,
        "can_adjudicate": request.user.has_perm("agreement.adjudicate"),
        # Adjudication waits for the editors' work to be handed in (as review does).
        "adjudicable": article.workflow_status in adjudication.ADJUDICABLE,  # type: ignore[attr-defined]
        "tag_choices": Annotation.Tag.choices,
    }
    return render(request, "agreement/page.html", context)


@require_GET
def agreement_json(request: HttpRequest, slug: str) -> JsonResponse:
    article = _article_for(request, slug, "agreement.view_agreement", NOT_ALLOWED)
    return JsonResponse(cached_agreement(article).figures.as_dict())


class AdjudicateForm(forms.Form):
    """Adopt ``adopt`` (one of ``settles``), or decide ``nobody`` should mark the passage,
    or, without either, write a merged version from ``start``, ``end``, ``tag``,
    ``speaker`` and ``note``."""

    adopt = whole_number_field(required=False, min_value=1)
    start = whole_number_field(required=False, min_value=0)
    end = whole_number_field(required=False, min_value=1)
    tag = forms.ChoiceField(
        required=False,
        choices=[("", ""), *Annotation.Tag.choices],
        error_messages={"invalid_choice": "Unknown tag: choose claim, quote or context."},
    )
    speaker = forms.CharField(required=False, max_length=SPEAKER_MAX_LENGTH, strip=False)
    note = forms.CharField(required=False, max_length=NOTE_MAX_LENGTH, strip=False)
    nobody = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("adopt") is None and not data.get("nobody"):
            for name in ("start", "end", "tag"):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, "give it for a merged version (or adopt one).")
        return data


def _settles(request: HttpRequest) -> list[int] | None:
    values = request.POST.getlist("settles")
    numbers = [whole_number(v) for v in values]
    if not values or any(n is None for n in numbers):
        return None
    return [n for n in numbers if n is not None]


@fragment()
@require_POST
def adjudicate(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.has_perm("agreement.adjudicate"):
        return refusal(request, NOT_ADJUDICATOR, status=403)
    article = get_object_or_404(Article, slug=slug)
    settles = _settles(request)
    if settles is None:
        return refusal(request, "settles: name the annotations this decision settles.")
    form = AdjudicateForm(request.POST)
    if not form.is_valid():
        return refusal(request, _first_error(form))
    data = form.cleaned_data
    merged = None
    if data["adopt"] is None and not data["nobody"]:
        fields = lifecycle.Fields(tag=data["tag"], note=data["note"], speaker=data["speaker"])
        merged = adjudication.Merged(data["start"], data["end"], fields)
    try:
        decision = adjudication.adjudicate(
            request.user,
            article.pk,
            settles,
            adopt=data["adopt"],
            merged=merged,
            nobody=data["nobody"],
        )
    except lifecycle.ChangeRefused as exc:
        return refused(request, exc)
    if not getattr(request, "htmx", False):
        return redirect("agreement_page", slug=article.slug)
    final = decision.final
    announce = (
        "Settled: nobody should mark this passage"
        if final is None
        else f"{final.get_tag_display()} by {final.author.get_username()} is final"
    )
    context = {"key": min(settles), "final": final, "decision": decision, "announce": announce}
    return render(request, "agreement/page.html#settled", context)
