"""Make the README's screenshots: the reading page with 20 overlapping highlights and its
panel, and the list page, at 1440 px and at 375 px.

Run with `.venv/bin/python docs/screenshots.py` (Debian's Chromium: `CHROMIUM`, default
/usr/bin/chromium). It uses a throw-away database (`newsroom_screenshots`, dropped at the
end) on the embedded server, our own demo text, and the bench's harness to serve the app
under gunicorn with `DEBUG=0`. Writes docs/reading-1440.png, docs/reading-375.png,
docs/list-1440.png, docs/list-375.png, docs/suggestions-1440.png (an article with the
engine's suggestions outlined, one of them accepted, the next one focused with `.`) and
docs/agreement-1440.png (three editors on one article, as a reviewer sees it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent / "bench"))

import harness  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TITLE = "Harbour bridge vote splits the council"
PARAGRAPHS = [
    "The council voted 7–2 on Tuesday to fund the new harbour bridge, ending a decade of "
    "argument over how the old crossing should be replaced.",
    "“It will pay for itself within a decade,” said the mayor, Rosa Lind, who has "
    "championed the project since her first campaign.",
    "Opponents said the estimate of 40 million euros leaves out maintenance, and that the "
    "ferry service carried more passengers last year than in any year since 1987.",
    "Work starts in May and should take eighteen months, the city engineer said, although "
    "the contract allows for delays caused by winter storms.",
    "The regional audit office will review the financing plan before the first payment, "
    "a spokesperson confirmed on Wednesday.",
]
# (paragraph, words, tag, note, speaker, verdict): nested and overlapping on purpose.
MARKS = [
    (0, "The council voted 7–2 on Tuesday to fund the new harbour bridge", "claim", "", "", "true"),
    (0, "voted 7–2", "context", "Two members abstained last time", "", ""),
    (0, "fund the new harbour bridge", "quote", "", "council minutes", ""),
    (0, "ending a decade of argument", "context", "", "", ""),
    (1, "It will pay for itself within a decade", "quote", "", "Rosa Lind", ""),
    (1, "pay for itself", "claim", "Ask for the business case", "Rosa Lind", "unverified"),
    (1, "within a decade", "claim", "", "", "misleading"),
    (1, "the mayor, Rosa Lind", "context", "", "", ""),
    (1, "championed the project", "context", "", "", ""),
    (2, "the estimate of 40 million euros leaves out maintenance", "claim", "", "opponents", ""),
    (2, "40 million euros", "quote", "", "city budget", ""),
    (2, "leaves out maintenance", "context", "Maintenance is a separate budget line", "", ""),
    (2, "the ferry service carried more passengers", "claim", "Ferry report p. 12", "", "true"),
    (2, "since 1987", "context", "", "", ""),
    (3, "Work starts in May", "claim", "", "city engineer", "unverified"),
    (3, "should take eighteen months", "quote", "", "city engineer", ""),
    (3, "eighteen months", "claim", "Similar bridges took two years", "", "misleading"),
    (3, "delays caused by winter storms", "context", "", "", ""),
    (4, "will review the financing plan", "claim", "", "spokesperson", ""),
    (4, "before the first payment", "context", "", "", ""),
]


def build() -> str:
    """The article with its 20 highlights and two more plain articles; its address."""
    from django.contrib.auth.models import Group, User

    from annotations import lifecycle
    from annotations.apps import EDITORS
    from articles.importing import import_bytes

    for n, (title, text) in enumerate(
        [
            ("Ferry timetable changes from March", "The ferry will run every twenty minutes."),
            ("Library opens on Sundays", "The central library will open on Sundays."),
        ]
    ):
        import_bytes(f"date 2026-03-1{n}\ntitle {title}\n\n{text}\n".encode(), f"{n}.txt")
    data = f"date 2026-03-14\ntitle {TITLE}\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
    article = import_bytes(data.encode(), "bridge.txt").article
    assert article is not None
    user, _ = User.objects.get_or_create(username="demo")
    user.groups.add(Group.objects.get(name=EDITORS))
    user = User.objects.get(pk=user.pk)
    paragraphs = list(article.paragraphs.order_by("position"))
    for index, words, tag, note, speaker, verdict in MARKS:
        paragraph = paragraphs[index]
        start = paragraph.text.index(words)
        lifecycle.create(
            user,
            lifecycle.Selection(paragraph.pk, start, start + len(words), words),
            lifecycle.Fields(tag, note=note, speaker=speaker, verdict=verdict),
        )
    return article.get_absolute_url()


FERRY_TITLE = "Ferry operator promises more crossings"
FERRY = [
    "The ferry company will add twelve daily crossings from March, 40% more than last year.",
    "“We listened to the commuters,” said Ines Moreau, the company's director. “Nobody "
    "should wait an hour in the rain.”",
    "The harbour union said the new timetable was drawn up without the crews.",
    "According to Paul Weber, the port authority's spokesman, the extra crossings will cost "
    "3.5 million euros a year.",
    "“The boats are old and the crews are tired,” said Mara Olsen, the union's secretary.",
    "Ticket prices rose by 8% in January, the third increase since 2024.",
]


def build_suggested() -> str:
    """An article with the engine's suggestions, the first quote accepted by demo."""
    from django.contrib.auth.models import User
    from django.tasks import task_backends

    from annotations import lifecycle_suggestions
    from articles.importing import import_bytes
    from suggestions import store
    from suggestions.models import Suggestion

    data = f"date 2026-03-15\ntitle {FERRY_TITLE}\n\n" + "\n\n".join(FERRY) + "\n"
    article = import_bytes(data.encode(), "ferry.txt").article
    assert article is not None
    # Computed after the import's commit in the background thread: wait for it.
    backend = task_backends["default"]
    if hasattr(backend, "drain"):
        backend.drain()
    else:
        store.recompute(article.pk)
    first = Suggestion.objects.filter(article=article, tag="quote").order_by("id").first()
    assert first is not None
    lifecycle_suggestions.accept(User.objects.get(username="demo"), first.pk)
    return article.get_absolute_url()


AGREEMENT_TITLE = "Harbour bridge: three editors, one article"
# (editor, paragraph, words, tag, speaker): three editors who agree only in part.
EDITORS_MARKS = [
    ("ana", 0, "The council voted 7–2 on Tuesday", "claim", ""),
    ("ana", 1, "It will pay for itself within a decade", "quote", "Rosa Lind"),
    ("ana", 2, "the ferry service carried more passengers last year than in any year", "claim", ""),
    ("ana", 3, "Work starts in May", "claim", ""),
    ("ben", 0, "The council voted 7–2 on Tuesday to fund the new harbour bridge", "claim", ""),
    ("ben", 1, "It will pay for itself within a decade", "quote", "Rosa Lind"),
    ("ben", 2, "the ferry service carried more passengers last year", "claim", ""),
    ("ben", 3, "Work starts in May", "context", ""),
    ("cleo", 0, "voted 7–2 on Tuesday", "claim", ""),
    ("cleo", 1, "“It will pay for itself within a decade,”", "quote", "Rosa Lind"),
    ("cleo", 2, "the estimate of 40 million euros leaves out maintenance", "claim", ""),
    ("cleo", 3, "Work starts in May", "claim", ""),
]  # fmt: skip


def build_agreement() -> str:
    """The bridge text annotated by three editors, one dispute adjudicated by rita (a
    reviewer); the agreement page's address."""
    from django.contrib.auth.models import Group, User

    from annotations import lifecycle, lifecycle_adjudication
    from annotations.apps import EDITORS
    from articles.importing import import_bytes
    from desk import workflow
    from desk.models import Status

    data = f"date 2026-03-16\ntitle {AGREEMENT_TITLE}\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
    article = import_bytes(data.encode(), "three-editors.txt").article
    assert article is not None
    paragraphs = list(article.paragraphs.order_by("position"))
    made = {}
    for name, index, words, tag, speaker in EDITORS_MARKS:
        user, _ = User.objects.get_or_create(username=name)
        user.groups.add(Group.objects.get(name=EDITORS))
        user = User.objects.get(pk=user.pk)
        paragraph = paragraphs[index]
        start = paragraph.text.index(words)
        selection = lifecycle.Selection(paragraph.pk, start, start + len(words), words)
        made[name, index] = lifecycle.create(
            user, selection, lifecycle.Fields(tag, speaker=speaker)
        ).annotation
    reviewer, _ = User.objects.get_or_create(username="rita")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    reviewer = User.objects.get(pk=reviewer.pk)
    # Decisions are for an article the editors are done with.
    workflow.move(reviewer, article.pk, Status.READY)
    settles = [made[name, 3].pk for name in ("ana", "ben", "cleo")]
    lifecycle_adjudication.adjudicate(reviewer, article.pk, settles, adopt=settles[0])
    return f"/articles/{article.slug}/agreement"


def main() -> None:
    from playwright.sync_api import sync_playwright

    url = harness.create_database("newsroom_screenshots")
    try:
        env = harness.setup_django(url)
        path = build()
        ferry = build_suggested()
        agreement = build_agreement()
        cookie, _ = harness.login_session("demo")
        session = cookie.split(";")[0].split("=", 1)[1]
        cookie, _ = harness.login_session("rita")
        reviewer = cookie.split(";")[0].split("=", 1)[1]
        with harness.gunicorn(env) as (port, _), sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM)
            for width, height in ((1440, 900), (375, 812)):
                context = browser.new_context(
                    viewport={"width": width, "height": height}, device_scale_factor=1
                )
                base = f"http://127.0.0.1:{port}"
                context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
                page = context.new_page()
                page.goto(base + path)
                page.screenshot(path=DOCS / f"reading-{width}.png", full_page=width < 1000)
                page.goto(base + "/")
                page.screenshot(path=DOCS / f"list-{width}.png")
                if width > 1000:
                    page.goto(base + ferry)
                    page.locator("#article-body").focus()
                    page.keyboard.press(".")
                    page.keyboard.press(".")
                    page.screenshot(path=DOCS / "suggestions-1440.png")
                    context.clear_cookies()
                    context.add_cookies([{"name": "sessionid", "value": reviewer, "url": base}])
                    page.goto(base + agreement)
                    page.screenshot(path=DOCS / "agreement-1440.png", full_page=True)
                context.close()
            browser.close()
        print("wrote", ", ".join(f"docs/{p.name}" for p in sorted(DOCS.glob("*-[13]*.png"))))
    finally:
        harness.drop_database(url)


if __name__ == "__main__":
    main()
