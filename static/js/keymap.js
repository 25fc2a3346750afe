// The one table of keys. The page's handlers, the `?` help overlay and the README's
// table (checked by tests/js/keymap.test.js) all come from KEYMAP.
//
// Single keys act only outside text fields, and none is a browser or screen-reader
// chord: no Ctrl/Alt/Meta letters, no function keys, nothing with Insert or Caps Lock.
// Screen readers take single letters in browse mode before the page sees them; in focus
// mode (the article text is focusable) they reach us.

/** Every key: what it does, where it works, and whether it works yet ("coming"). */
export const KEYMAP = [
  { keys: ["Tab"], where: "page", does: "Reach the article text (or take the “Skip to the article text” link)" },
  { keys: ["←", "→", "↑", "↓", "Home", "End"], where: "text", does: "Move the caret; left and right as on the screen, in right-to-left articles too; with Ctrl, Home and End go to the start and end of the article text" },
  { keys: ["Shift+arrows"], where: "text", does: "Select; with Ctrl (or Alt) whole words" },
  { keys: ["1"], where: "selection", action: "tag-claim", does: "Tag the selection as a claim" },
  { keys: ["2"], where: "selection", action: "tag-quote", does: "Tag the selection as a quote" },
  { keys: ["3"], where: "selection", action: "tag-context", does: "Tag the selection as context" },
  { keys: ["n"], where: "selection", action: "note", does: "Open the note, speaker and verdict fields before tagging" },
  { keys: ["Tab", "Shift+Tab"], where: "selection", does: "Into the toolbar's buttons and fields, and back to the text with the passage still selected" },
  { keys: ["Escape"], where: "selection", action: "dismiss", does: "Dismiss the toolbar (or this help); the caret stays at the end of the passage" },
  { keys: ["Escape"], where: "Edit form", does: "Cancel the edit, as its Cancel link does" },
  { keys: ["]"], where: "text", action: "highlight-next", does: "Focus the next highlight" },
  { keys: ["["], where: "text", action: "highlight-previous", does: "Focus the previous highlight" },
  { keys: ["Enter"], where: "highlight", action: "open-entry", does: "Show the highlight's entry in the panel (on an entry: back to its highlight)" },
  { keys: ["?"], where: "page", action: "help", does: "Show these keys" },
  { keys: ["."], where: "text", action: "suggestion-next", does: "Focus the next suggestion (outlined in the text)" },
  { keys: [","], where: "text", action: "suggestion-previous", does: "Focus the previous suggestion" },
  { keys: ["a"], where: "suggestion", action: "suggestion-accept", does: "Accept the suggestion (focused in the text, or its entry in the panel) as an annotation; focus goes to the next one" },
  { keys: ["x"], where: "suggestion", action: "suggestion-reject", does: "Reject the suggestion for good; focus goes to the next one" },
  { keys: ["e"], where: "suggestion", action: "suggestion-edit", does: "Edit the suggestion before accepting it: its words, tag or speaker (focus goes to the words)" },
  { keys: ["Enter"], where: "suggestion", does: "Show the suggestion's entry in the panel, with Accept, Reject and Edit… (change the words, tag or speaker, then accept)" },
  { keys: ["u"], where: "review", action: "review-next", does: "Focus the next unreviewed annotation's entry in the panel (reviewers, on an article ready for review)" },
  { keys: ["Shift+A"], where: "review", action: "review-approve", does: "Approve the focused annotation (its entry, or its highlight); focus stays on its entry" },
  { keys: ["Shift+X"], where: "review", action: "review-reject", does: "Reject the focused annotation: focus goes to its comment, Enter rejects with it" },
  { keys: ["d"], where: "agreement page", action: "dispute-next", does: "Focus the next open dispute (where editors differ): its first version" },
  { keys: ["Shift+D"], where: "agreement page", action: "dispute-previous", does: "Focus the previous open dispute" },
  { keys: ["v"], where: "dispute", action: "dispute-version", does: "Focus the dispute's next version (each editor's, and a final so far)" },
  { keys: ["Shift+V"], where: "dispute", action: "dispute-adopt", does: "Adopt the focused version as final (reviewers and the desk); focus goes to the next open dispute" },
  { keys: ["m"], where: "dispute", action: "dispute-merge", does: "Write a merged version: opens the form with focus on its start, Enter saves" },
];

const keysOf = (prefix) =>
  Object.fromEntries(
    KEYMAP.filter((row) => row.action?.startsWith(prefix)).map((row) => [row.keys[0], row.action.slice(prefix.length)]),
  );

/** Keys that tag the selection, by tag. */
export const TAG_KEYS = keysOf("tag-");

/** Keys that move focus to the next (1) or previous (-1) suggestion. */
export const SUGGESTION_KEYS = Object.fromEntries(
  Object.entries(keysOf("suggestion-"))
    .filter(([, way]) => way === "next" || way === "previous")
    .map(([key, way]) => [key, way === "next" ? 1 : -1]),
);

/** Review keys by what they do: next, approve, reject ("Shift+A" names Shift with a). */
export const REVIEW_KEYS = keysOf("review-");

/** The agreement page's keys by what they do: next, previous, version, adopt, merge. */
export const DISPUTE_KEYS = keysOf("dispute-");

/** The keymap's name of a key event: "Shift+A" for Shift and a letter, else its key. */
export function keyName({ key, shiftKey = false }) {
  return shiftKey && /^[a-z]$/i.test(key) ? `Shift+${key.toUpperCase()}` : key;
}

/** Keys that move focus to the next (1) or previous (-1) highlight. */
export const HIGHLIGHT_KEYS = Object.fromEntries(
  Object.entries(keysOf("highlight-")).map(([key, way]) => [key, way === "next" ? 1 : -1]),
);

/** The action a working single key does ("tag-claim", "note"…), or undefined. */
export function actionFor(key) {
  return KEYMAP.find((row) => row.action && row.status !== "coming" && row.keys.includes(key))?.action;
}

/** The key that does `action` (its first), for aria-keyshortcuts and hints. */
export function keyFor(action) {
  return KEYMAP.find((row) => row.action === action)?.keys[0];
}

/** The keymap as the README's Markdown table. */
export function keymapMarkdown() {
  const cell = (text) => text.replaceAll("|", "\\|");
  const lines = ["| Keys | Where | What it does |", "|---|---|---|"];
  for (const row of KEYMAP) {
    const keys = row.keys.map((k) => `\`${cell(k)}\``).join(" ");
    const does = row.status === "coming" ? `${row.does} (coming: reserved, does nothing yet)` : row.does;
    lines.push(`| ${keys} | ${row.where} | ${cell(does)} |`);
  }
  return lines.join("\n");
}

// Left and right are visual, as the arrows on the key caps: in a right-to-left paragraph
// ArrowLeft moves on through the text, not back.
const MOVES = {
  ArrowRight: ["right", "character"],
  ArrowLeft: ["left", "character"],
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
