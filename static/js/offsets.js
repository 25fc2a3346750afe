// Pure offset arithmetic, shared by the page and the Node unit tests.
//
// The server counts offsets in Unicode code points, as Python slices strings; the DOM
// counts UTF-16 code units, so an emoji would otherwise shift everything after it.

/** The number of code points in `text`. */
export function codePoints(text) {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/**
 * The span [start, end) of `text` (code points) without white space at its ends, with its
 * words: a double click grabs the space after a word, and a highlight should not.
 */
export function trimmedSpan(text, start, end) {
  const chars = Array.from(text);
  while (start < end && /\s/u.test(chars[start])) start += 1;
  while (end > start && /\s/u.test(chars[end - 1])) end -= 1;
  return { start, end, text: chars.slice(start, end).join("") };
}

/**
 * Where code point `offset` of a paragraph falls among its text nodes' strings:
 * {index, unit} (a UTF-16 offset into texts[index]), or null past the end.
 */
export function locate(texts, offset) {
  let left = offset;
  for (let index = 0; index < texts.length; index += 1) {
    const chars = Array.from(texts[index]);
    if (left <= chars.length) return { index, unit: chars.slice(0, left).join("").length };
    left -= chars.length;
  }
  return null;
}

/** A left edge that keeps a box of `width` inside the viewport, `margin` from its sides. */
export function clampLeft(left, width, viewportLeft, viewportWidth, margin = 8) {
  const most = viewportLeft + viewportWidth - width - margin;
  return Math.max(viewportLeft + margin, Math.min(left, most));
}
