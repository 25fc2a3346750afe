"""Paragraphs in the admin, within the limits of articles.limits.

The article change page shows one page of paragraphs at a time (PAGE_SIZE rows, chosen with
the ``paragraphs_page`` query parameter): an article of MAX_PARAGRAPHS paragraphs as one
inline would be a POST far over DATA_UPLOAD_MAX_NUMBER_FIELDS (refused with a 400, the edits
lost) and a page that grows with the article. Saving a page edits, adds, deletes and
reorders the paragraphs of that page only; a position held by a paragraph on another page
is an error on the row, unless the editor asks to make room (the following pages then
move down). The paragraph's own change page (ParagraphAdmin) uses ParagraphForm,
which applies the same rules to one paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import F, Max, Q, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, QueryDict

from articles.limits import MAX_FILE_BYTES, MAX_PARAGRAPH_CHARS, MAX_PARAGRAPHS
from articles.models import Article, Paragraph
from newsroom.inputs import whole_number, whole_number_field

PAGE_PARAM = "paragraphs_page"
# The page's checkbox (after the formset prefix) asking to move the following pages down.
MAKE_ROOM = "make_room"
PAGE_SIZE = 50
# Rows one save may add to a full page (to split paragraphs, say). With six fields a row
# (id, article, position, kind, text, DELETE), PAGE_SIZE + MAX_ADDED_PER_SAVE rows are
# 600 fields: well under DATA_UPLOAD_MAX_NUMBER_FIELDS (1000) with the article's own.
MAX_ADDED_PER_SAVE = 50
MAX_FORMS = PAGE_SIZE + MAX_ADDED_PER_SAVE

LIMITS_HELP = (
    f"An article has at most {MAX_PARAGRAPHS:,} paragraphs (positions 1 to {MAX_PARAGRAPHS:,}) "
    f"of at most {MAX_PARAGRAPH_CHARS:,} characters each; an imported file may be at most "
    f"{MAX_FILE_BYTES // 2**20} MB."
)

POSITION_ERRORS = {
    "max_value": f"An article has at most {MAX_PARAGRAPHS:,} paragraphs: "
    f"positions go from 1 to {MAX_PARAGRAPHS:,}.",
}


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None  # None: the current page, or the gap of an elided range


@dataclass(frozen=True)
class ParagraphPage:
    """One page of an article's paragraphs in reading (position) order; ``number`` is
    1-based, ``count`` is the article's paragraph count."""

    number: int
    count: int
    size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def first(self) -> int:
        """The 1-based ordinal of the page's first paragraph (0 for an empty article)."""
        return min(self.offset + 1, self.count)

    @property
    def last(self) -> int:
        return min(self.offset + self.size, self.count)

    def summary(self) -> str:
        return f"Paragraphs {self.first:,}–{self.last:,} of {self.count:,}, {self.size} per page."

    def links(self, query: QueryDict) -> list[PageLink]:
        """Links to the other pages (elided: at most about a dozen), keeping the rest of
        ``query`` (the change list's preserved filters, for one)."""
        paginator = Paginator(range(self.count), self.size)
        links = []
        for number in paginator.get_elided_page_range(self.number, on_each_side=2, on_ends=1):
            if number == self.number or number == Paginator.ELLIPSIS:
                links.append(PageLink(str(number), None))
                continue
            params = query.copy()
            params[PAGE_PARAM] = str(number)
            links.append(PageLink(str(number), f"?{params.urlencode()}"))
        return links


def paragraph_page(article_id: int, requested: str | None) -> ParagraphPage:
    """The page asked for (a 1-based number as text); the first page for a missing or bad
    number and the last one for a number past the end, as Django's paginators do. One
    COUNT query."""
    count = Paragraph.objects.filter(article_id=article_id).count()
    page = Paginator(range(count), PAGE_SIZE).get_page(requested)
    return ParagraphPage(number=page.number, count=count)


def lock_article(article_id: int) -> None:
    """Serialise paragraph edits of one article until the transaction ends, so that two
    saves cannot both find a position free. The admin's views run in a transaction; out of
    one there is nothing to hold a lock for, and nothing is locked."""
    if connection.in_atomic_block:
        list(Article.objects.select_for_update().filter(pk=article_id).values_list("pk"))


@dataclass(frozen=True)
class Room:
    """Paragraphs after position ``after`` (those of the following pages) move ``shift``
    positions down, so that a page can grow: rows added to a page need positions, and with
    the positions numbered 1, 2, 3, ... the next free ones are past the end of the article.
    """

    after: int
    shift: int

    @classmethod
    def for_page(cls, page_ids: list[int], highest_wanted: int) -> Room:
        """Room for a page whose rows (``page_ids``) now reach ``highest_wanted``."""
        before = Paragraph.objects.filter(pk__in=page_ids).aggregate(last=Max("position"))
        after = before["last"] or 0
        return cls(after=after, shift=max(0, highest_wanted - after))

    def taken(self, others: QuerySet[Paragraph], positions: set[int]) -> set[int]:
        """Which of ``positions`` the ``others`` hold once moved. One query."""
        moved_back = {p - self.shift for p in positions}
        rows = others.filter(
            Q(position__lte=self.after, position__in=positions)
            | Q(position__gt=self.after, position__in=moved_back)
        )
        return {
            p if p <= self.after else p + self.shift
            for p in rows.values_list("position", flat=True)
        }


class ParagraphInlineForm(forms.ModelForm):  # type: ignore[type-arg]
    position = whole_number_field(
        min_value=1,
        max_value=MAX_PARAGRAPHS,
        error_messages=POSITION_ERRORS,
        help_text=f"1-based order within the article (1 to {MAX_PARAGRAPHS:,}).",
    )

    class Meta:
        model = Paragraph
        fields = ("position", "kind", "text")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A table row's fields have no <label> of their own (the column headers are not
        # labels): each gets its accessible name, naming the paragraph it belongs to.
        row = f"paragraph {self.instance.position}" if self.instance.pk else "the new paragraph"
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("aria-label", f"{field.label or name} of {row}")

    def validate_constraints(self) -> None:
        # Reordering swaps positions between rows of the same form, so a position is
        # not compared with the rows as they are in the database here: the formset refuses
        # duplicates among its rows and positions held by paragraphs on other pages, and
        # the deferred unique constraint checks the result at commit.
        exclude = self._get_validation_exclusions() | {"position"}  # type: ignore[attr-defined]
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as exc:
            self._update_errors(exc)  # type: ignore[attr-defined]


class ParagraphPageFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """The paragraph inline for one page of the article.

    Shown: the PAGE_SIZE paragraphs of the requested page. Posted: the paragraphs whose ids
    the page posted (whatever page they are on now, so that a paragraph added elsewhere
    meanwhile does not shift the rows under the editor). ``clean`` adds a position error
    to a row whose position a paragraph on another page holds, and a formset error when
    the article would have more than MAX_PARAGRAPHS paragraphs. With the page's "make room"
    box ticked, the paragraphs of the following pages move down as far as the page's rows
    now reach past its last position (see Room), so that rows can be added mid-article.
    """

    # Set for each request by ParagraphInline.get_formset.
    requested_page: str | None = None

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        for name in ("DELETE", "id"):
            if name in form.fields:
                row = f"paragraph {form.instance.position}" if form.instance.pk else "new"
                label = "Delete" if name == "DELETE" else "Id"
                form.fields[name].widget.attrs["aria-label"] = f"{label} {row}"

    query: QueryDict = QueryDict()
    limits_help = LIMITS_HELP

    @cached_property
    def page(self) -> ParagraphPage | None:
        if self.instance.pk is None:
            return None
        return paragraph_page(self.instance.pk, self.requested_page)

    @cached_property
    def page_links(self) -> list[PageLink]:
        return [] if self.page is None else self.page.links(self.query)

    def get_queryset(self) -> QuerySet[Paragraph]:
        if not hasattr(self, "_queryset"):
            queryset: QuerySet[Paragraph] = super().get_queryset()
            if self.is_bound:
                queryset = queryset.filter(pk__in=self._posted_ids())
            elif self.page is not None:
                queryset = queryset[self.page.offset : self.page.offset + self.page.size]
            self._queryset = queryset
        return self._queryset

    def _posted_ids(self) -> list[int]:
        ids = []
        pk_name = Paragraph._meta.pk.name
        for i in range(min(self.initial_form_count(), self.absolute_max)):
            raw = self.data.get(f"{self.add_prefix(i)}-{pk_name}")
            pk = whole_number(raw)
            if pk is not None:  # else the row's form reports it
                ids.append(pk)
        return ids

    def clean(self) -> None:
        super().clean()  # among the rows: duplicate positions
        self.room: Room | None = None
        if self.instance.pk is None:
            return
        kept = [form for form in self.forms if self._kept(form)]
        page_ids = [form.instance.pk for form in self.initial_forms if form.instance.pk]
        lock_article(self.instance.pk)
        wanted = {
            form.cleaned_data["position"]: form
            for form in kept
            if form.cleaned_data.get("position") is not None
        }
        others = Paragraph.objects.filter(article_id=self.instance.pk).exclude(pk__in=page_ids)
        if self.make_room and page_ids:
            self.room = Room.for_page(page_ids, max(wanted, default=0))
        room = self.room or Room(after=MAX_PARAGRAPHS, shift=0)
        for position in sorted(room.taken(others, set(wanted))):
            wanted[position].add_error(
                "position",
                f"Position {position:,} is taken by a paragraph on another page of this "
                "article: choose a free one, move that paragraph first, or make room.",
            )
        total = others.count() + len(kept)
        if total > MAX_PARAGRAPHS:
            raise ValidationError(
                f"An article has at most {MAX_PARAGRAPHS:,} paragraphs; saving this page "
                f"would make {total:,}. Delete paragraphs, or split the article.",
                code="too_many_paragraphs",
            )
        last = others.aggregate(last=Max("position"))["last"] or 0
        if room.shift and last + room.shift > MAX_PARAGRAPHS:
            raise ValidationError(
                f"Making room would move the last paragraph to position {last + room.shift:,}, "
                f"past the limit of {MAX_PARAGRAPHS:,}: close gaps in the positions first.",
                code="no_room",
            )

    @property
    def make_room(self) -> bool:
        return self.is_bound and self.data.get(f"{self.prefix}-{MAKE_ROOM}") == "on"

    def save(self, commit: bool = True) -> list[Paragraph]:
        room = getattr(self, "room", None)
        if commit and room is not None and room.shift:
            page_ids = [form.instance.pk for form in self.initial_forms if form.instance.pk]
            # Positions only: no text changes, so nothing to re-anchor and no history.
            Paragraph.objects.filter(article_id=self.instance.pk, position__gt=room.after).exclude(
                pk__in=page_ids
            ).update(position=F("position") + room.shift)
        return super().save(commit)

    def _kept(self, form: forms.BaseForm) -> bool:
        """Whether the form's paragraph exists after the save (kept or added)."""
        if not hasattr(form, "cleaned_data") or self._should_delete_form(form):  # type: ignore[attr-defined]
            return False
        return form in self.initial_forms or form.has_changed()


class ParagraphInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Paragraph
    form = ParagraphInlineForm
    formset = ParagraphPageFormSet
    template = "admin/articles/article/paragraph_inline.html"
    fields = ("position", "kind", "text")
    ordering = ("position",)
    extra = 0
    show_change_link = True
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 90})},
    }

    def get_max_num(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        return MAX_FORMS

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        # A bigger POST is refused as a whole instead of being read (absolute_max), with a
        # formset error rather than some rows silently dropped (validate_max).
        kwargs.setdefault("absolute_max", MAX_FORMS)
        kwargs.setdefault("validate_max", True)
        formset = super().get_formset(request, obj, **kwargs)
        per_request = {"requested_page": request.GET.get(PAGE_PARAM), "query": request.GET}
        return type(formset.__name__, (formset,), per_request)


class ParagraphForm(forms.ModelForm):  # type: ignore[type-arg]
    """The paragraph's own change page: the limits of articles.limits, and a position that
    another paragraph of the article holds, are errors on the field."""

    class Meta:
        model = Paragraph
        fields = ("article", "position", "kind", "text")
        error_messages = {"position": POSITION_ERRORS}

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        # On a change page the article is read-only (not a form field): the paragraph's own.
        article = cleaned.get("article") if "article" in self.fields else self.instance.article
        position = cleaned.get("position")
        if article is None:
            return cleaned
        lock_article(article.pk)
        mine = [self.instance.pk] if self.instance.pk else []
        others = Paragraph.objects.filter(article=article).exclude(pk__in=mine)
        if position is not None and others.filter(position=position).exists():
            self.add_error(
                "position", f"Position {position:,} is taken by another paragraph of this article."
            )
        moving_in = self.instance.pk is None or self.instance.article_id != article.pk
        if moving_in and others.count() >= MAX_PARAGRAPHS:
            self.add_error(
                "article",
                f"This article already has {MAX_PARAGRAPHS:,} paragraphs, the most it can have.",
            )
        return cleaned
