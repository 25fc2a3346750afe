// The keymap's pure functions: what a key does to the caret.
import assert from "node:assert/strict";
import { test } from "node:test";
import { caretMove } from "../../static/js/keymap.js";

test("arrows move the caret, Shift extends, Ctrl or Alt goes by words", () => {
  assert.deepEqual(caretMove({ key: "ArrowRight" }), ["move", "forward", "character"]);
  assert.deepEqual(caretMove({ key: "ArrowLeft", shiftKey: true }), ["extend", "backward", "character"]);
  assert.deepEqual(caretMove({ key: "ArrowRight", ctrlKey: true, shiftKey: true }), ["extend", "forward", "word"]);
  assert.deepEqual(caretMove({ key: "ArrowDown", ctrlKey: true }), ["move", "forward", "line"]);
});

test("other keys and the Meta chords are left to the browser", () => {
  assert.equal(caretMove({ key: "a" }), null);
  assert.equal(caretMove({ key: "ArrowLeft", metaKey: true }), null);
});
