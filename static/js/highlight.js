// Text selection, offsets and the tagging toolbar. htmx does every request.
//
// Offsets are counted in Unicode code points, as Python slices strings: JavaScript
// strings count UTF-16 code units, so an emoji would otherwise shift everything after it.
(() => {
  "use strict";

  const article = document.getElementById("article");
  if (!article) return;
  const body = document.getElementById("article-body");
  const toolbar = document.getElementById("toolbar");
  const form = document.getElementById("toolbar-form");
  const canAnnotate = article.dataset.canAnnotate === "true";
  const SHORTCUTS = { 1: "claim", 2: "quote", 3: "context" };
  const CROSS_PARAGRAPH = "Select text within one paragraph: a highlight cannot cross paragraphs.";

  const codePoints = (s) => {
    let n = 0;
    for (const _ of s) n += 1;
    return n;
  };
  const paragraphOf = (node) => {
    const el = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    return el ? el.closest("[data-paragraph-id]") : null;
  };
  const offsetIn = (para, node, offset) => {
    const range = document.createRange();
    range.setStart(para, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  };
  const setError = (message) => {
    const box = document.getElementById("toolbar-error");
    if (box) box.textContent = message;
  };
  const announce = (message) => {
    const live = document.getElementById("live");
    if (live) live.textContent = message;
  };

  // The selection as {para, start, end, text}, {error}, or null when there is none.
  function readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer)) {
      const inside = body.contains(range.startContainer) || body.contains(range.endContainer);
      if (!inside) return null;
    }
    const first = paragraphOf(range.startContainer);
    let last = paragraphOf(range.endContainer);
    let end;
    // A triple click selects up to the very start of the next paragraph: that is still one.
    if (first && last && first !== last && offsetIn(last, range.endContainer, range.endOffset) === 0
        && first.nextElementSibling === last) {
      last = first;
      end = codePoints(first.textContent);
    }
    if (!first || first !== last) return { error: CROSS_PARAGRAPH };
    const chars = Array.from(first.textContent);
    let start = offsetIn(first, range.startContainer, range.startOffset);
    if (end === undefined) end = offsetIn(first, range.endContainer, range.endOffset);
    // Double clicks grab the space after a word; a highlight should not.
    while (start < end && /\s/u.test(chars[start])) start += 1;
    while (end > start && /\s/u.test(chars[end - 1])) end -= 1;
    if (start >= end) return null;
    return { para: first, start, end, text: chars.slice(start, end).join(""), rect: range.getBoundingClientRect() };
  }

  // Re-attaching an orphan: the next selection offers "Attach here" instead of the tags.
  const reattachForm = document.getElementById("reattach-form");
  let reattachId = "";

  function setReattach(id, label, version) {
    reattachId = id;
    if (!reattachForm) return;
    reattachForm.elements.annotation.value = id;
    reattachForm.elements.version.value = version || "";
    document.getElementById("reattach-label").textContent = label || "";
    if (id) announce(`Select the new text for “${label}”, then choose Attach here.`);
  }

  function showToolbar(selection) {
    for (const target of [form, reattachForm]) {
      if (!target) continue;
      target.elements.paragraph.value = selection.para.dataset.paragraphId;
      target.elements.start.value = selection.start;
      target.elements.end.value = selection.end;
      target.elements.text.value = selection.text;
    }
    form.hidden = Boolean(reattachId);
    if (reattachForm) reattachForm.hidden = !reattachId;
    setError("");
    toolbar.hidden = false;
    const rect = selection.rect;
    const width = toolbar.offsetWidth;
    const left = Math.min(Math.max(8, rect.left + window.scrollX), window.scrollX + document.documentElement.clientWidth - width - 8);
    toolbar.style.setProperty("--toolbar-top", `${rect.bottom + window.scrollY + 8}px`);
    toolbar.style.setProperty("--toolbar-left", `${left}px`);
  }

  function hideToolbar() {
    if (!toolbar) return;
    toolbar.hidden = true;
    setError("");
    const details = document.getElementById("toolbar-details");
    details.hidden = true;
    form.hidden = false;
    if (reattachForm) reattachForm.hidden = true;
    toolbar.querySelector(".toolbar__more").setAttribute("aria-expanded", "false");
  }

  function refresh() {
    if (!canAnnotate || toolbar.contains(document.activeElement)) return;
    const selection = readSelection();
    if (!selection) {
      hideToolbar();
    } else if (selection.error) {
      toolbar.hidden = false;
      setError(selection.error);
      form.elements.paragraph.value = "";
      const rect = window.getSelection().getRangeAt(0).getBoundingClientRect();
      toolbar.style.setProperty("--toolbar-top", `${rect.bottom + window.scrollY + 8}px`);
      toolbar.style.setProperty("--toolbar-left", `${Math.max(8, rect.left + window.scrollX)}px`);
    } else {
      showToolbar(selection);
    }
    markCaret();
  }

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

  // Keyboard selection: the article body is one tab stop; arrows move a caret through
  // the text and Shift+arrows extend the selection (Ctrl/Alt for whole words).
  function markCaret() {
    body.querySelectorAll(".para--caret").forEach((p) => p.classList.remove("para--caret"));
    const sel = window.getSelection();
    if (sel && sel.focusNode && document.activeElement === body) {
      const para = paragraphOf(sel.focusNode);
      if (para) para.classList.add("para--caret");
    }
  }

  body.addEventListener("focus", () => {
    const sel = window.getSelection();
    if (!sel.rangeCount || !body.contains(sel.anchorNode)) {
      const first = body.querySelector("[data-paragraph-id]");
      if (first) sel.collapse(first, 0);
    }
    markCaret();
  });
  body.addEventListener("blur", markCaret);

  const MOVES = {
    ArrowRight: ["forward", "character"],
    ArrowLeft: ["backward", "character"],
    ArrowDown: ["forward", "line"],
    ArrowUp: ["backward", "line"],
    Home: ["backward", "lineboundary"],
    End: ["forward", "lineboundary"],
  };
  body.addEventListener("keydown", (event) => {
    const move = MOVES[event.key];
    if (!move || event.metaKey) return;
    const sel = window.getSelection();
    if (!sel.rangeCount) return;
    event.preventDefault();
    let [direction, unit] = move;
    if ((event.ctrlKey || event.altKey) && unit === "character") unit = "word";
    sel.modify(event.shiftKey ? "extend" : "move", direction, unit);
    markCaret();
  });

  if (canAnnotate) {
    const inField = (el) => el && el.matches("input, textarea, select");
    document.addEventListener("keydown", (event) => {
      // A fast typist can press 1 before the debounced selectionchange has run.
      if (SHORTCUTS[event.key] && !inField(event.target)) {
        clearTimeout(timer);
        refresh();
      }
      if (toolbar.hidden) return;
      if (event.key === "Escape") {
        setReattach("", "");
        hideToolbar();
        window.getSelection().removeAllRanges();
        body.focus();
        return;
      }
      if (inField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (reattachId) return;
      if (SHORTCUTS[event.key] && form.elements.paragraph.value) {
        event.preventDefault();
        // A click, not requestSubmit(): htmx takes the tag from the button it saw clicked.
        form.querySelector(`button[value="${SHORTCUTS[event.key]}"]`).click();
      } else if (event.key === "n") {
        event.preventDefault();
        openDetails();
      }
    });

    function openDetails() {
      const details = document.getElementById("toolbar-details");
      details.hidden = false;
      toolbar.querySelector(".toolbar__more").setAttribute("aria-expanded", "true");
      form.elements.note.focus();
    }
    toolbar.querySelector(".toolbar__more").addEventListener("click", openDetails);

    // Enter in a text field would submit with the first button (Claim): make it explicit.
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.matches("input")) event.preventDefault();
    });

    form.addEventListener("htmx:configRequest", (event) => {
      if (!form.elements.paragraph.value) event.preventDefault();
    });
    form.addEventListener("htmx:afterRequest", (event) => {
      if (!event.detail.successful) return;
      const created = document.getElementById("last-created").dataset.annotationId;
      const paraId = form.elements.paragraph.value;
      const end = Number(form.elements.end.value);
      hideToolbar();
      form.reset();
      window.getSelection().removeAllRanges();
      // Keyboard users carry on from the end of what they just tagged.
      if (document.activeElement === body) placeCaret(paraId, end);
      if (created) flash(created);
    });
  }

  function placeCaret(paraId, offset) {
    const para = document.getElementById(`paragraph-${paraId}`);
    if (!para) return;
    const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
    let left = offset;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const chars = Array.from(node.data);
      if (left <= chars.length) {
        window.getSelection().collapse(node, chars.slice(0, left).join("").length);
        return;
      }
      left -= chars.length;
    }
  }

  if (canAnnotate && reattachForm) {
    document.addEventListener("click", (event) => {
      const start = event.target.closest("[data-reattach]");
      if (start) {
        setReattach(start.dataset.reattach, start.dataset.reattachText, start.dataset.reattachVersion);
        body.focus();
      } else if (event.target.closest("[data-reattach-cancel]")) {
        setReattach("", "");
        hideToolbar();
      }
    });
    reattachForm.addEventListener("htmx:afterRequest", (event) => {
      if (!event.detail.successful) return;
      setReattach("", "");
      hideToolbar();
      window.getSelection().removeAllRanges();
      const created = document.getElementById("last-created").dataset.annotationId;
      if (created) flash(created);
    });
  }

  // Panel <-> text.
  function flash(id) {
    const marks = body.querySelectorAll(`mark[data-annotation-id="${id}"]`);
    marks.forEach((mark) => {
      mark.classList.remove("hl--flash");
      void mark.offsetWidth; // restart the animation
      mark.classList.add("hl--flash");
    });
    return marks;
  }

  document.addEventListener("click", (event) => {
    const jump = event.target.closest("[data-jump]");
    if (jump) {
      const marks = flash(jump.dataset.jump);
      if (marks.length) marks[0].scrollIntoView({ behavior: "smooth", block: "center" });
      return;
    }
    const mark = event.target.closest("mark[data-annotation-id]");
    if (mark && window.getSelection().isCollapsed) {
      const entry = document.getElementById(`entry-${mark.dataset.annotationId}`);
      if (!entry) return;
      entry.scrollIntoView({ behavior: "smooth", block: "nearest" });
      entry.classList.remove("entry--flash");
      void entry.offsetWidth;
      entry.classList.add("entry--flash");
      entry.querySelector("[data-jump]").focus({ preventScroll: true });
    }
  });

  // Undo stays offered for a few seconds after a delete.
  let undoTimer = 0;
  document.body.addEventListener("htmx:afterSettle", () => {
    const undo = document.getElementById("undo");
    if (undo && undo.dataset.undo === "open" && !undo.dataset.timed) {
      undo.dataset.timed = "1";
      clearTimeout(undoTimer);
      undoTimer = setTimeout(() => {
        undo.replaceChildren();
        delete undo.dataset.undo;
      }, 8000);
    }
  });

  document.body.addEventListener("htmx:responseError", (event) => {
    if (!event.detail.xhr.responseText) announce("Something went wrong; nothing was saved.");
  });
})();
