// Where focus lands after a write: on what the reader just made or changed, never on
// <body>, where a keyboard or screen reader user would have to start over.
import { focusHighlight } from "./highlights.js";

function focusEntry(id) {
  const jump = document.querySelector(`#entry-${id} [data-jump]`);
  if (jump) jump.focus();
  return Boolean(jump);
}

function afterChange({ id, action }) {
  // An accepted suggestion: suggestions.js moves on to the next one.
  if (action === "accepted") return;
  const undo = document.querySelector("#undo button");
  let landed;
  if (action === "deleted") landed = undo?.focus() ?? Boolean(undo);
  else if (action === "saved" || action === "confirmed" || action === "reviewed") landed = focusEntry(id) || Boolean(focusHighlight(id));
  else landed = Boolean(focusHighlight(id)) || focusEntry(id);
  // Not drawn (an orphan restored, an entry the filter hides): the text, not <body>.
  if (!landed) document.getElementById("article-body").focus();
}

/** Follow the server's annotation-changed events and the panel's in-place swaps. */
export function init() {
  document.body.addEventListener("annotation-changed", (event) => afterChange(event.detail));
  // Edit and Cancel replace their entry: focus the form's first field, or the entry again.
  let swapped = "";
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const id = event.detail.target?.id || "";
    swapped = id.startsWith("entry-") || id.startsWith("suggestion-") ? id : "";
  });
  // The swapped-in entry announces itself with htmx:load (the old one, detached, cannot).
  document.body.addEventListener("htmx:load", (event) => {
    const entry = event.target;
    if (!swapped || entry.id !== swapped) return;
    swapped = "";
    // A suggestion's form starts with its words; an annotation's with its tag.
    const field =
      entry.querySelector("form textarea[data-suggestion-words]") ||
      entry.querySelector("form input:checked") ||
      entry.querySelector("form input:not([type=hidden])");
    (field || entry.querySelector("[data-jump], [data-jump-suggestion]"))?.focus();
  });
}

/** Before Undo disappears, move focus off it, to the article text. */
export function leaveUndo() {
  const undo = document.getElementById("undo");
  if (undo?.contains(document.activeElement)) document.getElementById("article-body").focus();
}
