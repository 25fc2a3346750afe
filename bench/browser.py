"""In Chromium: the time from the tag key to the new highlight drawn, on the
4,000-annotation article beside a 10-annotation one.

Run with `make bench` (or `.venv/bin/python bench/browser.py`; `BENCH_SHORT=1` for a
quick run). In its own database (`newsroom_bench_browser`, dropped at the end) it imports
a 400-paragraph article with 4,000 overlapping annotations and a 10-paragraph one with 10,
serves the app under gunicorn (`DEBUG=0`), opens each reading page in Debian's Chromium
(`CHROMIUM`, default /usr/bin/chromium) as an editor and, several times per page, selects
a passage with the keyboard (Shift+Arrow), presses 1 and measures, in the page, from the
key's keydown to the frame after the new mark is in the paragraph. The pages alternate
(BENCH_ROUNDS, default 3); it prints the medians, the spread and the ratio big/small
(the issue's goal: at most 2), the pages' load times, sizes and element counts.
"""

from __future__ import annotations

import os
import statistics
from typing import Any

import harness

PER_ROUND = 3 if harness.SHORT else 6
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

SELECT_JS = """([pid, start, end]) => {
    // Our generated text is ASCII inside marks: the DOM offsets are code points.
    const p = document.getElementById(`paragraph-${pid}`);
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let seen = 0, node, from = null, to = null;
    while ((node = walker.nextNode())) {
        const n = node.data.length;
        if (from === null && start < seen + n) from = [node, start - seen];
        if (to === null && end <= seen + n) to = [node, end - seen];
        seen += n;
    }
    const range = document.createRange();
    range.setStart(...from);
    range.setEnd(...to);
    document.getElementById("article-body").focus();
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
}"""

WATCH_JS = """([pid]) => {
    const paragraph = () => document.getElementById(`paragraph-${pid}`);
    const before = new Set([...paragraph().querySelectorAll("mark")].map(
        (m) => m.dataset.annotationId));
    window.__drawn = undefined;
    window.__keydown = undefined;
    document.addEventListener("keydown", (e) => {
        if (e.key === "1") window.__keydown = performance.now();
    }, {capture: true, once: true});
    const observer = new MutationObserver(() => {
        const marks = [...paragraph().querySelectorAll("mark")];
        if (marks.some((m) => !before.has(m.dataset.annotationId))) {
            observer.disconnect();
            requestAnimationFrame(() => { window.__drawn = performance.now(); });
        }
    });
    observer.observe(document.getElementById("article-body"), {childList: true, subtree: true});
}"""


def spans(article_id: int) -> list[tuple[int, int, int]]:
    """(paragraph id, start, end) of passages nobody annotated yet, spread over the text."""
    from articles.models import Paragraph

    rows = list(Paragraph.objects.filter(article_id=article_id).order_by("position"))
    picked = []
    for n in range(200):
        paragraph = rows[(n * 37) % len(rows)]
        start = 240 + (n % 20) * 3
        picked.append((paragraph.pk, start, start + 6))
    return picked


def tag_and_wait(page: Any, paragraph_id: int, start: int, end: int) -> float:
    """Select [start, end) with the last character by Shift+ArrowRight, press 1; ms."""
    page.evaluate(SELECT_JS, [paragraph_id, start, end - 1])
    page.keyboard.press("Shift+ArrowRight")
    page.locator("#toolbar").wait_for(state="visible")
    page.evaluate(WATCH_JS, [paragraph_id])
    page.keyboard.press("1")
    page.wait_for_function("() => window.__drawn !== undefined", timeout=300_000)
    return float(page.evaluate("window.__drawn - window.__keydown"))


def main() -> None:
    from playwright.sync_api import sync_playwright

    url = harness.create_database("newsroom_bench_browser")
    try:
        env = harness.setup_django(url)
        from annotations.apps import EDITORS
        from articles.importing import import_bytes

        articles = {}
        for count, paragraphs in ((4000, 400), (10, 10)):
            data = harness.article_file(paragraphs, f"Browser bench {count}")
            article = import_bytes(data, f"{count}.txt").article
            assert article is not None
            harness.annotate("bench-browser-author", article.pk, 10, limit=count)
            articles[count] = article
        cookie, _ = harness.login_session("bench-browser-editor", [EDITORS])
        session = cookie.split(";")[0].split("=", 1)[1]
        todo = {count: spans(article.pk) for count, article in articles.items()}
        times: dict[int, list[float]] = {4000: [], 10: []}
        loads: dict[int, list[float]] = {4000: [], 10: []}
        shape: dict[int, tuple[int, int]] = {}
        with harness.gunicorn(env) as (port, _), sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM)
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            context.add_cookies(
                [{"name": "sessionid", "value": session, "url": f"http://127.0.0.1:{port}"}]
            )
            page = context.new_page()
            for _ in range(harness.ROUNDS):
                for count in (4000, 10):
                    page.goto(f"http://127.0.0.1:{port}{articles[count].get_absolute_url()}")
                    loads[count].append(
                        float(
                            page.evaluate(
                                "performance.getEntriesByType('navigation')[0].loadEventEnd"
                            )
                        )
                    )
                    shape[count] = (
                        int(page.evaluate("document.documentElement.outerHTML.length")),
                        int(page.evaluate("document.getElementsByTagName('*').length")),
                    )
                    for _ in range(PER_ROUND):
                        times[count].append(tag_and_wait(page, *todo[count].pop()))
            browser.close()
        big, small = times[4000], times[10]
        ratios = [b / s for b, s in zip(big, small, strict=True)]
        print(f"\nbrowser bench, {len(big)} tags per page over {harness.ROUNDS} rounds:")
        for count in (4000, 10):
            size, elements = shape[count]
            print(
                f"{count:>5} annotations: tag key -> highlight drawn {harness.spread(times[count])}"
                f" ms; page load {harness.spread(loads[count], 0)} ms; "
                f"{size / 1024:,.0f} KB of HTML, {elements:,} elements"
            )
        print(
            f"ratio 4,000/10: median {statistics.median(big) / statistics.median(small):.2f}, "
            f"paired {harness.spread(ratios, 2)}   (goal <= 2)"
        )
    finally:
        harness.drop_database(url)


if __name__ == "__main__":
    main()
