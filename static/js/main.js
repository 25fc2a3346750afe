// The reading page's entry point: reads the selection, offers the toolbar, takes keys.
// htmx does every request; each module here owns one concern.
import * as caret from "./caret.js";
import * as errors from "./errors.js";
import * as focus from "./focus.js";
import * as help from "./help.js";
import * as highlights from "./highlights.js";
import { actionFor, HIGHLIGHT_KEYS, TAG_KEYS } from "./keymap.js";
import { announce } from "./messages.js";
import * as links from "./panel-links.js";
import * as review from "./review.js";
import { placeCaret, readSelection } from "./selection.js";
import * as suggestions from "./suggestions.js";
import * as tabs from "./tabs.js";
import * as toolbar from "./toolbar.js";

const article = document.getElementById("article");
const body = document.getElementById("article-body");
const canAnnotate = article?.dataset.canAnnotate === "true";
const inField = (el) => el && el.matches("input, textarea, select");

// The passage the toolbar was offered for: Escape leaves the caret at its end, and
// Shift+Tab from the toolbar selects it again.
let offered = null;

function refresh() {
  // While the toolbar's request is in flight its pressed button is disabled and focus
  // falls to <body>: that is not the reader leaving the toolbar.
  if (!canAnnotate || toolbar.contains(document.activeElement) || toolbar.isSending()) return;
  const sel = window.getSelection();
  // Typing in the toolbar's own fields moves the selection there: not a new passage.
  if (toolbar.contains(sel.anchorNode)) return;
  const selection = readSelection(body);
  if (suggestions.takeSelection(selection)) toolbar.hide();
  else if (!selection) toolbar.hide();
  else if (selection.error) toolbar.refuse(selection.error, selection.rect);
  else toolbar.show(selection);
  offered = selection && sel.rangeCount ? { selection, range: sel.getRangeAt(0).cloneRange() } : null;
  caret.markCaret(body);
}

/** Focus the article text with the caret at the end of what was selected (Escape). */
function backToText() {
  const where = offered?.selection;
  body.focus();
  if (where && !where.error) placeCaret(where.para.dataset.paragraphId, where.end);
  else if (offered) window.getSelection().collapse(offered.range.endContainer, offered.range.endOffset);
  caret.markCaret(body);
}

/** Shift+Tab from the toolbar: back to the text with the passage selected again. */
function reselect() {
  const range = offered?.range;
  body.focus();
  if (range) {
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
}

function watchSelection() {
  // While the mouse button is down the selection is still growing: wait for the release.
  // Only the mouse: a finger selects by long press and handles, with no pointerup to
  // wait for, and a swipe ends in pointercancel (the browser scrolls) instead.
  let timer = 0;
  let dragging = false;
  document.addEventListener("selectionchange", () => {
    clearTimeout(timer);
    if (!dragging) timer = setTimeout(refresh, 80);
  });
  body.addEventListener("pointerdown", (event) => {
    if (event.button === 0 && event.pointerType === "mouse") dragging = true;
  });
  const released = () => {
    if (!dragging) return;
    dragging = false;
    clearTimeout(timer);
    refresh();
  };
  document.addEventListener("pointerup", released);
  document.addEventListener("pointercancel", released);
  return () => {
    clearTimeout(timer);
    refresh();
  };
}

function takeKeys(refreshNow) {
  document.addEventListener("keydown", (event) => {
    if (help.isOpen()) return;
    // A fast typist can press 1, Tab or Escape before the debounced selectionchange has
    // run: keys that act on the selection read it fresh first.
    const action = actionFor(event.key);
    if (TAG_KEYS[event.key] && !inField(event.target)) refreshNow();
    if ((event.key === "Tab" || action === "dismiss") && body.contains(event.target)) refreshNow();
    if (!toolbar.isOpen()) return;
    if (action === "dismiss") {
      toolbar.setReattach("", "");
      toolbar.hide();
      backToText();
      return;
    }
    // The toolbar comes last in the page: Tab from the text goes to it, not to the panel,
    // and Shift+Tab from its first control comes back with the selection.
    if (event.key === "Tab" && !event.ctrlKey && !event.altKey) {
      if (!event.shiftKey && body.contains(event.target)) {
        event.preventDefault();
        toolbar.focusFirst();
        return;
      }
      if (event.shiftKey && toolbar.isFirst(event.target)) {
        event.preventDefault();
        reselect();
        return;
      }
      // The toolbar is last in the page: Tab from its last control would leave the page
      // with the toolbar still open. It goes back to the passage instead, as Shift+Tab
      // from the first does.
      if (!event.shiftKey && toolbar.isLast(event.target)) {
        event.preventDefault();
        reselect();
        return;
      }
    }
    if (inField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (toolbar.isReattaching()) return;
    if (TAG_KEYS[event.key] && toolbar.pendingParagraph()) {
      event.preventDefault();
      toolbar.pressTag(TAG_KEYS[event.key]);
    } else if (action === "note" && toolbar.pendingParagraph()) {
      event.preventDefault();
      toolbar.openDetails();
    }
  });
}

function afterSaved(form) {
  toolbar.forgetAbandoned();
  toolbar.setReattach("", "");
  if (form === toolbar.form) form.reset();
  toolbar.hide();
  window.getSelection().removeAllRanges();
}

// Focus goes to the new highlight (focus.js); the caret follows to its end, so keyboard
// users carry on from what they just tagged.
function afterCreated(event) {
  const { id, action } = event.detail;
  if (action !== "created" && action !== "reattached") return;
  const pieces = body.querySelectorAll(`mark[data-annotation-id="${id}"]`);
  if (!pieces.length) return;
  links.flash(id);
  links.bringEntryIntoView(id);
  const last = pieces[pieces.length - 1];
  const range = document.createRange();
  range.setStartAfter(last.lastChild || last);
  window.getSelection().collapse(range.startContainer, range.startOffset);
}

// Escape in an entry's Edit form cancels it, as its Cancel link does (focus then goes
// back to the entry: focus.js).
function editKeys() {
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || help.isOpen()) return;
    const form = event.target.closest?.(".entry--editing form");
    const cancel = form?.querySelector("a[hx-get]");
    if (!cancel) return;
    event.preventDefault();
    cancel.click();
  });
}

function stepKeys() {
  document.addEventListener("keydown", (event) => {
    if (help.isOpen() || inField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (HIGHLIGHT_KEYS[event.key]) {
      event.preventDefault();
      highlights.stepHighlight(body, HIGHLIGHT_KEYS[event.key]);
    } else if (actionFor(event.key) === "open-entry" && event.target.matches("mark[data-annotation-id]")) {
      event.preventDefault();
      links.openEntry(event.target.dataset.annotationId).then((shown) => {
        if (!shown) announce("Its entry is not in the panel's list: change the filter.");
      });
    }
  });
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
  tabs.init();
  caret.init(body);
  highlights.init(body);
  links.init();
  focus.init();
  errors.init();
  help.init();
  suggestions.init(body, canAnnotate);
  review.init();
  stepKeys();
  editKeys();
  document.body.addEventListener("annotation-changed", afterCreated);
  if (canAnnotate) {
    takeKeys(watchSelection());
    toolbar.init(afterSaved);
    watchReattach();
  }
  // An entry's own address (#entry-12, #suggestion-7: where an Edit link opened in a new
  // tab is sent) opens that entry, loading its page of the list when it is not loaded.
  const wanted = /^#(entry|suggestion)-(\d+)$/.exec(window.location.hash);
  if (wanted) {
    if (wanted[1] === "entry") links.openEntry(wanted[2]);
    else suggestions.showEntry(wanted[2]);
  }
}
