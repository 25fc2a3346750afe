// The panel's lists load in pages: an entry that is not loaded yet sits behind a loader
// (the list's tail, or a gap between loaded entries). Annotations and suggestions share
// how the loader for an entry is found and how its page is fetched.

/**
 * The loader standing for an entry that is not loaded, from the list in reading order.
 * `items` are the list's items; `isLoader(item)` tells a loader from an entry;
 * `precedes(item)` is true when the entry's mark comes before the sought one in the text,
 * false when after, null when the entry has no mark on the page (it is skipped). The
 * answer is the last loader before the first loaded entry that follows, or null when a
 * loaded entry before the sought one is followed by one after it (a filter hides it).
 */
export function loaderAmong(items, isLoader, precedes) {
  let loader = null;
  for (const item of items) {
    if (isLoader(item)) {
      loader = item;
      continue;
    }
    const before = precedes(item);
    if (before === null) continue;
    if (before) loader = null;
    else break;
  }
  return loader;
}

/**
 * The loader of `list` (a selector of the list's items) for the entry whose mark is
 * `#article-body mark[attribute="id"]`; `markIdOf(item)` gives a loaded item's id.
 */
export function loaderFor(list, attribute, markIdOf, id) {
  const target = document.querySelector(`#article-body mark[${attribute}="${id}"]`);
  if (!target) return null;
  const seen = Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY;
  return loaderAmong(
    document.querySelectorAll(list),
    (item) => item.matches("[data-loader]"),
    (item) => {
      const mark = document.querySelector(`#article-body mark[${attribute}="${markIdOf(item)}"]`);
      return mark ? Boolean(mark.compareDocumentPosition(target) & seen) : null;
    },
  );
}

/**
 * Load the page of the list that starts with entry `id` in place of `loader` (the
 * entries before it stay a gap). Resolves once htmx has swapped; false without a link.
 */
export async function loadPageAt(loader, id) {
  const link = loader?.querySelector("a[href]");
  if (!link) return false;
  const url = new URL(link.href, window.location.href);
  url.searchParams.set("at", id);
  await window.htmx.ajax("GET", url.pathname + url.search, {
    source: link,
    target: `#${loader.id}`,
    swap: "outerHTML",
  });
  return true;
}
