// Offsets between the DOM's UTF-16 units and the server's code points.
import assert from "node:assert/strict";
import { test } from "node:test";
import { clampLeft, codePoints, locate, trimmedSpan } from "../../static/js/offsets.js";

test("code points count an emoji once, as Python does", () => {
  assert.equal(codePoints("Locals 🌉 cheered"), 16);
  assert.equal("Locals 🌉 cheered".length, 17);
  assert.equal(codePoints(""), 0);
});

test("a span loses the white space at its ends, never inside", () => {
  assert.deepEqual(trimmedSpan("say  it is  cheap", 3, 12), { start: 5, end: 10, text: "it is" });
  assert.deepEqual(trimmedSpan("   ", 0, 3), { start: 3, end: 3, text: "" });
  assert.deepEqual(trimmedSpan("a 🎉 b", 1, 4), { start: 2, end: 3, text: "🎉" });
});

test("a code point offset is found in the right text node, in UTF-16 units", () => {
  assert.deepEqual(locate(["Locals 🌉 ", "cheered"], 9), { index: 0, unit: 10 });
  assert.deepEqual(locate(["ab", "cd"], 3), { index: 1, unit: 1 });
  assert.deepEqual(locate(["ab", "cd"], 2), { index: 0, unit: 2 });
  assert.equal(locate(["ab"], 5), null);
});

test("the toolbar stays inside the viewport", () => {
  assert.equal(clampLeft(500, 300, 0, 375), 67);
  assert.equal(clampLeft(-20, 100, 0, 375), 8);
  assert.equal(clampLeft(100, 100, 1000, 375), 1008);
});
