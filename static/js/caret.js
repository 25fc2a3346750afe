// A caret in the article text for keyboard users: the text is one tab stop, arrows move
// the caret and Shift+arrows extend the selection (Ctrl/Alt for whole words).
import { caretMove } from "./keymap.js";
import { paragraphOf } from "./selection.js";

/** Outline the paragraph holding the caret while the text has focus. */
export function markCaret(body) {
  body.querySelectorAll(".para--caret").forEach((p) => p.classList.remove("para--caret"));
  const sel = window.getSelection();
  if (sel && sel.focusNode && body.contains(document.activeElement)) {
    const para = paragraphOf(sel.focusNode);
    if (para) para.classList.add("para--caret");
  }
}

/** Give `body` its caret: on focus, on arrows, and its outline. */
export function init(body) {
  body.addEventListener("focus", () => {
    const sel = window.getSelection();
    if (!sel.rangeCount || !body.contains(sel.anchorNode)) {
      const first = body.querySelector("[data-paragraph-id]");
      if (first) sel.collapse(first, 0);
    }
    markCaret(body);
  });
  body.addEventListener("focusout", () => markCaret(body));
  body.addEventListener("keydown", (event) => {
    const move = caretMove(event);
    const sel = window.getSelection();
    if (!move || !sel.rangeCount) return;
    event.preventDefault();
    sel.modify(...move);
    markCaret(body);
  });
}
