// Highlights within keyboard reach: ] and [ step through them in reading order and focus
// one, the text staying one tab stop. A highlight is focusable only while it has focus:
// a tabindex on every mark stops Chromium's mouse from starting a selection inside one,
// and editors select words that are already highlighted to tag them again.
import { announce } from "./messages.js";

/** The first <mark> of each annotation in `body`, in reading order. */
export function firstMarks(body) {
  const seen = new Set();
  return [...body.querySelectorAll("mark[data-annotation-id]")].filter((mark) => {
    const id = mark.dataset.annotationId;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Focus the highlight of annotation `id` and put the caret at its start; its mark. */
export function focusHighlight(id) {
  const mark = document.querySelector(`#article-body mark[data-annotation-id="${id}"]`);
  if (mark) focusMark(mark);
  return mark;
}

function focusMark(mark) {
  mark.tabIndex = -1;
  mark.addEventListener("blur", () => mark.removeAttribute("tabindex"), { once: true });
  mark.focus();
  // Arrows carry on from the highlight, so the caret goes where focus went.
  window.getSelection().collapse(mark, 0);
}

function after(point, mark) {
  return Boolean(point.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING);
}

/** Focus the next (`step` 1) or previous (-1) highlight from focus or the caret. */
export function stepHighlight(body, step) {
  const marks = firstMarks(body);
  const active = document.activeElement;
  const current = active?.matches?.("mark[data-annotation-id]")
    ? marks.find((m) => m.dataset.annotationId === active.dataset.annotationId)
    : null;
  let target;
  if (current) {
    target = marks[marks.indexOf(current) + step];
  } else {
    const sel = window.getSelection();
    const point = sel.rangeCount && body.contains(sel.focusNode) ? sel.focusNode : null;
    if (!point) target = step > 0 ? marks[0] : marks[marks.length - 1];
    else if (step > 0) target = marks.find((m) => after(point, m) || m.contains(point));
    else target = marks.findLast((m) => !after(point, m) && !m.contains(point));
  }
  if (target) focusMark(target);
  else announce(marks.length ? (step > 0 ? "No more highlights below." : "No more highlights above.") : "No highlights yet.");
}

/** Let a press inside a focused highlight start a selection, as anywhere in the text. */
export function init(body) {
  body.addEventListener(
    "pointerdown",
    (event) => event.target.closest?.("mark[tabindex]")?.removeAttribute("tabindex"),
    true,
  );
}
