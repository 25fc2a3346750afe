// No silent mistakes: a refused or failed request says why beside the control that sent
// it, and nothing the reader typed is cleared. Also keeps the CSRF token fresh.

// "What you typed is kept" only where something can be typed: a Delete has nothing to keep.
const KEPT = ": what you typed is kept.";
const network = (typed) =>
  `Could not reach the server, so nothing was saved. Check the connection and press again${typed ? KEPT : "."}`;
const serverFault = (status, typed) =>
  `Something went wrong on our side (error ${status}), so nothing was saved. Press again in a moment${typed ? KEPT : "."}`;
const typedIn = (elt) => Boolean(elt.closest("form")?.querySelector("textarea, input[type=text]"));

/** True when an htmx:afterRequest detail is a write the server took (2xx/3xx). */
export const accepted = (detail) => Boolean(detail.xhr) && detail.xhr.status >= 200 && detail.xhr.status < 400;

/**
 * The message box beside `elt`: the toolbar's, its entry's, or one after its form; made
 * when `make` is true, else null when there is none yet.
 */
export function slotFor(elt, make = true) {
  if (elt.closest("#toolbar")) return document.getElementById("toolbar-error");
  const host = elt.closest("li.entry, .undo") || elt.closest("form")?.parentElement;
  if (!host) return document.getElementById("panel-message");
  let slot = [...host.children].find((child) => child.classList.contains("action-error"));
  if (!slot && make) {
    slot = document.createElement("div");
    slot.className = "action-error";
    slot.setAttribute("role", "alert");
    host.append(slot);
  }
  return slot;
}

function explain(xhr, typed) {
  if (!xhr || xhr.status === 0) return [document.createTextNode(network(typed))];
  const html = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
  const given = html.querySelector("[data-action-error]");
  if (given) return [...given.childNodes];
  return [document.createTextNode(serverFault(xhr.status, typed))];
}

function cookieToken() {
  const pair = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  return pair ? decodeURIComponent(pair.slice("csrftoken=".length)) : "";
}

/** Show every failed request's reason next to its control; clear it when one succeeds. */
export function init() {
  // Logging in again (in another tab) or a CSRF refusal renews the cookie's token; the
  // one hx-headers put on <body> at page load is then stale.
  document.body.addEventListener("htmx:configRequest", (event) => {
    const token = cookieToken();
    if (!token) return;
    event.detail.headers["X-CSRFToken"] = token;
    // Django reads a form's own token before the header: renew that one too.
    if (event.detail.parameters.csrfmiddlewaretoken !== undefined) {
      event.detail.parameters.csrfmiddlewaretoken = token;
    }
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const { elt, xhr } = event.detail;
    if (!elt?.isConnected) return;
    if (accepted(event.detail)) {
      slotFor(elt, false)?.replaceChildren();
      return;
    }
    const slot = slotFor(elt);
    slot.replaceChildren(...explain(xhr, typedIn(elt)));
    if (slot.querySelector("[hx-get], [hx-post]")) window.htmx.process(slot);
    // The message is where the editor acted and in view; focus, which htmx's disabling of
    // the pressed button dropped on <body>, goes back to it so pressing again is one key.
    slot.scrollIntoView({ block: "nearest" });
    // The button pressed: a form's submitter, else the element that sent the request.
    const pressed = event.detail.requestConfig?.triggeringEvent?.submitter || elt;
    setTimeout(() => {
      if (document.activeElement !== document.body && document.activeElement !== null) return;
      if (pressed.isConnected && !pressed.disabled && pressed.matches("button, a, input, select, textarea")) {
        pressed.focus({ preventScroll: true });
      } else {
        slot.tabIndex = -1;
        slot.focus({ preventScroll: true });
      }
    });
  });
}
