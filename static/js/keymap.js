// The one table of keys: the page's handlers, the `?` help and the README all read it.

/** Keys that tag the selection, by tag. */
export const TAG_KEYS = { 1: "claim", 2: "quote", 3: "context" };

const MOVES = {
  ArrowRight: ["forward", "character"],
  ArrowLeft: ["backward", "character"],
  ArrowDown: ["forward", "line"],
  ArrowUp: ["backward", "line"],
  Home: ["backward", "lineboundary"],
  End: ["forward", "lineboundary"],
};

/**
 * What a key does to the caret in the article text, as Selection.modify's arguments
 * [alter, direction, granularity], or null when it does not move it.
 */
export function caretMove({ key, shiftKey = false, ctrlKey = false, altKey = false, metaKey = false }) {
  const move = MOVES[key];
  if (!move || metaKey) return null;
  let [direction, unit] = move;
  if ((ctrlKey || altKey) && unit === "character") unit = "word";
  return [shiftKey ? "extend" : "move", direction, unit];
}
