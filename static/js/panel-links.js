// Between the text and the panel: an entry shows its highlight, a highlight its entry.
import { leaveUndo } from "./focus.js";
import { focusHighlight } from "./highlights.js";
import { loaderFor, loadPageAt } from "./list-pages.js";
import * as tabs from "./tabs.js";

/** Restart the flash animation on the highlight of annotation `id`; its marks. */
export function flash(id) {
  const marks = document.querySelectorAll(`#article-body mark[data-annotation-id="${id}"]`);
  marks.forEach((mark) => {
    mark.classList.remove("hl--flash");
    void mark.offsetWidth; // a reflow, or the animation would not start again
    mark.classList.add("hl--flash");
  });
  return marks;
}

/** Scroll to, flash and focus the panel entry of annotation `id`; false if not shown. */
export function showEntry(id) {
  const entry = document.getElementById(`entry-${id}`);
  if (!entry) return false;
  tabs.show("annotations");
  entry.scrollIntoView({ behavior: "smooth", block: "nearest" });
  entry.classList.remove("entry--flash");
  void entry.offsetWidth;
  entry.classList.add("entry--flash");
  entry.querySelector("[data-jump]").focus({ preventScroll: true });
  return true;
}

/**
 * Show annotation `id`'s entry, loading the page of the list that starts with it when it
 * is not loaded (the entries before it stay a gap to load on request). Resolves to
 * whether it is shown.
 */
export async function openEntry(id) {
  if (showEntry(id)) return true;
  await loadPageAt(loaderFor("#entries > li", "data-annotation-id", (item) => item.id.slice(6), id), id);
  // htmx swaps before it resolves; a refusal (the filter hides it) swaps nothing.
  return showEntry(id);
}

/** Wire clicks on entries and highlights, and the Undo offer's lifetime. */
export function init() {
  document.addEventListener("click", (event) => {
    const jump = event.target.closest("[data-jump]");
    if (jump) {
      const marks = flash(jump.dataset.jump);
      if (marks.length) {
        marks[0].scrollIntoView({ behavior: "smooth", block: "center" });
        focusHighlight(jump.dataset.jump);
      }
      return;
    }
    const mark = event.target.closest("mark[data-annotation-id]");
    if (mark && window.getSelection().isCollapsed) openEntry(mark.dataset.annotationId);
  });

  // Undo stays offered for a few seconds after a delete.
  let undoTimer = 0;
  document.body.addEventListener("htmx:afterSettle", () => {
    const undo = document.getElementById("undo");
    if (undo && undo.dataset.undo === "open" && !undo.dataset.timed) {
      undo.dataset.timed = "1";
      clearTimeout(undoTimer);
      // As long as the server takes it: a delete's few seconds, an accept-all's minute.
      undoTimer = setTimeout(() => {
        leaveUndo();
        undo.replaceChildren();
        delete undo.dataset.undo;
      }, (Number(undo.dataset.undoSeconds) || 8) * 1000);
    }
  });
}

/**
 * Scroll the panel (itself, not the page) by as little as shows entry `id`, when it is a
 * scroll box and the entry is out of its view: a new annotation's entry is in view, and a
 * panel that already shows it does not move.
 */
export function bringEntryIntoView(id) {
  const panel = document.getElementById("annotation-panel");
  const entry = document.getElementById(`entry-${id}`);
  if (!panel || !entry || panel.scrollHeight <= panel.clientHeight) return;
  const box = panel.getBoundingClientRect();
  const r = entry.getBoundingClientRect();
  if (r.top < box.top) panel.scrollTop -= box.top - r.top + 8;
  else if (r.bottom > box.bottom) panel.scrollTop += Math.min(r.bottom - box.bottom + 8, r.top - box.top - 8);
}
