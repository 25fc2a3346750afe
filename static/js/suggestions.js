// Suggestions on the reading page: outlines in the text (hidden or shown), `.` and `,`
// to step through them, `a` and `x` to accept or reject the focused one, `e` to edit it
// first, Enter for its entry in the panel. After a decision focus goes to the next suggestion, so an editor
// can go through an article with three keys. The buttons do the same for mouse and touch.
import { actionFor, SUGGESTION_KEYS } from "./keymap.js";
import { loaderFor, loadPageAt } from "./list-pages.js";
import { announce } from "./messages.js";
import * as tabs from "./tabs.js";

const HIDDEN = "newsroom.suggestions.hidden";
const inField = (el) => el && el.matches("input, textarea, select");
// The suggestion each decision in flight was made on, and where focus goes after it.
const nextAfter = new Map();

/** The first <mark> of each suggestion in `body`, in reading order. */
export function suggestionMarks(body) {
  const seen = new Set();
  return [...body.querySelectorAll("mark[data-suggestion-id]")].filter((mark) => {
    const id = mark.dataset.suggestionId;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function focusMark(mark) {
  mark.tabIndex = -1;
  mark.addEventListener("blur", () => mark.removeAttribute("tabindex"), { once: true });
  mark.focus();
  mark.scrollIntoView({ block: "nearest" });
  window.getSelection().collapse(mark, 0);
  const entry = document.getElementById(`suggestion-${mark.dataset.suggestionId}`);
  document.querySelectorAll(".sg-entry--current").forEach((e) => e.classList.remove("sg-entry--current"));
  entry?.classList.add("sg-entry--current");
  // Its entry (speaker, reason, buttons) in view beside it.
  if (entry) {
    tabs.show("suggestions");
    entry.scrollIntoView({ block: "nearest" });
  }
}

/** Focus suggestion `id` in the text; its mark, or null. */
export function focusSuggestion(id) {
  const mark = document.querySelector(`#article-body mark[data-suggestion-id="${id}"]`);
  if (mark) focusMark(mark);
  return mark;
}

function after(point, mark) {
  return Boolean(point.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING);
}

/** Focus the next (`step` 1) or previous (-1) suggestion from focus or the caret. */
export function step(body, way) {
  const marks = suggestionMarks(body);
  const id = currentId();
  let target;
  const current = id && marks.find((m) => m.dataset.suggestionId === id);
  if (current) {
    target = marks[marks.indexOf(current) + way];
  } else {
    const sel = window.getSelection();
    const point = sel.rangeCount && body.contains(sel.focusNode) ? sel.focusNode : null;
    if (!point) target = way > 0 ? marks[0] : marks[marks.length - 1];
    else if (way > 0) target = marks.find((m) => after(point, m) || m.contains(point));
    else target = marks.findLast((m) => !after(point, m) && !m.contains(point));
  }
  if (target) focusMark(target);
  else announce(marks.length ? (way > 0 ? "No more suggestions below." : "No more suggestions above.") : "No suggestions.");
}

/** The suggestion focus is on: its mark in the text, or its entry in the panel. */
function currentId() {
  if (document.body.classList.contains("suggestions-hidden")) return "";
  const active = document.activeElement;
  // The suggestion's own outline, or its entry: not a highlight drawn inside a suggestion
  // (focus on it means the annotation, and a key must not decide what is not chosen).
  if (active?.matches?.("mark[data-suggestion-id]")) return active.dataset.suggestionId;
  return active?.closest?.("li[data-suggestion-id]")?.dataset.suggestionId || "";
}

/** The suggestion after `id` in reading order (else the one before), to focus next. */
function neighbour(body, id) {
  const marks = suggestionMarks(body);
  const i = marks.findIndex((m) => m.dataset.suggestionId === id);
  if (i < 0) return "";
  return (marks[i + 1] || marks[i - 1])?.dataset.suggestionId || "";
}

/** Accept or reject suggestion `id`: its entry's button, or the same request. */
function decide(body, id, verb) {
  nextAfter.set(id, { next: neighbour(body, id), panel: false });
  const button = document.querySelector(`#suggestion-${id} [data-suggestion-${verb}]`);
  if (button && !button.disabled) {
    button.click();
    return;
  }
  // Not loaded in the panel's list yet: the same request, without the entry's form.
  window.htmx.ajax("POST", `/suggestions/${id}/${verb}/`, { swap: "none", source: body });
}

/** Make sure suggestion `id`'s entry is in the panel, loading its page if need be. */
async function loadEntry(id) {
  if (document.getElementById(`suggestion-${id}`)) return true;
  const loader = loaderFor("#suggestion-list > li", "data-suggestion-id", (item) => item.dataset.suggestionId, id);
  await loadPageAt(loader, id);
  return Boolean(document.getElementById(`suggestion-${id}`));
}

/** Open suggestion `id`'s Edit form in the panel and put focus on its words. */
async function edit(id) {
  await loadEntry(id);
  const link = document.querySelector(`#suggestion-${id} [data-suggestion-edit]`);
  if (!link) {
    announce("Its entry could not be loaded: reload the page.");
    return;
  }
  tabs.show("suggestions");
  // The form replaces the entry: focus its first field once it is in the page.
  const focusForm = (event) => {
    if (event.target.id !== `suggestion-${id}`) return;
    document.body.removeEventListener("htmx:load", focusForm);
    event.target.querySelector("textarea, input:not([type=hidden])")?.focus();
  };
  document.body.addEventListener("htmx:load", focusForm);
  link.click();
}

/** Show suggestion `id`'s entry in the panel and focus it, loading its page if need be. */
export async function showEntry(id) {
  await loadEntry(id);
  const entry = document.getElementById(`suggestion-${id}`);
  if (!entry) {
    announce("Its entry could not be loaded: reload the page.");
    return;
  }
  tabs.show("suggestions");
  entry.scrollIntoView({ behavior: "smooth", block: "nearest" });
  entry.querySelector("[data-jump-suggestion]").focus({ preventScroll: true });
}

/** Where focus goes once a decision is drawn: the next suggestion, else the new highlight. */
function afterDecision({ id, annotation }) {
  const { next, panel } = nextAfter.get(String(id)) || {};
  nextAfter.delete(String(id));
  // Decided with the entry's button (mouse, touch): on to the next entry's Accept, where
  // the finger or pointer is, rather than back up to the text.
  const button = panel && next && document.querySelector(`#suggestion-${next} [data-suggestion-accept]`);
  if (button) {
    button.focus({ preventScroll: true });
    button.closest("li").scrollIntoView({ block: "nearest" });
    return;
  }
  if (next && focusSuggestion(next)) return;
  const mark = annotation && document.querySelector(`#article-body mark[data-annotation-id="${annotation}"]`);
  if (mark) {
    mark.tabIndex = -1;
    mark.addEventListener("blur", () => mark.removeAttribute("tabindex"), { once: true });
    mark.focus();
  } else {
    document.getElementById("article-body").focus();
  }
}

function syncToggle() {
  const hidden = document.body.classList.contains("suggestions-hidden");
  document.querySelectorAll("[data-suggestions-toggle]").forEach((button) => {
    button.setAttribute("aria-pressed", String(hidden));
    button.textContent = hidden ? "Show suggestions" : "Hide suggestions";
  });
}

function setHidden(hidden) {
  document.body.classList.toggle("suggestions-hidden", hidden);
  try {
    if (hidden) localStorage.setItem(HIDDEN, "1");
    else localStorage.removeItem(HIDDEN);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
  syncToggle();
}

/**
 * While a suggestion's Edit form is open, a selection in the suggestion's paragraph
 * becomes its words, with exact offsets (the server then need not search for them).
 * `selection` is readSelection's answer; true when the form took it.
 */
export function takeSelection(selection) {
  const form = document.querySelector("li.entry--editing form[data-paragraph]");
  if (!form || !selection || selection.error) return false;
  if (selection.para.dataset.paragraphId !== form.dataset.paragraph) return false;
  form.querySelector("[data-suggestion-words]").value = selection.text;
  form.querySelector("[data-suggestion-start]").value = String(selection.start);
  form.querySelector("[data-suggestion-end]").value = String(selection.end);
  announce(`Words for the suggestion: ${selection.text}`);
  return true;
}

/** Wire the outlines' toggle, clicks between text and panel, and the keys. */
export function init(body, canDecide) {
  let stored = false;
  try {
    stored = localStorage.getItem(HIDDEN) === "1";
  } catch {
    stored = false;
  }
  setHidden(stored);
  document.body.addEventListener("htmx:afterSettle", syncToggle);
  document.body.addEventListener("suggestion-decided", (event) => afterDecision(event.detail));
  // Accept all, its Undo and Suggest redraw what was pressed: focus goes to Undo when it
  // is offered, else to the Suggestions tab, never to <body>.
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const path = event.detail.pathInfo?.requestPath || "";
    if (!/\/suggestions\/(undo|accept-all|compute|progress)\//.test(path)) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    const undo = document.querySelector("#undo [data-undo-accept-all]");
    (undo || document.getElementById("tab-suggestions"))?.focus();
  });
  // A decision made with the entry's buttons goes on to the next suggestion too.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const entry = event.detail.elt?.closest?.("li[data-suggestion-id]");
    const id = entry?.dataset.suggestionId;
    if (id && !nextAfter.has(id)) nextAfter.set(id, { next: neighbour(body, id), panel: true });
  });
  // Words typed by hand are found by the server: offsets of an older selection would not match.
  document.addEventListener("input", (event) => {
    const form = event.target.matches("[data-suggestion-words]") && event.target.form;
    if (!form) return;
    form.querySelector("[data-suggestion-start]").value = "";
    form.querySelector("[data-suggestion-end]").value = "";
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-suggestions-toggle]")) {
      setHidden(!document.body.classList.contains("suggestions-hidden"));
      return;
    }
    const stepper = event.target.closest("[data-suggestion-step]");
    if (stepper) {
      if (document.body.classList.contains("suggestions-hidden")) setHidden(false);
      step(body, Number(stepper.dataset.suggestionStep));
      return;
    }
    const jump = event.target.closest("[data-jump-suggestion]");
    if (jump) {
      const mark = focusSuggestion(jump.dataset.jumpSuggestion);
      mark?.scrollIntoView({ behavior: "smooth", block: "center" });
      return;
    }
    const mark = event.target.closest("mark[data-suggestion-id]");
    if (mark && !event.target.closest("mark[data-annotation-id]") && window.getSelection().isCollapsed) {
      showEntry(mark.dataset.suggestionId);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (inField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (document.getElementById("keys-help")?.open) return;
    const action = actionFor(event.key);
    if (SUGGESTION_KEYS[event.key]) {
      event.preventDefault();
      // Going to a suggestion shows them again: a key never acts on what is not drawn.
      if (document.body.classList.contains("suggestions-hidden")) setHidden(false);
      step(body, SUGGESTION_KEYS[event.key]);
      return;
    }
    const id = currentId();
    if (!id) return;
    if (event.key === "Enter" && event.target.matches("mark[data-suggestion-id]")) {
      event.preventDefault();
      showEntry(id);
    } else if (action === "suggestion-edit") {
      event.preventDefault();
      if (!canDecide) announce("You can read suggestions but not accept or reject them.");
      else edit(id);
    } else if (action === "suggestion-accept" || action === "suggestion-reject") {
      event.preventDefault();
      if (!canDecide) announce("You can read suggestions but not accept or reject them.");
      else decide(body, id, action === "suggestion-accept" ? "accept" : "reject");
    }
  });
}
