// The reader's selection as paragraph offsets, and the caret put back at an offset.
import { codePoints, locate, trimmedSpan } from "./offsets.js";

export const CROSS_PARAGRAPH =
  "Select text within one paragraph: a highlight cannot cross paragraphs.";

/** The paragraph element holding `node`, or null. */
export function paragraphOf(node) {
  const el = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
  return el ? el.closest("[data-paragraph-id]") : null;
}

function offsetIn(para, node, offset) {
  const range = document.createRange();
  range.setStart(para, 0);
  range.setEnd(node, offset);
  return codePoints(range.toString());
}

/**
 * The selection inside `body` as {para, start, end, text, rect}, {error, rect} when it
 * crosses paragraphs, or null when there is none.
 */
export function readSelection(body) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!body.contains(range.startContainer) && !body.contains(range.endContainer)) return null;
  const rect = range.getBoundingClientRect();
  const first = paragraphOf(range.startContainer);
  let last = paragraphOf(range.endContainer);
  let end;
  // A triple click selects up to the very start of the next paragraph: that is still one.
  if (first && last && first !== last && first.nextElementSibling === last
      && offsetIn(last, range.endContainer, range.endOffset) === 0) {
    last = first;
    end = codePoints(first.textContent);
  }
  if (!first || first !== last) return { error: CROSS_PARAGRAPH, rect };
  const start = offsetIn(first, range.startContainer, range.startOffset);
  if (end === undefined) end = offsetIn(first, range.endContainer, range.endOffset);
  const span = trimmedSpan(first.textContent, start, end);
  if (span.start >= span.end) return null;
  return { para: first, ...span, rect };
}

/** Collapse the selection to code point `offset` of paragraph `paraId`. */
export function placeCaret(paraId, offset) {
  const para = document.getElementById(`paragraph-${paraId}`);
  if (!para) return;
  const nodes = [];
  const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  const at = locate(nodes.map((n) => n.data), offset);
  if (at) window.getSelection().collapse(nodes[at.index], at.unit);
}
