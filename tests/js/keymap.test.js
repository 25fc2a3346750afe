// The keymap's pure functions: what a key does to the caret.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  actionFor, caretMove, DISPUTE_KEYS, HIGHLIGHT_KEYS, KEYMAP, keyFor, keymapMarkdown, keyName, REVIEW_KEYS,
  SUGGESTION_KEYS,
  TAG_KEYS,
} from "../../static/js/keymap.js";

test("arrows move the caret, Shift extends, Ctrl or Alt goes by words", () => {
  assert.deepEqual(caretMove({ key: "ArrowRight" }), ["move", "right", "character"]);
  assert.deepEqual(caretMove({ key: "ArrowLeft", shiftKey: true }), ["extend", "left", "character"]);
  assert.deepEqual(caretMove({ key: "ArrowRight", ctrlKey: true, shiftKey: true }), ["extend", "right", "word"]);
  assert.deepEqual(caretMove({ key: "ArrowDown", ctrlKey: true }), ["move", "forward", "line"]);
});

test("other keys and the Meta chords are left to the browser", () => {
  assert.equal(caretMove({ key: "a" }), null);
  assert.equal(caretMove({ key: "ArrowLeft", metaKey: true }), null);
});

test("the README's keymap table is the keymap module's", async () => {
  const { readFile } = await import("node:fs/promises");
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const table = readme.split("<!-- keymap:")[1]?.split("\n").slice(1).join("\n").split("\n<!-- /keymap -->")[0];
  assert.equal(table, keymapMarkdown(), "paste keymapMarkdown()'s output into README.md");
});

test("a key does one thing where it works, and no key is a browser or screen-reader chord", () => {
  const seen = new Set();
  for (const row of KEYMAP) {
    for (const key of row.keys) {
      const id = `${row.where}:${key}`;
      assert.ok(!seen.has(id), `${key} twice in ${row.where}`);
      seen.add(id);
      assert.doesNotMatch(key, /^(Ctrl|Alt|Meta|Insert|CapsLock)\+|^F\d+$/, key);
    }
  }
  // Working single keys never clash with one another across places either.
  const single = KEYMAP.filter((row) => row.action).flatMap((row) => row.keys);
  assert.equal(new Set(single).size, single.length);
});

test("tag, highlight and suggestion keys come from the table, and reserved keys do nothing yet", () => {
  assert.deepEqual(TAG_KEYS, { 1: "claim", 2: "quote", 3: "context" });
  assert.deepEqual(HIGHLIGHT_KEYS, { "]": 1, "[": -1 });
  assert.deepEqual(SUGGESTION_KEYS, { ".": 1, ",": -1 });
  assert.equal(actionFor("n"), "note");
  assert.equal(actionFor("a"), "suggestion-accept");
  assert.equal(actionFor("x"), "suggestion-reject");
  assert.equal(actionFor("A"), undefined);
  assert.equal(keyFor("suggestion-accept"), "a");
  const coming = KEYMAP.filter((row) => row.status === "coming").map((row) => row.action);
  assert.deepEqual(coming, []);
  assert.deepEqual(REVIEW_KEYS, { u: "next", "Shift+A": "approve", "Shift+X": "reject" });
  assert.deepEqual(DISPUTE_KEYS, { d: "next", "Shift+D": "previous", v: "version", "Shift+V": "adopt", m: "merge" });
  assert.equal(keyName({ key: "D", shiftKey: true }), "Shift+D");
  assert.equal(keyName({ key: "A", shiftKey: true }), "Shift+A");
  assert.equal(keyName({ key: "x", shiftKey: true }), "Shift+X");
  assert.equal(keyName({ key: "u" }), "u");
  assert.equal(keyName({ key: "?", shiftKey: true }), "?");
});
