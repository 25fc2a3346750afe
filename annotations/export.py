"""CSV export of annotations: one SQL statement, streamed by PostgreSQL's COPY.

Everything that costs per row happens in PostgreSQL (joins, ordering, timestamp
formatting, the spreadsheet-formula guard, CSV quoting). Python only moves bytes, which
is what keeps the export close to the speed of a bare COPY and its memory flat.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from psycopg import ClientCursor, sql

from agreement.models import Adjudication
from annotations.models import Annotation
from articles.models import Article, Paragraph
from desk.models import BLIND_STATUSES, Workflow
from suggestions.models import Suggestion
from suggestions.visibility import shown_sql

COLUMNS = (
    "annotation_id",
    "article_id",
    "article_slug",
    "article_title",
    "article_date",
    "article_source",
    "paragraph",
    "paragraph_kind",
    "start",
    "end",
    "text",
    "tag",
    "note",
    "speaker",
    "verdict",
    "anchor",
    "author",
    "created_at",
    "updated_at",
    "origin",
    "final",
    "review",
    "reviewer",
    "reviewed_at",
)
# The origin of a pending suggestion's row (``suggestions=1``): not an annotation yet.
PENDING = "pending"
HEADER = (",".join(COLUMNS) + "\n").encode()

# OWASP's list for CSV injection (CWE-1236). NUL is part of the rule but PostgreSQL text
# can hold no NUL (nor can a literal for it be written), so the SQL guard leaves it out.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
_SQL_TRIGGERS = tuple(c for c in FORMULA_TRIGGERS if c != "\0")
# A value that already starts with quotes and then a trigger also gets one more quote:
# that keeps the guard reversible (see unguard), so exported text stays exact.
_GUARDED = re.compile("^'(?='*[=+\\-@\t\r\0])")

# Large enough that per-chunk costs (WSGI write, syscalls) vanish, small enough to stay
# far below any memory concern. COPY itself hands over one row at a time.
BLOCK_SIZE = 64 * 1024

TIMESTAMP_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'


def guard(value: str) -> str:
    """The Python twin of the SQL guard, for values that never pass through SQL."""
    return "'" + value if value.lstrip("'")[:1] in FORMULA_TRIGGERS else value


def unguard(value: str) -> str:
    """Undo guard(): the original text of a guarded field."""
    return _GUARDED.sub("", value, count=1)


@dataclass(frozen=True)
class ExportFilter:
    article_ids: Sequence[int] = ()
    tags: Sequence[str] = ()
    author_id: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    # Admin selections arrive as querysets; they become subqueries, so "select all" on a
    # million rows does not turn into a million literals.
    articles: QuerySet[Article] | None = None
    annotations: QuerySet[Annotation] | None = None
    raw: bool = False
    # Also the suggestions nobody accepted or rejected yet, as rows of origin "pending".
    suggestions: bool = False
    # Blind mode (desk.visibility): on articles in blind mode before review, only this
    # user's annotations; None for a viewer who sees everyone's (or no viewer: a command).
    blind_viewer: int | None = None

    @property
    def takes_suggestions(self) -> bool:
        """Pending suggestions have no author and are no annotation: a filter on either
        leaves them out."""
        return self.suggestions and self.author_id is None and self.annotations is None


def _guarded(column: sql.Composable, *, raw: bool) -> sql.Composable:
    if raw:
        return column
    triggers = sql.SQL(", ").join(sql.Literal(c) for c in _SQL_TRIGGERS)
    return sql.SQL(
        "CASE WHEN left({c}, 1) IN ({t})"
        " OR (left({c}, 1) = '''' AND left(ltrim({c}, ''''), 1) IN ({t}))"
        " THEN '''' || {c} ELSE {c} END"
    ).format(c=column, t=triggers)


def _timestamp(column: sql.Composable) -> sql.Composable:
    return sql.SQL("to_char({} AT TIME ZONE 'UTC', {})").format(
        column, sql.Literal(TIMESTAMP_FORMAT)
    )


def _subquery(queryset: QuerySet[Any]) -> sql.Composable:
    # COPY accepts no bind parameters, so Django's SQL is bound client-side by psycopg
    # (mogrify), which quotes every value as a literal.
    query, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql.SQL(ClientCursor(_raw_connection()).mogrify(query, params))


def _where(f: ExportFilter, *extra: sql.Composable) -> sql.Composable:
    conditions: list[sql.Composable] = [c for c in extra if c != sql.SQL("")]
    if f.article_ids:
        conditions.append(sql.SQL("a.id = ANY({})").format(sql.Literal(list(f.article_ids))))
    if f.tags:
        conditions.append(sql.SQL("an.tag = ANY({})").format(sql.Literal(list(f.tags))))
    if f.author_id is not None:
        conditions.append(sql.SQL("an.author_id = {}").format(sql.Literal(f.author_id)))
    if f.since is not None:
        conditions.append(sql.SQL("a.published >= {}").format(sql.Literal(f.since)))
    if f.until is not None:
        conditions.append(sql.SQL("a.published <= {}").format(sql.Literal(f.until)))
    if f.articles is not None:
        conditions.append(sql.SQL("a.id IN ({})").format(_subquery(f.articles)))
    if f.annotations is not None:
        conditions.append(sql.SQL("an.id IN ({})").format(_subquery(f.annotations)))
    if not conditions:
        return sql.SQL("")
    return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conditions)


def _blind(f: ExportFilter) -> sql.Composable:
    """Blind mode's condition on the annotations (``an``), or nothing."""
    if f.blind_viewer is None:
        return sql.SQL("")
    return sql.SQL(
        "(an.author_id = {viewer} OR NOT EXISTS (SELECT 1 FROM {workflow} w"
        " WHERE w.article_id = an.article_id AND w.blind AND w.status = ANY({statuses})))"
    ).format(
        viewer=sql.Literal(f.blind_viewer),
        workflow=sql.Identifier(Workflow._meta.db_table),
        statuses=sql.Literal([str(s) for s in BLIND_STATUSES]),
    )


def _from(*, placed: bool) -> sql.Composable:
    """Placed annotations reach their article through their paragraph (the join order the
    export's indexes serve); orphans, which have no paragraph, through their own article."""
    user = get_user_model()
    joins = (
        " JOIN {paragraph} p ON p.id = an.paragraph_id JOIN {article} a ON a.id = p.article_id"
        if placed
        else " JOIN {article} a ON a.id = an.article_id"
    )
    return sql.SQL(
        " FROM {annotation} an" + joins + " JOIN {user} u ON u.id = an.author_id"
        " LEFT JOIN {user} r ON r.id = an.reviewer_id"
    ).format(
        annotation=sql.Identifier(Annotation._meta.db_table),
        paragraph=sql.Identifier(Paragraph._meta.db_table),
        article=sql.Identifier(Article._meta.db_table),
        user=sql.Identifier(user._meta.db_table),
    )


def build_select(f: ExportFilter) -> sql.Composable:
    """The export's SELECT: placed annotations in reading order (article date, article,
    paragraph, start, end, id), then the orphans (article date, article, id), which have
    empty paragraph, paragraph_kind, start and end and keep their stored text."""
    username = get_user_model().USERNAME_FIELD

    def g(column: str) -> sql.Composable:
        table, _, name = column.partition(".")
        return _guarded(sql.Identifier(table, name), raw=f.raw)

    def select(placed: bool) -> sql.Composable:
        where_placed = (
            sql.SQL("")
            if placed
            else sql.SQL("an.anchor = {}").format(sql.Literal(Annotation.Anchor.ORPHANED))
        )
        null = sql.SQL("NULL")
        columns: list[sql.Composable] = [
            sql.SQL("an.id"),
            sql.SQL("a.id"),
            g("a.slug"),
            g("a.title"),
            sql.SQL("to_char(a.published, 'YYYY-MM-DD')"),
            g("a.source"),
            sql.SQL("p.position") if placed else null,
            g("p.kind") if placed else null,
            sql.SQL("an.start") if placed else null,
            sql.SQL('an."end"') if placed else null,
            g("an.text"),
            g("an.tag"),
            g("an.note"),
            g("an.speaker"),
            g("an.verdict"),
            sql.SQL("an.anchor"),
            g(f"u.{username}"),
            _timestamp(sql.SQL("an.created")),
            _timestamp(sql.SQL("an.updated")),
            sql.SQL("an.origin"),
            _final(),
            sql.SQL("an.review"),
            g(f"r.{username}"),
            _timestamp(sql.SQL("an.reviewed")),
        ]
        order = (
            ' ORDER BY a.published, a.id, p.position, an.start, an."end", an.id'
            if placed
            else " ORDER BY a.published, a.id, an.id"
        )
        return sql.Composed(
            [
                sql.SQL("(SELECT "),
                sql.SQL(", ").join(
                    sql.SQL("{} AS {}").format(expr, sql.Identifier(name))
                    for expr, name in zip(columns, COLUMNS, strict=True)
                ),
                _from(placed=placed),
                _where(f, where_placed, _blind(f)),
                sql.SQL(order + ")"),
            ]
        )

    # Two ordered branches, appended: rows still flow from the first millisecond.
    parts = [select(True), sql.SQL(" UNION ALL "), select(False)]
    if f.takes_suggestions:
        parts += [sql.SQL(" UNION ALL "), _pending(f, g)]
    return sql.Composed(parts)


def _final() -> sql.Composable:
    """``true`` for the annotation an adjudication made final (agreement.Adjudication),
    else ``false``: one look-up in that table's unique index per row."""
    return sql.SQL(
        "CASE WHEN EXISTS (SELECT 1 FROM {adjudication} adj WHERE adj.final_id = an.id)"
        " THEN 'true' ELSE 'false' END"
    ).format(adjudication=sql.Identifier(Adjudication._meta.db_table))


def _pending(f: ExportFilter, g: Callable[[str], sql.Composable]) -> sql.Composable:
    """The pending suggestions, after the annotations, in the same order: no annotation
    id, author, verdict or anchor; the engine's reason in ``note``; origin "pending"."""
    null = sql.SQL("NULL")
    columns: list[sql.Composable] = [
        null,
        sql.SQL("a.id"),
        g("a.slug"),
        g("a.title"),
        sql.SQL("to_char(a.published, 'YYYY-MM-DD')"),
        g("a.source"),
        sql.SQL("p.position"),
        g("p.kind"),
        sql.SQL("an.start"),
        sql.SQL('an."end"'),
        g("an.text"),
        g("an.tag"),
        g("an.reason"),
        g("an.speaker"),
        sql.SQL("''"),
        null,
        null,
        _timestamp(sql.SQL("an.created")),
        _timestamp(sql.SQL("an.created")),
        sql.Literal(PENDING),
        sql.Literal("false"),
        sql.SQL("''"),
        null,
        null,
    ]
    return sql.Composed(
        [
            sql.SQL("(SELECT "),
            sql.SQL(", ").join(
                sql.SQL("{} AS {}").format(expr, sql.Identifier(name))
                for expr, name in zip(columns, COLUMNS, strict=True)
            ),
            _pending_source(),
            _where(f, _pending_shown(f)),
            sql.SQL(' ORDER BY a.published, a.id, p.position, an.start, an."end", an.id)'),
        ]
    )


def _pending_source() -> sql.Composable:
    # The suggestions' table under the annotations' alias: the filters on articles and
    # tags read the same columns.
    return sql.SQL(
        " FROM {suggestion} an JOIN {paragraph} p ON p.id = an.paragraph_id"
        " JOIN {article} a ON a.id = p.article_id"
    ).format(
        suggestion=sql.Identifier(Suggestion._meta.db_table),
        paragraph=sql.Identifier(Paragraph._meta.db_table),
        article=sql.Identifier(Article._meta.db_table),
    )


def _pending_shown(f: ExportFilter) -> sql.Composable:
    """Blind mode for the pending suggestions (``an``): on an article in blind mode before
    review, those the viewer decided or annotated are left out; elsewhere, and for a
    viewer who sees everyone's, those any editor decided or annotated in blind mode
    (:mod:`suggestions.visibility`)."""
    if f.blind_viewer is None:
        return sql.SQL(shown_sql("an"))
    # {{viewer}} and {{statuses}} come out of shown_sql as placeholders for literals.
    restrict = (
        "({who} = {{viewer}} OR NOT EXISTS (SELECT 1 FROM desk_workflow w"
        " WHERE w.article_id = an.article_id AND w.blind AND w.status = ANY({{statuses}})))"
    )
    return sql.SQL(shown_sql("an", restrict)).format(  # type: ignore[arg-type]
        viewer=sql.Literal(f.blind_viewer),
        statuses=sql.Literal([str(s) for s in BLIND_STATUSES]),
    )


def copy_statement(f: ExportFilter) -> sql.Composed:
    # The header is written by us, not by COPY's HEADER option: it lets the first bytes
    # leave before PostgreSQL has finished sorting a large export.
    return sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv)").format(build_select(f))


def count_rows(f: ExportFilter) -> int:
    # Through the annotation's own article: placed and orphaned alike.
    query = sql.Composed([sql.SQL("SELECT count(*)"), _from(placed=False), _where(f, _blind(f))])
    with _raw_connection().cursor() as cursor:
        row = cursor.execute(query).fetchone()
        total = int(row[0])
    if f.takes_suggestions:
        pending = sql.Composed(
            [sql.SQL("SELECT count(*)"), _pending_source(), _where(f, _pending_shown(f))]
        )
        with _raw_connection().cursor() as cursor:
            row = cursor.execute(pending).fetchone()
            total += int(row[0])
    return total


def _articles_of(f: ExportFilter) -> QuerySet[Article]:
    articles = f.articles if f.articles is not None else Article.objects.all()
    if f.article_ids:
        articles = articles.filter(pk__in=f.article_ids)
    if f.since is not None:
        articles = articles.filter(published__gte=f.since)
    if f.until is not None:
        articles = articles.filter(published__lte=f.until)
    return articles


def _raw_connection() -> Any:
    connection.ensure_connection()
    return connection.connection


def stream_csv(
    f: ExportFilter,
    *,
    on_rows: Callable[[int], None] | None = None,
    block_size: int = BLOCK_SIZE,
) -> Generator[bytes]:
    """Yield the CSV in blocks of about ``block_size`` bytes.

    Uses Django's own connection: it sees the caller's transaction (tests included), and
    under WSGI the connection is only released at request_finished, which fires when
    the server closes the response, after the last block. Closing the generator early
    (a client that goes away) makes psycopg cancel the COPY on the way out.
    """
    yield HEADER
    rows = 0
    buffer = bytearray()
    with transaction.atomic(), _raw_connection().cursor() as cursor:
        # Without a sort node the planner walks the indexes in export order (articles by
        # date, their paragraphs, their annotations), so rows flow from the first
        # millisecond at any size and the server never sorts the whole export at once.
        # A little slower in total than a parallel sort (bench/export.py shows both).
        cursor.execute("SET LOCAL enable_sort = off")
        with cursor.copy(copy_statement(f)) as copy:
            # PostgreSQL sends one COPY message per row, so counting messages counts rows.
            for data in copy:
                buffer += data
                rows += 1
                if len(buffer) >= block_size:
                    yield bytes(buffer)
                    buffer.clear()
                    if on_rows is not None:
                        on_rows(rows)
    if buffer:
        yield bytes(buffer)
    if on_rows is not None:
        on_rows(rows)


def filename(slug: str | None = None, today: datetime.date | None = None) -> str:
    day = (today or timezone.localdate()).isoformat()
    middle = f"-{slug}" if slug else ""
    return f"newsroom-annotations{middle}-{day}.csv"


def csv_response(f: ExportFilter, *, slug: str | None = None) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        stream_csv(f), content_type="text/csv; charset=utf-8; header=present"
    )
    response["Content-Disposition"] = attachment(filename(slug))
    response["Cache-Control"] = "no-store"
    return response


def attachment(name: str) -> str:
    """A Content-Disposition for downloading ``name``: RFC 6266's ``filename*`` (UTF-8) for
    a name in any script, with a plain ASCII ``filename`` first for older clients."""
    header = content_disposition_header(True, name) or "attachment"
    if name.isascii():
        return header
    fallback = re.sub(r"-{2,}", "-", name.encode("ascii", "ignore").decode()) or "download"
    return f'attachment; filename="{fallback}"; ' + header.removeprefix("attachment; ")
