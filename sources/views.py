"""Pasting a web page's address on the list page: editors import the article it holds
(:func:`import_from_url`). Readers get 403, anonymous users the login page (302; 401 for
htmx), GET a 405."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from articles.importing import ImportResult
from articles.parsing import ArticleImportError
from articles.views import list_context
from sources.forms import ImportUrlForm
from sources.importing import import_url

NOT_EDITOR = "Only editors import articles from the web."


def _assumed(request: HttpRequest) -> str:
    """What the form assumed of an address pasted without a scheme, said with a refusal
    (a site without https then answers "the TLS connection … failed")."""
    pasted = str(request.POST.get("url", "")).strip()
    if pasted and "://" not in pasted:
        return (
            " (the address had no scheme: https:// was assumed; paste it with http:// if the "
            "site has no https)"
        )
    return ""


def can_import(request: HttpRequest) -> bool:
    """Editors (those who annotate) import from the web; readers do not."""
    return request.user.has_perm("annotations.add_annotation")


@login_required
@require_POST
def import_from_url(request: HttpRequest) -> HttpResponse:
    """Fetch the page at ``url`` and import its article (:func:`sources.importing.import_url`).

    htmx: the form again (``articles/list.html#import_url``), with a link to the new
    article, to the article it duplicates, or the refusal beside the field (400). Without
    htmx: a redirect to the new article, or the list page with the form's error (400).
    """
    if not can_import(request):
        return HttpResponse(NOT_EDITOR, status=403, content_type="text/plain; charset=utf-8")
    form = ImportUrlForm(request.POST)
    result: ImportResult | None = None
    if form.is_valid():
        try:
            result = import_url(form.cleaned_data["url"])
        except ArticleImportError as exc:
            form.add_error("url", f"Not imported: {exc.reason}.{_assumed(request)}")
    htmx = getattr(request, "htmx", None)
    status = 200 if result is not None else 400
    if htmx:
        context = {"import_form": ImportUrlForm() if result else form, "import_result": result}
        return render(request, "articles/list.html#import_url", context, status=status)
    if result is not None:
        if result.status == "imported":
            messages.success(request, result.describe())
        else:
            # "replace to update it" is for the command line and the admin: not here.
            messages.warning(request, f"Already imported: this page is “{result.article.title}”.")
        return HttpResponseRedirect(result.article.get_absolute_url())
    context, _ = list_context(request)
    context["import_form"] = form
    return render(request, "articles/list.html", context, status=status)
