// The tagging toolbar beside the selection, and its re-attach variant for orphans.
import { clampLeft } from "./offsets.js";
import { accepted } from "./errors.js";
import { announce, setToolbarError } from "./messages.js";

const toolbar = document.getElementById("toolbar");
const form = document.getElementById("toolbar-form");
const reattachForm = document.getElementById("reattach-form");
const details = document.getElementById("toolbar-details");
const more = toolbar && toolbar.querySelector(".toolbar__more");
const draftNotice = document.getElementById("draft-notice");
let reattachId = "";
// The fields of the last note given up (Escape, a click away), until restored or replaced.
let abandoned = null;

// What was typed in the note fields but not saved yet ("" when nothing).
function draft() {
  const { note, speaker, verdict } = form.elements;
  return [note.value.trim(), speaker.value.trim(), verdict.selectedOptions[0]?.value ? verdict.selectedOptions[0].text : ""]
    .filter(Boolean)
    .join(" · ");
}

// Not form.reset(): that would also put back a CSRF token the page has since renewed.
function fields() {
  const { note, speaker, verdict } = form.elements;
  return { note: note.value, speaker: speaker.value, verdict: verdict.value };
}

function setFields({ note, speaker, verdict }) {
  form.elements.note.value = note;
  form.elements.speaker.value = speaker;
  form.elements.verdict.value = verdict;
}

function clearFields() {
  setFields({ note: "", speaker: "", verdict: "" });
}

/** Forget a note given up earlier (the next tag was saved without it). */
export function forgetAbandoned() {
  abandoned = null;
  if (draftNotice) draftNotice.hidden = true;
}

// Tag buttons do nothing while the selection is refused: say so to pointer and AT alike.
function enableTags(on) {
  form.querySelectorAll(".toolbar__buttons button").forEach((button) => {
    button.disabled = !on;
  });
}

function place(rect) {
  const width = toolbar.offsetWidth;
  const root = document.documentElement;
  const left = clampLeft(rect.left + window.scrollX, width, window.scrollX, root.clientWidth);
  toolbar.style.setProperty("--toolbar-top", `${rect.bottom + window.scrollY + 8}px`);
  toolbar.style.setProperty("--toolbar-left", `${left}px`);
  // On a phone the toolbar is a sheet fixed at the bottom: scroll the words above it.
  if (getComputedStyle(toolbar).position === "fixed") {
    const sheetTop = window.innerHeight - toolbar.offsetHeight;
    if (rect.bottom > sheetTop - 8) window.scrollBy({ top: rect.bottom - sheetTop + 16 });
  }
}

/** True when the toolbar is on the page and shown. */
export const isOpen = () => Boolean(toolbar) && !toolbar.hidden;

/** True while re-attaching: the next selection offers "Attach here", not the tags. */
export const isReattaching = () => Boolean(reattachId);

/** True while the toolbar's form waits for the server (htmx marks it htmx-request). */
export const isSending = () =>
  Boolean(toolbar) && [form, reattachForm].some((f) => f?.classList.contains("htmx-request"));

/** True when `el` is inside the toolbar. */
export const contains = (el) => Boolean(toolbar) && toolbar.contains(el);

/** The paragraph id the create form would tag ("" when the selection is refused). */
export const pendingParagraph = () => form.elements.paragraph.value;

/** Offer the tags (or "Attach here") for a readSelection() result. */
export function show(selection) {
  for (const target of [form, reattachForm]) {
    if (!target) continue;
    target.elements.paragraph.value = selection.para.dataset.paragraphId;
    target.elements.start.value = selection.start;
    target.elements.end.value = selection.end;
    target.elements.text.value = selection.text;
  }
  form.hidden = Boolean(reattachId);
  if (reattachForm) reattachForm.hidden = !reattachId;
  setToolbarError("");
  enableTags(true);
  toolbar.hidden = false;
  // A note the editor brought back (Restore note) is shown, never sent along unseen.
  if (draft()) {
    details.hidden = false;
    more.setAttribute("aria-expanded", "true");
  }
  place(selection.rect);
}

/** Show why the selection cannot be tagged, instead of the tags. */
export function refuse(message, rect) {
  form.elements.paragraph.value = "";
  toolbar.hidden = false;
  enableTags(false);
  setToolbarError(message);
  place(rect);
}

/** Hide the toolbar and fold its details away. */
export function hide() {
  if (!toolbar) return;
  // Cancelling clears the fields, so the next selection starts empty; what was typed is
  // said and can be restored from the notice, never saved on an annotation unseen.
  if (!toolbar.hidden && draft()) {
    if (draftNotice) {
      abandoned = fields();
      document.getElementById("draft-text").textContent = draft();
      draftNotice.hidden = false;
    }
    clearFields();
  }
  toolbar.hidden = true;
  setToolbarError("");
  details.hidden = true;
  form.hidden = false;
  if (reattachForm) reattachForm.hidden = true;
  more.setAttribute("aria-expanded", "false");
}

function controls() {
  const current = reattachId ? reattachForm : form;
  return [...current.querySelectorAll("button, textarea, input:not([type=hidden]), select")].filter(
    (el) => !el.disabled && el.offsetParent !== null,
  );
}

/** Focus the toolbar's first usable control (Tab from the text). */
export function focusFirst() {
  controls()[0]?.focus();
}

/** True when `el` is the toolbar's first usable control. */
export const isFirst = (el) => controls()[0] === el;

/** True when `el` is the toolbar's last usable control. */
export const isLast = (el) => controls().at(-1) === el;

/** Unfold the note, speaker and verdict fields and put the cursor in the note. */
export function openDetails() {
  details.hidden = false;
  more.setAttribute("aria-expanded", "true");
  form.elements.note.focus();
}

/** Press the tag's button: htmx takes the tag from the button it saw clicked. */
export function pressTag(tag) {
  form.querySelector(`button[value="${tag}"]`).click();
}

/** Start (id set) or stop (id "") re-attaching the orphan `id` labelled `label`. */
export function setReattach(id, label, version) {
  reattachId = id;
  if (!reattachForm) return;
  reattachForm.elements.annotation.value = id;
  reattachForm.elements.version.value = version || "";
  document.getElementById("reattach-label").textContent = label || "";
  if (id) announce(`Select the new text for “${label}”, then choose Attach here.`);
}

/** Wire the toolbar's own controls; `onSaved(form)` runs after a successful write. */
export function init(onSaved) {
  if (!toolbar) return;
  more.addEventListener("click", openDetails);
  draftNotice?.querySelector("[data-draft-restore]").addEventListener("click", () => {
    if (abandoned) setFields(abandoned);
    abandoned = null;
    draftNotice.hidden = true;
    if (isOpen()) {
      openDetails();
      announce("Note restored");
    } else {
      announce("Note restored: select a passage and choose a tag to save it with the note");
      document.getElementById("article-body").focus();
    }
  });
  draftNotice?.querySelector("[data-draft-dismiss]").addEventListener("click", () => {
    forgetAbandoned();
    announce("Note discarded");
    document.getElementById("article-body").focus();
  });
  // Enter in a text field would submit with the first button (Claim): make it explicit.
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("input")) event.preventDefault();
  });
  form.addEventListener("htmx:configRequest", (event) => {
    if (!form.elements.paragraph.value) event.preventDefault();
  });
  for (const target of [form, reattachForm]) {
    target?.addEventListener("htmx:afterRequest", (event) => {
      if (accepted(event.detail)) onSaved(target);
    });
  }
}

export { form, reattachForm };
