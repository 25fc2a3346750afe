// The reading page's entry point: reads the selection, offers the toolbar, takes keys.
// htmx does every request; each module here owns one concern.
import * as caret from "./caret.js";
import { TAG_KEYS } from "./keymap.js";
import { announce } from "./messages.js";
import * as links from "./panel-links.js";
import { placeCaret, readSelection } from "./selection.js";
import * as toolbar from "./toolbar.js";

const article = document.getElementById("article");
const body = document.getElementById("article-body");
const canAnnotate = article?.dataset.canAnnotate === "true";

function refresh() {
  if (!canAnnotate || toolbar.contains(document.activeElement)) return;
  const selection = readSelection(body);
  if (!selection) toolbar.hide();
  else if (selection.error) toolbar.refuse(selection.error, selection.rect);
  else toolbar.show(selection);
  caret.markCaret(body);
}

function watchSelection() {
  // While the mouse button is down the selection is still growing: wait for the release.
  let timer = 0;
  let dragging = false;
  document.addEventListener("selectionchange", () => {
    clearTimeout(timer);
    if (!dragging) timer = setTimeout(refresh, 80);
  });
  body.addEventListener("pointerdown", (event) => {
    if (event.button === 0) dragging = true;
  });
  document.addEventListener("pointerup", () => {
    if (!dragging) return;
    dragging = false;
    clearTimeout(timer);
    refresh();
  });
  return () => {
    clearTimeout(timer);
    refresh();
  };
}

function takeKeys(refreshNow) {
  const inField = (el) => el && el.matches("input, textarea, select");
  document.addEventListener("keydown", (event) => {
    // A fast typist can press 1 before the debounced selectionchange has run.
    if (TAG_KEYS[event.key] && !inField(event.target)) refreshNow();
    if (!toolbar.isOpen()) return;
    if (event.key === "Escape") {
      toolbar.setReattach("", "");
      toolbar.hide();
      window.getSelection().removeAllRanges();
      body.focus();
      return;
    }
    if (inField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (toolbar.isReattaching()) return;
    if (TAG_KEYS[event.key] && toolbar.pendingParagraph()) {
      event.preventDefault();
      toolbar.pressTag(TAG_KEYS[event.key]);
    } else if (event.key === "n") {
      event.preventDefault();
      toolbar.openDetails();
    }
  });
}

function afterSaved(form) {
  const created = document.getElementById("last-created").dataset.annotationId;
  const paraId = form.elements.paragraph.value;
  const end = Number(form.elements.end.value);
  toolbar.setReattach("", "");
  toolbar.hide();
  if (form === toolbar.form) form.reset();
  window.getSelection().removeAllRanges();
  // Keyboard users carry on from the end of what they just tagged.
  if (document.activeElement === body) placeCaret(paraId, end);
  if (created) links.flash(created);
}

function watchReattach() {
  document.addEventListener("click", (event) => {
    const start = event.target.closest("[data-reattach]");
    if (start) {
      const { reattach, reattachText, reattachVersion } = start.dataset;
      toolbar.setReattach(reattach, reattachText, reattachVersion);
      body.focus();
    } else if (event.target.closest("[data-reattach-cancel]")) {
      toolbar.setReattach("", "");
      toolbar.hide();
    }
  });
}

if (article) {
  caret.init(body);
  links.init();
  if (canAnnotate) {
    takeKeys(watchSelection());
    toolbar.init(afterSaved);
    watchReattach();
  }
  document.body.addEventListener("htmx:responseError", (event) => {
    if (!event.detail.xhr.responseText) announce("Something went wrong; nothing was saved.");
  });
}
