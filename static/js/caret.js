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

// Ctrl+Home and Ctrl+End: the start and end of the article text (Shift extends).
function textEdge({ key, ctrlKey, metaKey }) {
  if (!(ctrlKey || metaKey)) return null;
  return key === "Home" ? "start" : key === "End" ? "end" : null;
}

function moveToEdge(body, sel, edge, extend) {
  const paragraphs = body.querySelectorAll("[data-paragraph-id]");
  const para = edge === "start" ? paragraphs[0] : paragraphs[paragraphs.length - 1];
  if (!para) return;
  const range = document.createRange();
  range.selectNodeContents(para);
  range.collapse(edge === "start");
  if (extend) sel.extend(range.startContainer, range.startOffset);
  else sel.collapse(range.startContainer, range.startOffset);
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
    const sel = window.getSelection();
    if (!sel.rangeCount) return;
    const edge = textEdge(event);
    const move = edge ? null : caretMove(event);
    if (!edge && !move) return;
    event.preventDefault();
    // Moving the caret from a focused highlight: the text takes focus back, so the
    // next ] or [ steps from the caret, not from the highlight.
    if (document.activeElement !== body) body.focus({ preventScroll: true });
    const before = [sel.anchorNode, sel.anchorOffset, sel.focusNode, sel.focusOffset];
    if (edge) moveToEdge(body, sel, edge, event.shiftKey);
    else sel.modify(...move);
    // Selection.modify follows the page's lines past the last paragraph (into the panel):
    // the caret stays in the article text.
    if (!body.contains(sel.focusNode) || !paragraphOf(sel.focusNode)) sel.setBaseAndExtent(...before);
    markCaret(body);
  });
}
