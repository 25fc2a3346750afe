// The panel's two tabs, annotations and suggestions (the WAI-ARIA tabs pattern: arrows
// move between tabs, the choice is kept in the browser). Each list gets the panel's
// whole height; the script opens the tab of whatever the reader goes to.
const KEY = "newsroom.panel.tab";
const TABS = ["annotations", "suggestions"];

function stored() {
  try {
    return localStorage.getItem(KEY) || "";
  } catch {
    return "";
  }
}

function draw(name) {
  for (const tab of document.querySelectorAll("[data-tab]")) {
    const on = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    const panel = document.getElementById(tab.getAttribute("aria-controls"));
    if (panel) panel.hidden = !on;
  }
}

/** Show the tab `name` ("annotations" or "suggestions"), and remember it. */
export function show(name) {
  if (!TABS.includes(name)) return;
  draw(name);
  try {
    localStorage.setItem(KEY, name);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}

/** The tab shown now. */
export const current = () =>
  document.querySelector('[data-tab][aria-selected="true"]')?.dataset.tab || "annotations";

// The tab labels repeat the counts the lists' own heads keep up to date.
function syncCounts() {
  for (const count of document.querySelectorAll("[data-count-of]")) {
    const source = document.getElementById(count.dataset.countOf);
    if (source) count.textContent = source.textContent;
  }
}

/** Wire the tabs; a redrawn panel keeps the tab shown. */
export function init() {
  let shown = TABS.includes(stored()) ? stored() : "annotations";
  draw(shown);
  syncCounts();
  document.addEventListener("click", (event) => {
    const tab = event.target.closest("[data-tab]");
    if (tab) show(tab.dataset.tab);
  });
  document.addEventListener("keydown", (event) => {
    const tab = event.target.closest?.("[data-tab]");
    if (!tab || !["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
    event.preventDefault();
    const i = TABS.indexOf(tab.dataset.tab);
    const next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: TABS.length - 1 }[event.key];
    const name = TABS[(next + TABS.length) % TABS.length];
    show(name);
    document.querySelector(`[data-tab="${name}"]`)?.focus();
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    shown = current();
    syncCounts();
  });
  // A panel swapped whole (a filter, a batch) comes with the annotations tab selected.
  document.body.addEventListener("htmx:afterSwap", () => draw(stored() || shown));
}
