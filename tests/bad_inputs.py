"""A corpus of bad inputs, one :class:`Case` each, over every endpoint of the product.

tests/test_bad_inputs.py replays them: each must get its 4xx, a message naming the field
(for field errors) and leave every table as it was. URLs and values name the test's world
with ``{placeholders}`` (test_bad_inputs.World). Lone surrogates cannot be sent as Python
text (the test client encodes it as UTF-8 first), so they travel as a browser or a script
would send them: percent-encoded (``%ED%A0%80`` is U+D800 in UTF-8's form) or as raw bytes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

NUL = "a\x00b"
SURROGATE = "%ED%A0%80"  # U+D800, UTF-8's encoding of a lone surrogate, percent-encoded
FORM = "application/x-www-form-urlencoded"
HTMX = {"HX-Request": "true"}


@dataclass(frozen=True)
class Case:
    """One bad request and what it must get.

    ``data``: form fields, sent url-encoded (as htmx does) unless ``multipart``; a value of
    None leaves the field out. ``body``: raw bytes sent instead, as ``content_type``.
    ``client``: editor (the default; author of ``mine``, ``moved`` and ``orphan``), other
    (another editor), reader (no permission to annotate), admin, anon, csrf (the editor,
    CSRF enforced, no token) or csrf_wrong (the editor, CSRF enforced, a wrong token).
    ``field``: the field an error message must name (as ``field:``); ``says``: words the
    answer must contain otherwise.
    """

    name: str
    method: str
    url: str
    status: int
    field: str | None = None
    data: dict[str, Any] | None = None
    body: bytes | None = None
    content_type: str = FORM
    multipart: bool = False
    client: str = "editor"
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    says: str | None = None


def create(**change: Any) -> dict[str, Any]:
    """A valid create (the first three characters of the first paragraph), changed."""
    data = {
        "article": "{article}",
        "paragraph": "{para}",
        "start": "0",
        "end": "3",
        "text": "The",
        "tag": "claim",
    }
    return {**data, **change}


def edit(**change: Any) -> dict[str, Any]:
    """A valid edit of the editor's annotation, changed."""
    return {"version": "{v_mine}", "tag": "claim", "note": "", **change}


def reattach(**change: Any) -> dict[str, Any]:
    """A valid re-attachment of the orphan onto "Nobody" in its old paragraph, changed."""
    data = {
        "annotation": "{orphan}",
        "version": "{v_orphan}",
        "paragraph": "{para3}",
        "start": "0",
        "end": "6",
        "text": "Nobody",
    }
    return {**data, **change}


ARTICLE = "/articles/{slug}/"
PANEL = "/articles/{slug}/annotations/"
MORE = "/articles/{slug}/annotations/more/"
CREATE = "/annotations/"
ENTRY = "/annotations/{mine}/"
EDIT = "/annotations/{mine}/edit/"
DELETE = "/annotations/{mine}/delete/"
RESTORE = "/annotations/restore/"
CONFIRM = "/annotations/{moved}/confirm/"
REATTACH = "/annotations/reattach/"
HISTORY = "/annotations/{mine}/history/"
EXPORT = "/annotations/export/"
CSV = "/annotations.csv"
ARTICLE_CSV = "/articles/{slug}/annotations.csv"
LOGIN = "/accounts/login/"

LIST_AND_READING = [
    Case("search with a NUL", "get", "/?q=a%00b", 400, "q"),
    Case("search, htmx, with a NUL", "get", "/?q=%00", 400, "q", headers=HTMX),
    Case("search with a lone surrogate", "get", f"/?q={SURROGATE}", 400, "q"),
    Case("search with bytes that are not UTF-8", "get", "/?q=%FF%FE", 400, "q"),
    Case("a parameter name with a NUL", "get", "/?a%00b=1", 400, "a\\x00b"),
    Case("list page by POST", "post", "/", 405, data={"q": "x"}),
    Case("reading page, slug with a NUL", "get", "/articles/a%00b/", 400, "address"),
    Case("reading page, tag filter with a NUL", "get", ARTICLE + "?tag=%00", 400, "tag"),
    Case(
        "reading page, author as a surrogate",
        "get",
        ARTICLE + f"?author={SURROGATE}",
        400,
        "author",
    ),
    Case("reading page by POST", "post", ARTICLE, 405, data={}),
    Case("unknown article", "get", "/articles/no-such-article/", 404),
    Case("panel by POST", "post", PANEL, 405, data={"tag": "claim"}),
    Case("panel, author with a NUL", "get", PANEL + "?author=x%00", 400, "author", headers=HTMX),
    Case("more, no ?after=", "get", MORE, 400, "after"),
    Case("more, ?after=² (not a digit to int)", "get", MORE + "?after=%C2%B2", 400, "after"),
    Case("more, ?after= in Arabic-Indic digits", "get", MORE + "?after=%D9%A3", 400, "after"),
    Case("more, ?after= huge", "get", MORE + "?after=1.2.3." + "9" * 40, 400, "after"),
    Case("more, ?after=-1", "get", MORE + "?after=1.2.3.-1", 400, "after"),
    Case("more, ?after= a bare id (three numbers missing)", "get", MORE + "?after=7", 400, "after"),
    Case("more, ?after= five numbers", "get", MORE + "?after=1.2.3.4.5", 400, "after"),
    Case("more, tag with a NUL", "get", MORE + "?after=1.0.3.{mine}&tag=%00", 400, "tag"),
    Case("more by POST", "post", MORE + "?after=1.0.3.{mine}", 405, data={}),
]

CREATES = [
    Case("create with nothing", "post", CREATE, 400, "tag", data={}),
    Case("create without text", "post", CREATE, 400, "text", data=create(text=None)),
    Case("create without tag", "post", CREATE, 400, "tag", data=create(tag=None)),
    Case("create, start not a number", "post", CREATE, 400, "start", data=create(start="abc")),
    Case("create, start=²", "post", CREATE, 400, "start", data=create(start="²")),
    Case(
        "create, start in Arabic-Indic digits", "post", CREATE, 400, "start", data=create(start="٠")
    ),
    Case(
        "create, start in fullwidth digits", "post", CREATE, 400, "start", data=create(start="０")
    ),
    Case("create, start=1.5", "post", CREATE, 400, "start", data=create(start="1.5")),
    Case("create, end huge", "post", CREATE, 400, "end", data=create(end="1" + "0" * 30)),
    Case("create, end of 5,000 digits", "post", CREATE, 400, "end", data=create(end="9" * 5000)),
    Case(
        "create, start after end",
        "post",
        CREATE,
        400,
        "start",
        data=create(start="3", end="1"),
        says="Bad offsets",
    ),
    Case("create, negative start", "post", CREATE, 400, "start", data=create(start="-1")),
    Case(
        "create, end past the paragraph",
        "post",
        CREATE,
        400,
        "end",
        data=create(end="100000", text="x"),
    ),
    Case("create, article 0", "post", CREATE, 400, "article", data=create(article="0")),
    Case(
        "create, paragraph of another article",
        "post",
        CREATE,
        400,
        "paragraph",
        data=create(paragraph="{foreign_para}"),
    ),
    Case(
        "create, paragraph that does not exist",
        "post",
        CREATE,
        404,
        data=create(paragraph="987654321"),
    ),
    Case("create, text not at those offsets", "post", CREATE, 409, data=create(text="Xyz")),
    Case("create, unknown tag", "post", CREATE, 400, "tag", data=create(tag="rumour")),
    Case(
        "create, unknown verdict", "post", CREATE, 400, "verdict", data=create(verdict="probably")
    ),
    Case(
        "create, verdict on a quote",
        "post",
        CREATE,
        400,
        "verdict",
        data=create(tag="quote", verdict="false"),
    ),
    Case(
        "create, speaker on context",
        "post",
        CREATE,
        400,
        "speaker",
        data=create(tag="context", speaker="Mayor"),
    ),
    Case(
        "create, note too long (1 MB)",
        "post",
        CREATE,
        400,
        "note",
        data=create(note="n" * 1_000_000),
    ),
    Case(
        "create, speaker too long", "post", CREATE, 400, "speaker", data=create(speaker="s" * 1000)
    ),
    Case("create, text too long", "post", CREATE, 400, "text", data=create(text="t" * 20_001)),
    Case("create, text with a NUL", "post", CREATE, 400, "text", data=create(text="T\x00e")),
    Case("create, note with a NUL", "post", CREATE, 400, "note", data=create(note=NUL)),
    Case(
        "create, speaker with a NUL (htmx)",
        "post",
        CREATE,
        400,
        "speaker",
        data=create(speaker=NUL),
        headers=HTMX,
    ),
    Case(
        "create, multipart, note with a NUL",
        "post",
        CREATE,
        400,
        "note",
        data=create(note=NUL),
        multipart=True,
    ),
    Case(
        "create, note as a lone surrogate",
        "post",
        CREATE,
        400,
        "note",
        body=b"article={article}&paragraph={para}&start=0&end=3&text=The&tag=claim&note=%ED%A0%80",
    ),
    Case(
        "create, raw bytes that are not UTF-8",
        "post",
        CREATE,
        400,
        "note",
        body=b"article={article}&paragraph={para}&start=0&end=3&text=The&tag=claim&note=\xed\xa0\x80",
    ),
    Case(
        "create, field name with a NUL",
        "post",
        CREATE,
        400,
        "x\\x00",
        body=b"article={article}&paragraph={para}&start=0&end=3&text=The&tag=claim&x%00=1",
    ),
    Case(
        "create as JSON",
        "post",
        CREATE,
        400,
        "tag",
        body=b'{"article": 1, "tag": "claim"}',
        content_type="application/json",
    ),
    Case(
        "create declared as UTF-16",
        "post",
        CREATE,
        400,
        "Content-Type",
        body=b"tag=claim",
        content_type=FORM + "; charset=utf-16",
    ),
    Case(
        "create declared as latin-1",
        "post",
        CREATE,
        400,
        "Content-Type",
        body=b"article={article}&paragraph={para}&start=0&end=3&text=The&tag=claim",
        content_type=FORM + "; charset=latin-1",
    ),
    Case(
        "create with 1,500 fields",
        "post",
        CREATE,
        400,
        body=b"&".join(b"f%d=1" % i for i in range(1500)),
        says="too many fields",
    ),
    Case(
        "create with a 3 MB body",
        "post",
        CREATE,
        413,
        body=b"note=" + b"n" * 3_000_000,
        says="too large",
    ),
    Case("create by a reader", "post", CREATE, 403, data=create(), client="reader"),
    Case("create by GET", "get", CREATE, 405),
    Case("create without a CSRF token", "post", CREATE, 403, data=create(), client="csrf"),
    Case("create with a wrong CSRF token", "post", CREATE, 403, data=create(), client="csrf_wrong"),
]

CHANGES = [
    Case("entry by POST", "post", ENTRY, 405, data={}),
    Case("entry of no annotation", "get", "/annotations/999999999/", 404),
    Case("entry, id of 30 digits", "get", "/annotations/" + "9" * 30 + "/", 404),
    Case("edit without version", "post", EDIT, 400, "version", data=edit(version=None)),
    Case("edit, version=²", "post", EDIT, 400, "version", data=edit(version="²")),
    Case(
        "edit, version of 5,000 digits", "post", EDIT, 400, "version", data=edit(version="9" * 5000)
    ),
    Case("edit, version true", "post", EDIT, 400, "version", data=edit(version="true")),
    Case("edit, stale version", "post", EDIT, 409, data=edit(version="999")),
    Case("edit without tag", "post", EDIT, 400, "tag", data=edit(tag=None)),
    Case("edit, unknown verdict", "post", EDIT, 400, "verdict", data=edit(verdict="meh")),
    Case("edit, note with a NUL", "post", EDIT, 400, "note", data=edit(note=NUL)),
    Case(
        "edit, speaker as a lone surrogate",
        "post",
        EDIT,
        400,
        "speaker",
        body=b"version={v_mine}&tag=claim&speaker=%ED%B0%80",
    ),
    Case("edit, note too long", "post", EDIT, 400, "note", data=edit(note="n" * 100_000)),
    Case("edit someone else's", "post", "/annotations/{theirs}/edit/", 403, data=edit(version="1")),
    Case("edit form of someone else's", "get", "/annotations/{theirs}/edit/", 403),
    Case("edit of no annotation", "post", "/annotations/999999999/edit/", 404, data=edit()),
    Case("edit by PUT", "put", EDIT, 405, body=b"tag=quote"),
    Case("edit without a CSRF token", "post", EDIT, 403, data=edit(), client="csrf"),
    Case("delete without version", "post", DELETE, 400, "version", data={}),
    Case("delete, version=²", "post", DELETE, 400, "version", data={"version": "²"}),
    Case("delete, version with a NUL", "post", DELETE, 400, "version", data={"version": "1\x00"}),
    Case("delete, stale version", "post", DELETE, 409, data={"version": "2"}),
    Case(
        "delete someone else's", "post", "/annotations/{theirs}/delete/", 403, data={"version": "1"}
    ),
    Case("delete by GET", "get", DELETE, 405),
    Case("delete by DELETE", "delete", DELETE, 405),
    Case(
        "delete without a CSRF token",
        "post",
        DELETE,
        403,
        data={"version": "{v_mine}"},
        client="csrf",
    ),
    Case(
        "delete with a wrong CSRF token",
        "post",
        DELETE,
        403,
        data={"version": "{v_mine}"},
        client="csrf_wrong",
    ),
    Case(
        "dismiss an orphan, stale version",
        "post",
        "/annotations/{orphan}/delete/",
        409,
        data={"version": "99"},
    ),
    Case(
        "dismiss someone else's orphan",
        "post",
        "/annotations/{orphan}/delete/",
        403,
        data={"version": "{v_orphan}"},
        client="other",
    ),
    Case("undo without token", "post", RESTORE, 400, "token", data={}),
    Case("undo, forged token", "post", RESTORE, 400, "token", data={"token": "{forged_token}"}),
    Case(
        "undo, token of the wrong shape",
        "post",
        RESTORE,
        400,
        "token",
        data={"token": "{shapeless_token}"},
    ),
    Case("undo, token with a NUL", "post", RESTORE, 400, "token", data={"token": NUL}),
    Case("undo, someone else's deletion", "post", RESTORE, 403, data={"token": "{foreign_token}"}),
    Case(
        "undo, a deletion that never was", "post", RESTORE, 404, data={"token": "{phantom_token}"}
    ),
    Case("undo by GET", "get", RESTORE, 405),
    Case(
        "undo without a CSRF token",
        "post",
        RESTORE,
        403,
        data={"token": "{forged_token}"},
        client="csrf",
    ),
    Case("confirm without version", "post", CONFIRM, 400, "version", data={}),
    Case("confirm, version=²", "post", CONFIRM, 400, "version", data={"version": "²"}),
    Case(
        "confirm, version in Arabic-Indic digits",
        "post",
        CONFIRM,
        400,
        "version",
        data={"version": "٢"},
    ),
    Case("confirm, stale version", "post", CONFIRM, 409, data={"version": "1"}),
    Case(
        "confirm a placed annotation",
        "post",
        "/annotations/{mine}/confirm/",
        409,
        data={"version": "{v_mine}"},
    ),
    Case(
        "confirm someone else's",
        "post",
        CONFIRM,
        403,
        data={"version": "{v_moved}"},
        client="other",
    ),
    Case("confirm by GET", "get", CONFIRM, 405),
    Case(
        "confirm with a wrong CSRF token",
        "post",
        CONFIRM,
        403,
        data={"version": "{v_moved}"},
        client="csrf_wrong",
    ),
    Case(
        "reattach without annotation",
        "post",
        REATTACH,
        400,
        "annotation",
        data=reattach(annotation=None),
    ),
    Case(
        "reattach, annotation=²", "post", REATTACH, 400, "annotation", data=reattach(annotation="²")
    ),
    Case(
        "reattach, offsets reversed",
        "post",
        REATTACH,
        400,
        "start",
        data=reattach(start="6", end="2"),
    ),
    Case(
        "reattach, text with a NUL", "post", REATTACH, 400, "text", data=reattach(text="Nob\x00dy")
    ),
    Case(
        "reattach into another article",
        "post",
        REATTACH,
        400,
        "paragraph",
        data=reattach(paragraph="{foreign_para}"),
    ),
    Case(
        "reattach a placed annotation",
        "post",
        REATTACH,
        409,
        data=reattach(annotation="{mine}", version="{v_mine}"),
    ),
    Case("reattach someone else's", "post", REATTACH, 403, data=reattach(), client="other"),
    Case("reattach by a reader", "post", REATTACH, 403, data=reattach(), client="reader"),
    Case("reattach by GET", "get", REATTACH, 405),
    Case("reattach without a CSRF token", "post", REATTACH, 403, data=reattach(), client="csrf"),
    Case("history by POST", "post", HISTORY, 405, data={}),
    Case("history of no annotation", "get", "/annotations/999999999/history/", 404),
]

EXPORTS = [
    Case("export form, title with a NUL", "get", EXPORT + "?title=a%00b", 400, "title"),
    Case("export form, title as a surrogate", "get", EXPORT + f"?title={SURROGATE}", 400, "title"),
    Case(
        "export form, article_id with a NUL", "get", EXPORT + "?article_id=1%00", 400, "article_id"
    ),
    Case("export form by POST", "post", EXPORT, 405, data={}),
    Case("CSV, article with a NUL", "get", CSV + "?article=a%00b", 400, "article"),
    Case("CSV, unknown article", "get", CSV + "?article=no-such-article", 400, "article"),
    Case("CSV, article_id not a number", "get", CSV + "?article_id=abc", 400, "article_id"),
    Case("CSV, article_id=²", "get", CSV + "?article_id=%C2%B2", 400, "article_id"),
    Case(
        "CSV, article_id of 5,000 digits",
        "get",
        CSV + "?article_id=" + "9" * 5000,
        400,
        "article_id",
    ),
    Case(
        "CSV, 201 articles",
        "get",
        CSV + "?" + "&".join(f"article_id={i}" for i in range(1, 202)),
        400,
        "article_id",
    ),
    Case("CSV, unknown tag", "get", CSV + "?tag=rumour", 400, "tag"),
    Case("CSV, tag with a NUL", "get", CSV + "?tag=claim%00", 400, "tag"),
    Case("CSV, unknown author", "get", CSV + "?author=nobody", 400, "author"),
    Case("CSV, author as a surrogate", "get", CSV + f"?author={SURROGATE}", 400, "author"),
    Case("CSV, since not a date", "get", CSV + "?since=2026-13-01", 400, "since"),
    Case("CSV, since of 10,000 characters", "get", CSV + "?since=" + "2" * 10_000, 400, "since"),
    Case(
        "CSV, until before since", "get", CSV + "?since=2026-03-02&until=2026-03-01", 400, "until"
    ),
    Case("CSV, raw neither yes nor no", "get", CSV + "?raw=maybe", 400, "raw"),
    Case("CSV, htmx, raw with a NUL", "get", CSV + "?raw=%00", 400, "raw", headers=HTMX),
    Case("CSV by POST", "post", CSV, 405, data={}),
    Case("article CSV, unknown tag", "get", ARTICLE_CSV + "?tag=rumour", 400, "tag"),
    Case("article CSV, slug with a NUL", "get", "/articles/a%00/annotations.csv", 400, "address"),
    Case("article CSV of no article", "get", "/articles/no-such-article/annotations.csv", 404),
]

ACCOUNTS_AND_ADMIN = [
    Case(
        "login, username with a NUL",
        "post",
        LOGIN,
        400,
        "username",
        data={"username": NUL, "password": "x"},
        client="anon",
    ),
    Case(
        "login, password as a surrogate",
        "post",
        LOGIN,
        400,
        "password",
        body=b"username=demo&password=%ED%A0%80",
        client="anon",
    ),
    Case("login by PATCH", "patch", LOGIN, 405, body=b"", client="anon"),
    Case(
        "login without a CSRF token",
        "post",
        LOGIN,
        403,
        data={"username": "editor", "password": "x"},
        client="csrf",
    ),
    Case("logout by GET", "get", "/accounts/logout/", 405),
    Case("logout without a CSRF token", "post", "/accounts/logout/", 403, data={}, client="csrf"),
    Case(
        "a session cookie with a NUL",
        "get",
        PANEL,
        401,
        client="anon",
        headers={**HTMX, "Cookie": "sessionid=abcdefgh\x00ijk"},
    ),
    Case(
        "a Host we do not serve",
        "get",
        "/",
        400,
        client="anon",
        headers={"Host": "evil.example"},
        says="Host",
    ),
    Case(
        "admin search with a NUL",
        "get",
        "/admin/annotations/annotation/?q=%00",
        400,
        "q",
        client="admin",
    ),
    Case(
        "admin search as a surrogate",
        "get",
        f"/admin/articles/article/?q={SURROGATE}",
        400,
        "q",
        client="admin",
    ),
    Case(
        "admin filter with a NUL",
        "get",
        "/admin/annotations/annotation/?tag__exact=%00",
        400,
        "tag__exact",
        client="admin",
    ),
    Case(
        "admin edit, note with a NUL",
        "post",
        "/admin/annotations/annotation/{mine}/change/",
        400,
        "note",
        data={"tag": "claim", "note": NUL, "seen_version": "{v_mine}"},
        client="admin",
    ),
    Case(
        "admin login, username with a NUL",
        "post",
        "/admin/login/",
        400,
        "username",
        data={"username": NUL, "password": "x"},
        client="anon",
    ),
    Case(
        "admin edit without a CSRF token",
        "post",
        "/admin/annotations/annotation/{mine}/change/",
        403,
        data={"tag": "quote"},
        client="csrf",
    ),
]

AGREEMENT = "/articles/{slug}/agreement"
AGREEMENT_JSON = "/articles/{slug}/agreement.json"
ADJUDICATE = "/articles/{slug}/adjudicate"


def adjudicate(**change: Any) -> dict[str, Any]:
    """The superuser adopts the editor's "council" over the other editor's "harbour"
    (two annotations of one paragraph), with ``change`` applied."""
    return {"settles": "{mine}", "adopt": "{mine}", **change}


AGREEMENT_CASES = [
    Case("agreement page, slug with a NUL", "get", "/articles/a%00b/agreement", 400, "address"),
    Case("agreement page of no article", "get", "/articles/nope/agreement", 404, client="admin"),
    Case("agreement page for an editor", "get", AGREEMENT, 403),
    Case("agreement page by POST", "post", AGREEMENT, 405, data={}, client="admin"),
    Case("agreement JSON for a reader", "get", AGREEMENT_JSON, 403, client="reader"),
    Case("agreement JSON by POST", "post", AGREEMENT_JSON, 405, data={}, client="admin"),
    Case(
        "adjudicate, settles with a NUL",
        "post",
        ADJUDICATE,
        400,
        "settles",
        data=adjudicate(settles=NUL),
        client="admin",
    ),
    Case(
        "adjudicate, settles not a number",
        "post",
        ADJUDICATE,
        400,
        "settles",
        data=adjudicate(settles="٣"),
        client="admin",
    ),
    Case(
        "adjudicate, adopt not a number",
        "post",
        ADJUDICATE,
        400,
        "adopt",
        data=adjudicate(adopt="x"),
        client="admin",
    ),
    Case(
        "adjudicate, adopt one not settled",
        "post",
        ADJUDICATE,
        400,
        "adopt",
        data=adjudicate(adopt="{theirs}"),
        client="admin",
    ),
    Case(
        "adjudicate, unknown tag",
        "post",
        ADJUDICATE,
        400,
        "tag",
        data=adjudicate(adopt=None, start="0", end="3", tag="opinion"),
        client="admin",
    ),
    Case(
        "adjudicate, merged past the paragraph",
        "post",
        ADJUDICATE,
        400,
        "end",
        data=adjudicate(adopt=None, start="0", end="99999", tag="claim"),
        client="admin",
    ),
    Case(
        "adjudicate, an orphan",
        "post",
        ADJUDICATE,
        409,
        data=adjudicate(settles="{orphan}", adopt="{orphan}"),
        client="admin",
    ),
    Case(
        "adjudicate, no such annotation",
        "post",
        ADJUDICATE,
        400,  # an id in the form is a field's value: refused naming ``settles``
        data=adjudicate(settles="987654321", adopt="987654321"),
        client="admin",
    ),
    Case("adjudicate by an editor", "post", ADJUDICATE, 403, data=adjudicate()),
    Case("adjudicate by GET", "get", ADJUDICATE, 405, client="admin"),
    Case(
        "adjudicate without a CSRF token", "post", ADJUDICATE, 403, data=adjudicate(), client="csrf"
    ),
]

GROUPS = {
    "list_and_reading": LIST_AND_READING,
    "agreement": AGREEMENT_CASES,
    "creates": CREATES,
    "changes": CHANGES,
    "exports": EXPORTS,
    "accounts_and_admin": ACCOUNTS_AND_ADMIN,
}
CASES = [case for cases in GROUPS.values() for case in cases]
