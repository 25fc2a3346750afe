"""CSV export over HTTP: format, exactness, spreadsheet guard, filters, streaming."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.utils import timezone

from annotations.export import COLUMNS, ExportFilter, guard, stream_csv, unguard
from annotations.models import NOTE_MAX_LENGTH, Annotation
from articles.models import Article, Paragraph
from tests.conftest import make_user

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]


def annotate(
    paragraph: Paragraph, start: int, end: int, author: User, tag: str = "claim", **extra: Any
) -> Annotation:
    return Annotation.objects.create(
        paragraph=paragraph,
        start=start,
        end=end,
        text=paragraph.text[start:end],
        tag=tag,
        author=author,
        **extra,
    )


def parse(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body, newline="")))


def export(client: Client, url: str = "/annotations.csv", **params: Any) -> list[dict[str, str]]:
    return parse(client.get(url, params))


def test_it_writes_the_header_in_column_order(
    client_for: Callable[[User | None], Client], reader: User
) -> None:
    response: Any = client_for(reader).get("/annotations.csv")
    body = b"".join(response.streaming_content)
    assert body == (",".join(COLUMNS) + "\n").encode()
    assert COLUMNS[:6] == (
        "annotation_id",
        "article_id",
        "article_slug",
        "article_title",
        "article_date",
        "article_source",
    )
    assert COLUMNS[-9:-4] == ("anchor", "author", "created_at", "updated_at", "origin")
    assert COLUMNS[-4] == "final"  # issue 16's adjudication
    assert COLUMNS[-3:] == ("review", "reviewer", "reviewed_at")  # issue 16's review


def test_it_keeps_every_annotation_orphans_last_with_their_stored_text(
    client_for: Callable[[User | None], Client], editor: User, make_article: Any
) -> None:
    older = make_article(["Alpha beta gamma.", "Delta epsilon."], published="2026-01-01")
    newer = make_article(["Zeta eta theta."], published="2026-02-01")
    placed = annotate(older.paragraphs.get(position=2), 0, 5, editor)
    orphan = annotate(older.paragraphs.get(position=1), 6, 10, editor, tag="quote")
    moved = annotate(newer.paragraphs.get(), 5, 8, editor, note="x")
    Annotation.objects.filter(pk=orphan.pk).update(anchor="orphaned", paragraph=None)
    Annotation.objects.filter(pk=moved.pk).update(anchor="moved")
    rows = export(client_for(editor))
    assert [(r["annotation_id"], r["anchor"]) for r in rows] == [
        (str(placed.pk), "placed"),
        (str(moved.pk), "moved"),
        (str(orphan.pk), "orphaned"),
    ]
    last = rows[-1]
    assert (last["paragraph"], last["paragraph_kind"], last["start"], last["end"]) == (
        "",
        "",
        "",
        "",
    )
    assert (last["text"], last["tag"], last["article_id"]) == ("beta", "quote", str(older.pk))
    # Filters reach the orphans too.
    assert [r["anchor"] for r in export(client_for(editor), tag="quote")] == ["orphaned"]
    assert export(client_for(editor), until="2025-12-31") == []


def test_it_streams_an_attachment_named_after_today(
    client_for: Callable[[User | None], Client], reader: User, article: Article
) -> None:
    response: Any = client_for(reader).get("/annotations.csv")
    today = timezone.localdate().isoformat()
    assert response.streaming is True
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert response["Content-Disposition"] == (
        f'attachment; filename="newsroom-annotations-{today}.csv"'
    )
    b"".join(response.streaming_content)


def test_it_writes_one_row_per_annotation_in_reading_order(
    client_for: Callable[[User | None], Client], editor: User, make_article: Callable[..., Article]
) -> None:
    later = make_article(published="2026-05-01")
    earlier = make_article(published="2026-01-01")
    same_day = make_article(published="2026-05-01")
    expected = []
    for art in (later, earlier, same_day):
        p1, p2 = art.paragraphs.order_by("position")
        # Created out of order on purpose: the export sorts, not the insertion order.
        b = annotate(p2, 5, 12, editor)
        a = annotate(p1, 4, 11, editor)
        c = annotate(p1, 4, 20, editor, tag="quote")
        d = annotate(p1, 0, 3, editor, tag="context")
        expected += [(art.pk, d.pk), (art.pk, a.pk), (art.pk, c.pk), (art.pk, b.pk)]
    order = {earlier.pk: 0, later.pk: 1, same_day.pk: 2}
    expected.sort(key=lambda pair: order[pair[0]])

    rows = export(client_for(editor))

    assert len(rows) == Annotation.objects.count() == 12
    got = [
        (int(r["article_id"]), (int(r["paragraph"]), int(r["start"]), int(r["end"]))) for r in rows
    ]
    by_pk = {pk: Annotation.objects.select_related("paragraph").get(pk=pk) for _, pk in expected}
    assert got == [
        (art, (by_pk[pk].paragraph.position, by_pk[pk].start, by_pk[pk].end))  # type: ignore[union-attr]
        for art, pk in expected
    ]
    first = rows[0]
    assert first["article_slug"] == earlier.slug
    assert first["article_title"] == earlier.title
    assert first["article_date"] == "2026-01-01"
    assert first["article_source"] == "The Harbour Gazette"
    assert first["paragraph_kind"] == "body"
    assert first["author"] == "editor"


UNICODE_PARAGRAPHS = [
    "Emoji 👍🏽 and family 👨‍👩‍👧 count as code points, not bytes.",
    "Cafe\u0301 au lait, n\u0303o, Å — combining accents stay put.",
    "東京都は新しい橋の建設を発表した。「それは十年で元が取れる」と市長。",
    "قال رئيس البلدية إن الجسر سيدفع ثمنه خلال عقد. שלום עולם",
    'He said "it\'s fine, really" — then left.\nSecond line\r\nthird.',
]


def test_it_keeps_text_exact_for_unicode(
    client_for: Callable[[User | None], Client], editor: User, make_article: Callable[..., Article]
) -> None:
    art = make_article(UNICODE_PARAGRAPHS)
    paragraphs = list(art.paragraphs.order_by("position"))
    notes = ['a "quoted", note', "line one\nline two\r\nline three", "ends with comma,", "👍🏽"]
    for i, p in enumerate(paragraphs):
        length = len(p.text)
        for start, end in [(0, 7), (5, 9), (length - 6, length), (0, length)]:
            annotate(p, start, end, editor, note=notes[(start + i) % len(notes)], speaker="Rosa")

    rows = export(client_for(editor))

    assert len(rows) == 20
    texts = {p.position: p.text for p in paragraphs}
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert unguard(row["text"]) == texts[int(row["paragraph"])][start:end]
    assert {r["note"] for r in rows} == set(notes)


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_it_guards_every_formula_character(
    client_for: Callable[[User | None], Client],
    make_article: Callable[..., Article],
    trigger: str,
) -> None:
    value = f'{trigger}HYPERLINK("http://evil.example")'
    author = make_user(f"{trigger}mallory" if trigger in "+-@" else "mallory")
    art = make_article(
        [value + " and the rest of the paragraph."],
        title=value,
        source=value,
        slug="-sly" if trigger == "-" else None,
    )
    p = art.paragraphs.get()
    annotate(p, 0, len(value), author, note=value, speaker=value)

    row = export(client_for(author))[0]

    # Paragraph text holds no CR (stored as the reader sees it): there it is a line feed.
    columns = ("article_title", "article_source", "note", "speaker")
    for column in (*columns, "text") if trigger != "\r" else columns:
        assert row[column] == "'" + value, column
        assert unguard(row[column]) == value
    if trigger == "\r":
        assert row["text"] == p.text[0 : int(row["end"])] == "\n" + value[1:]
    else:
        assert row["text"][1:] == p.text[0 : int(row["end"])]
    if trigger in "+-@":
        assert row["author"] == f"'{author.username}"
    if trigger == "-":
        assert row["article_slug"] == "'-sly"


def test_it_guards_nul_in_python_too() -> None:
    # PostgreSQL text cannot hold NUL, so only the Python twin of the rule ever sees one.
    assert guard("\0=x") == "'\0=x"
    assert unguard(guard("\0=x")) == "\0=x"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("'=1+1", "''=1+1"),  # a quote before a trigger: one more, so unguard is exact
        ("''@x", "'''@x"),
        ("'tis true", "'tis true"),  # an ordinary leading quote is left alone
        ("1-2", "1-2"),  # triggers only count at the start
        ("", ""),
    ],
)
def test_it_keeps_the_guard_reversible(
    client_for: Callable[[User | None], Client],
    editor: User,
    article: Article,
    value: str,
    written: str,
) -> None:
    p = article.paragraphs.get(position=1)
    annotate(p, 0, 3, editor, note=value)

    row = export(client_for(editor))[0]

    assert row["note"] == written == guard(value)
    assert unguard(row["note"]) == value


def test_it_leaves_text_untouched_with_raw(
    client_for: Callable[[User | None], Client], editor: User, make_article: Callable[..., Article]
) -> None:
    art = make_article(["=SUM(A1:A9) is what the spreadsheet said."], title="@title")
    p = art.paragraphs.get()
    annotate(p, 0, 11, editor, note="+note", speaker="-speaker")

    row = export(client_for(editor), raw="1")[0]

    assert row["text"] == "=SUM(A1:A9)" == p.text[0:11]
    assert (row["article_title"], row["note"], row["speaker"]) == ("@title", "+note", "-speaker")


def test_it_writes_timestamps_in_utc_iso_8601(
    client_for: Callable[[User | None], Client], editor: User, article: Article
) -> None:
    p = article.paragraphs.get(position=1)
    a = annotate(p, 4, 11, editor)
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    Annotation.objects.filter(pk=a.pk).update(
        created=datetime.datetime(2026, 11, 26, 12, 0, 0, 123456, tzinfo=plus_two),
        updated=datetime.datetime(2026, 11, 27, 0, 30, 5, tzinfo=datetime.UTC),
    )

    row = export(client_for(editor))[0]

    assert row["created_at"] == "2026-11-26T10:00:00.123456Z"
    assert row["updated_at"] == "2026-11-27T00:30:05.000000Z"


def test_it_exports_one_article_from_its_page(
    client_for: Callable[[User | None], Client], editor: User, make_article: Callable[..., Article]
) -> None:
    mine, other = make_article(), make_article()
    annotate(mine.paragraphs.get(position=1), 0, 3, editor)
    annotate(other.paragraphs.get(position=1), 0, 3, editor)

    response = client_for(editor).get(f"/articles/{mine.slug}/annotations.csv", {"tag": "claim"})

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="newsroom-annotations-{mine.slug}-{today}.csv"'
    )
    assert [r["article_slug"] for r in parse(response)] == [mine.slug]


def test_it_answers_404_for_an_unknown_article(
    client_for: Callable[[User | None], Client], reader: User
) -> None:
    assert client_for(reader).get("/articles/no-such-thing/annotations.csv").status_code == 404


@pytest.mark.parametrize("url", ["/annotations.csv", "/articles/anything/annotations.csv"])
def test_it_redirects_anonymous_users_to_login(
    client_for: Callable[[User | None], Client], url: str
) -> None:
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_refuses_post(
    client_for: Callable[[User | None], Client], reader: User, article: Article
) -> None:
    client = client_for(reader)
    assert client.post("/annotations.csv").status_code == 405
    assert client.post(f"/articles/{article.slug}/annotations.csv").status_code == 405


@pytest.fixture
def spread(editor: User, other_editor: User, make_article: Callable[..., Article]) -> list[Article]:
    """Three articles on three dates, annotated with every tag by two authors."""
    articles = [
        make_article(published=day, slug=f"day-{day}")
        for day in ("2026-01-10", "2026-02-10", "2026-03-10")
    ]
    for art in articles:
        p = art.paragraphs.get(position=1)
        annotate(p, 0, 3, editor, tag="claim")
        annotate(p, 4, 10, other_editor, tag="quote")
        annotate(p, 11, 15, editor, tag="context")
    return articles


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"article": "day-2026-02-10"},
            {("day-2026-02-10", t) for t in ("claim", "quote", "context")},
        ),
        (
            {"article": ["day-2026-01-10", "day-2026-03-10"], "tag": "quote"},
            {("day-2026-01-10", "quote"), ("day-2026-03-10", "quote")},
        ),
        (
            {"tag": ["claim", "context"], "since": "2026-03-10"},
            {("day-2026-03-10", "claim"), ("day-2026-03-10", "context")},
        ),
        (
            {"author": "other", "until": "2026-02-10"},
            {("day-2026-01-10", "quote"), ("day-2026-02-10", "quote")},
        ),
        (
            {"since": "2026-02-10", "until": "2026-02-10", "tag": "claim"},
            {("day-2026-02-10", "claim")},
        ),
        ({"article": "", "author": "", "since": "", "raw": ""}, None),  # an empty form
    ],
)
def test_it_filters(
    client_for: Callable[[User | None], Client],
    reader: User,
    spread: list[Article],
    params: dict[str, Any],
    expected: set[tuple[str, str]] | None,
) -> None:
    rows = export(client_for(reader), **params)
    got = {(r["article_slug"], r["tag"]) for r in rows}
    assert len(got) == len(rows)
    if expected is None:
        assert len(rows) == 9
    else:
        assert got == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tag": ["claim", "rumour"]}, "Unknown tag 'rumour'"),
        ({"since": "10/02/2026"}, "since: Enter a date as YYYY-MM-DD."),
        ({"until": "2026-02-31"}, "until: Enter a date as YYYY-MM-DD."),
        ({"article": ["day-2026-01-10", "nope"]}, "No article with slug 'nope'"),
        ({"author": "nobody"}, "No user named 'nobody'"),
        (
            {"since": "2026-03-01", "until": "2026-02-01"},
            "The start date (2026-03-01) is after the end date",
        ),
        ({"raw": "maybe"}, "raw: 'maybe' is not a yes/no value"),
    ],
)
def test_it_rejects_bad_filters_with_400(
    client_for: Callable[[User | None], Client],
    reader: User,
    spread: list[Article],
    params: dict[str, Any],
    message: str,
) -> None:
    for url in ("/annotations.csv", f"/articles/{spread[0].slug}/annotations.csv"):
        response = client_for(reader).get(url, params)
        if "article" in params and url != "/annotations.csv":
            continue  # the article page takes its article from the URL
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert message in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_it_cancels_the_copy_when_the_client_goes_away(
    editor: User, make_article: Callable[..., Article]
) -> None:
    # 600 rows of about 2 KB each (notes at their limit): 1.2 MB, far more than the socket
    # buffers hold, so the server is still in the middle of the COPY when the client goes.
    # bench/export.py does the same with 1,000,000 rows.
    art = make_article(["x" * 400])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO annotations_annotation"
            ' (article_id, paragraph_id, start, "end", text, prefix, suffix, tag, note,'
            "  speaker, verdict, author_id, created, updated)"
            " SELECT %s, %s, n %% 300, n %% 300 + 1 + n / 300, repeat('x', 1 + n / 300), '', '',"
            "  'claim', repeat('n', %s), '', '', %s, now(), now()"
            " FROM generate_series(0, 599) AS n",
            [art.pk, art.paragraphs.get().pk, NOTE_MAX_LENGTH, editor.pk],
        )
    chunks = stream_csv(ExportFilter())
    next(chunks)  # the header
    first = next(chunks)
    assert len(first) >= 64 * 1024
    chunks.close()

    assert first.count(b"\n") < 100  # the client went after a few dozen of the 600 rows
    # The connection is idle and usable again, not stuck in the middle of a COPY.
    assert Annotation.objects.count() == 600
    assert connection.connection.info.transaction_status.name == "IDLE"
