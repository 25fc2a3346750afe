// Which loader stands for an entry not loaded: the panel's lists in reading order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loaderAmong } from "../../static/js/list-pages.js";

// An item is a loader ("L…") or an entry at a place in the text (a number; null: no mark).
const find = (items, target) =>
  loaderAmong(
    items,
    (item) => typeof item === "string",
    (item) => (item === null ? null : item < target),
  );

test("the list's tail holds what comes after every loaded entry", () => {
  assert.equal(find([1, 2, 3, "Ltail"], 9), "Ltail");
});

test("a gap holds what stands between the entries around it", () => {
  assert.equal(find([1, "Lgap", 8, 9, "Ltail"], 5), "Lgap");
  assert.equal(find([1, "Lgap1", 4, "Lgap2", 8, "Ltail"], 6), "Lgap2");
});

test("a leading gap holds what comes before the first loaded entry", () => {
  assert.equal(find(["Llead", 5, 6, "Ltail"], 2), "Llead");
});

test("none when loaded entries stand on both sides: the filter hides it", () => {
  assert.equal(find([1, 3, 8, "Ltail"], 5), null);
  assert.equal(find([], 5), null);
});

test("entries without a mark on the page are passed over", () => {
  assert.equal(find([1, "Lgap", null, 8, "Ltail"], 5), "Lgap");
  assert.equal(find([1, null, "Ltail"], 5), "Ltail");
});
