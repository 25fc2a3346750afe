// What the page says: the screen reader's live region and the toolbar's error line.

/** Say `message` through the polite live region. */
export function announce(message) {
  const live = document.getElementById("live");
  if (live) live.textContent = message;
}

/** Show `message` in the toolbar's alert line ("" clears it). */
export function setToolbarError(message) {
  const box = document.getElementById("toolbar-error");
  if (box) box.textContent = message;
}
