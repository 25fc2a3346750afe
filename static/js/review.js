// Review with the keyboard: u focuses the next unreviewed entry, Shift+A approves the
// focused annotation, Shift+X opens its comment (Enter rejects). Only where the page
// offers the review buttons (a reviewer, an article ready for review).
import { keyName, REVIEW_KEYS } from "./keymap.js";
import { announce } from "./messages.js";

const inField = (el) => el && el.matches("input, textarea, select");

/** The entry of the focused annotation: an entry (or inside one), or a highlight's. */
function currentEntry() {
  const active = document.activeElement;
  const entry = active?.closest?.(".entry");
  if (entry) return entry;
  const id = active?.matches?.("mark[data-annotation-id]") ? active.dataset.annotationId : "";
  return id ? document.getElementById(`entry-${id}`) : null;
}

function nextUnreviewed() {
  const entries = [...document.querySelectorAll(".entry")].filter((e) => e.querySelector("[data-review-approve]"));
  const open = entries.filter((e) => e.dataset.review === "none");
  if (!open.length) {
    announce(entries.length ? "Every annotation shown is reviewed." : "Nothing to review here.");
    return;
  }
  const from = entries.indexOf(currentEntry());
  const next = open.find((e) => entries.indexOf(e) > from) || open[0];
  next.querySelector("[data-jump]").focus();
  next.scrollIntoView({ block: "nearest" });
}

function decide(how) {
  const entry = currentEntry();
  const approve = entry?.querySelector("[data-review-approve]");
  if (!approve) {
    announce("Focus an annotation to review first (u: the next unreviewed one).");
    return;
  }
  if (how === "approve") approve.click();
  else entry.querySelector("[data-review-comment]").focus();
}

export function init() {
  document.addEventListener("keydown", (event) => {
    // Enter in a rejection's comment rejects (the form's first button would approve).
    if (event.key === "Enter" && event.target.matches?.("[data-review-comment]")) {
      event.preventDefault();
      // A click, not requestSubmit(): htmx sends the clicked button's name and value.
      event.target.form.querySelector("[data-review-reject]").click();
      return;
    }
    if (inField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const does = REVIEW_KEYS[keyName(event)];
    if (!does) return;
    event.preventDefault();
    if (!document.querySelector("[data-review-approve]")) {
      // Said, not silent: a key that does nothing reads as a broken one.
      announce("Review keys work for reviewers and the desk, on an article ready for review.");
      return;
    }
    if (does === "next") nextUnreviewed();
    else decide(does);
  });
}
