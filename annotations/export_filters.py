"""The export's filters: one form for the web export, its page and the command, so that
all of them refuse the same mistakes with the same words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from annotations.export import ExportFilter
from annotations.models import Annotation
from articles.models import Article
from newsroom.inputs import text_problem, whole_number

# How many articles a title search offers, and how many ticked articles the form keeps.
TITLE_MATCHES = 20
MAX_CHOSEN = 200


class _ValuesField(forms.Field):
    """Repeatable query parameter; blank entries (an empty form input) are ignored."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        values = [value] if isinstance(value, str) else value
        for v in values:
            if (problem := text_problem(v)) is not None:
                raise forms.ValidationError(f"The value {problem}.")
        return [v.strip() for v in values if v.strip()]


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class _FlagField(forms.Field):
    def to_python(self, value: Any) -> bool:
        text = (value or "").strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise forms.ValidationError(f"{value!r} is not a yes/no value; use 1 or 0.")


def article_ids(values: list[str]) -> list[int]:
    """The whole numbers among ``values``, in order, each once; others are dropped."""
    numbers = (whole_number(v) for v in values)
    return list(dict.fromkeys(n for n in numbers if n is not None))[:MAX_CHOSEN]


class ExportFilterForm(forms.Form):
    """Validates the export's query parameters; ``export_filter()`` gives the filter.

    Articles come by slug (``article``, for scripts) or by id (``article_id``, which the
    export form's title search ticks); both may be repeated and they add up.
    """

    article = _ValuesField(required=False)
    article_id = _ValuesField(required=False)
    tag = _ValuesField(required=False)
    author = forms.CharField(required=False, strip=True)
    since = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    until = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    raw = _FlagField(required=False)
    suggestions = _FlagField(required=False)

    def __init__(self, data: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        for name in ("since", "until"):
            self.fields[name].error_messages["invalid"] = "Enter a date as YYYY-MM-DD."

    def clean_article(self) -> list[int]:
        slugs: list[str] = self.cleaned_data["article"]
        found = dict(Article.objects.filter(slug__in=slugs).values_list("slug", "id"))
        missing = [s for s in slugs if s not in found]
        if missing:
            raise forms.ValidationError(f"No article with slug {', '.join(map(repr, missing))}.")
        return list(dict.fromkeys(found[s] for s in slugs))

    def clean_article_id(self) -> list[int]:
        values: list[str] = self.cleaned_data["article_id"]
        numbers = [whole_number(v) for v in values]
        bad = [v[:40] for v, n in zip(values, numbers, strict=True) if n is None]
        if bad:
            raise forms.ValidationError(f"Not an article number: {', '.join(map(repr, bad))}.")
        ids = list(dict.fromkeys(n for n in numbers if n is not None))
        if len(ids) > MAX_CHOSEN:
            raise forms.ValidationError(f"Choose at most {MAX_CHOSEN} articles.")
        found = set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise forms.ValidationError(
                f"No article with number {', '.join(missing)} (deleted meanwhile?)."
            )
        return ids

    def clean_tag(self) -> list[str]:
        tags: list[str] = self.cleaned_data["tag"]
        unknown = [t for t in tags if t not in Annotation.Tag.values]
        if unknown:
            known = ", ".join(Annotation.Tag.values)
            raise forms.ValidationError(
                f"Unknown tag {', '.join(map(repr, unknown))}; tags are {known}."
            )
        return list(dict.fromkeys(tags))

    def clean_author(self) -> int | None:
        username: str = self.cleaned_data["author"]
        if not username:
            return None
        user = get_user_model()
        pk = (
            user._default_manager.filter(**{user.USERNAME_FIELD: username})
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            raise forms.ValidationError(f"No user named {username!r}.")
        return int(pk)

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            # On the second date of the range, where the form shows it.
            # Said in words that fit the form's From/To and the --since/--until options.
            self.add_error("until", f"The start date ({since}) is after the end date ({until}).")
        return data

    def export_filter(self, **extra: Any) -> ExportFilter:
        """The validated filter; ``extra`` overrides its fields (an article's own page)."""
        data = self.cleaned_data
        values = {
            "article_ids": list(dict.fromkeys([*data["article"], *data["article_id"]])),
            "tags": data["tag"],
            "author_id": data["author"],
            "since": data["since"],
            "until": data["until"],
            "raw": data["raw"],
            "suggestions": data["suggestions"],
        }
        return ExportFilter(**{**values, **extra})

    def error_text(self) -> str:
        """Every error on one line each, prefixed with its parameter's name."""
        lines: list[str] = []
        for field, errors in self.errors.items():
            label = "" if field == "__all__" else f"{field}: "
            lines.extend(f"{label}{error}" for error in errors)
        return "\n".join(lines)


def title_matches(query: str, exclude: list[int]) -> QuerySet[Article]:
    """Up to TITLE_MATCHES articles whose title contains ``query`` (any case), newest
    first, leaving out ``exclude`` (those already ticked). One query."""
    return (
        Article.objects.filter(title__icontains=query)
        .exclude(pk__in=exclude)
        .order_by("-published", "-id")
        .only("pk", "title", "published")[:TITLE_MATCHES]
    )


def chosen_articles(ids: list[int]) -> QuerySet[Article]:
    """The ticked articles that still exist, newest first. One query."""
    return (
        Article.objects.filter(pk__in=ids)
        .order_by("-published", "-id")
        .only("pk", "title", "published")
    )
