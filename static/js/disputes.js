// Adjudication with the keyboard, on the agreement page: d and Shift+D move between the
// open disputes, v between a dispute's versions, Shift+V adopts the focused version, m
// opens the merged-version form. After a decision, focus goes to the next open dispute
// (the settled one is swapped out, and focus with it).
import { DISPUTE_KEYS, keyName } from "./keymap.js";
import { announce } from "./messages.js";

const inField = (el) => el && el.matches("input, textarea, select");
const OPEN = "li.dispute:not(.dispute--settled)";

const openDisputes = () => [...document.querySelectorAll(OPEN)];
const current = () => document.activeElement?.closest?.(OPEN) || null;

function show(el) {
  el.focus();
  el.scrollIntoView({ block: "nearest" });
}

/** Focus the first version of the open dispute `step` (1 or -1) away from the current. */
function stepDispute(step) {
  const all = openDisputes();
  if (!all.length) {
    announce("No open disputes left.");
    return;
  }
  const at = all.indexOf(current());
  const next = at < 0 ? (step > 0 ? all[0] : all[all.length - 1]) : all[(at + step + all.length) % all.length];
  show(next.querySelector(".dispute__version") || next);
}

function stepVersion() {
  const dispute = current();
  if (!dispute) {
    stepDispute(1);
    return;
  }
  const versions = [...dispute.querySelectorAll(".dispute__version")];
  const at = versions.indexOf(document.activeElement.closest(".dispute__version"));
  show(versions[(at + 1) % versions.length]);
}

function adopt() {
  const button = document.activeElement?.closest?.(".dispute__version")?.querySelector("[data-adopt]");
  if (!button) {
    announce("Focus a version first: d for the next dispute, v for its next version.");
    return;
  }
  button.click();
}

function merge() {
  const dispute = current() || openDisputes()[0];
  const details = dispute?.querySelector(".dispute__merge");
  if (!details) {
    announce("No open dispute to write a merged version for.");
    return;
  }
  details.open = true;
  show(details.querySelector("input[name=start]"));
}

const DOES = { next: () => stepDispute(1), previous: () => stepDispute(-1), version: stepVersion, adopt, merge };

export function init() {
  if (!document.getElementById("disputes-title")) return;
  document.addEventListener("keydown", (event) => {
    if (document.querySelector("dialog[open]")) return;
    if (inField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const does = DOES[DISPUTE_KEYS[keyName(event)]];
    if (!does) return;
    event.preventDefault();
    does();
  });
  // A decision swaps its dispute out (and focus with it) for the settled one.
  let after = null;
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const dispute = event.detail.elt.closest?.(OPEN);
    if (!dispute) return;
    const all = openDisputes();
    const at = all.indexOf(dispute);
    after = { id: dispute.id, next: all.slice(at + 1).concat(all.slice(0, at)) };
  });
  document.body.addEventListener("htmx:oobAfterSwap", (event) => {
    if (!after || event.target.id !== after.id) return;
    const next = after.next.find((d) => d.isConnected && d.matches(OPEN));
    after = null;
    if (next) show(next.querySelector(".dispute__version") || next);
  });
}
