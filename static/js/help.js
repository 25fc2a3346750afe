// The `?` overlay: the keymap, drawn from the same table the handlers use.
import { focusHighlight } from "./highlights.js";
import { KEYMAP } from "./keymap.js";
import { focusSuggestion } from "./suggestions.js";

const dialog = document.getElementById("keys-help");

function fill() {
  const rows = dialog.querySelector("tbody");
  if (rows.children.length) return;
  for (const row of KEYMAP) {
    const tr = document.createElement("tr");
    if (row.status === "coming") tr.className = "keys-help__coming";
    const keys = document.createElement("td");
    row.keys.forEach((key, i) => {
      if (i) keys.append(" ");
      const kbd = document.createElement("kbd");
      kbd.textContent = key;
      keys.append(kbd);
    });
    const does = document.createElement("td");
    does.textContent = row.does + (row.status === "coming" ? " (coming)" : "");
    const where = document.createElement("td");
    where.textContent = row.where;
    tr.append(keys, where, does);
    rows.append(tr);
  }
}

/** True while the overlay is open. */
export const isOpen = () => Boolean(dialog?.open);

/** Open the overlay; closing it (Escape, Close) returns focus where it was. */
export function open() {
  if (!dialog || dialog.open) return;
  fill();
  const from = document.activeElement;
  dialog.addEventListener(
    "close",
    () => {
      // A highlight is focusable only while focused (highlights.js): focus it again
      // rather than let the browser drop focus on <body>.
      if (from?.matches?.("mark[data-annotation-id]")) focusHighlight(from.dataset.annotationId);
      else if (from?.matches?.("mark[data-suggestion-id]")) focusSuggestion(from.dataset.suggestionId);
      else if (document.activeElement === document.body && from?.isConnected) from.focus();
    },
    { once: true },
  );
  dialog.showModal();
}

/** Wire the `?` key and the Keys button. */
export function init() {
  if (!dialog) return;
  document.addEventListener("keydown", (event) => {
    if (event.key === "?" && !event.target.matches("input, textarea, select")) {
      event.preventDefault();
      open();
    }
  });
  document.querySelector("[data-keys-help]")?.addEventListener("click", open);
}
