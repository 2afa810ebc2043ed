// CICA Knowledge Base search: the header search box, the policy finder (practices/find/) and the
// highlighting of search terms on the page a result opens. All three query the Pagefind index that
// the build writes to pagefind/: it is split into small chunks, so a query downloads only the parts
// it needs, however large the site grows. The finder's pure parts (address, years, chips, counts,
// "did you mean") are in kb-finder-state.js, tested with `node --test`.
//
// Text from the index is untrusted (it comes from contributed data): it is only ever inserted as
// text, and excerpts keep nothing but their <mark> highlights (see `appendExcerpt`).

import strings from "./kb-strings.js";
import { parts } from "./kb-i18n.js";
import {
  browse, chips, correctQuery, countPages, isNarrowed, matchChoices, pagefindFilters, readAddress, unknownChoicesNotice, withoutChip, writeAddress,
  yearProblem,
} from "./kb-finder-state.js";

const { _, ngettext } = strings;
// The root of this language's pages (Material's scope: /ru/ on the Russian pages) holds the finder and its
// lists. The search index is where kb-strings.js says, from that root: the language's own (pagefind/) or the
// whole site's (../pagefind/ from /ru/). Pagefind's addresses are relative to the folder the bundle is in.
const scope = window.__md_scope instanceof URL ? window.__md_scope : new URL(".", document.baseURI);
const searchIndex = new URL(strings.searchIndex, scope);
const indexedRoot = new URL("../", searchIndex);
const HIGHLIGHT_PARAM = "highlight";
const PAGE_SIZE = 20;
const FRAGMENT_COUNTING_LIMIT = 40; // results; beyond this, the filter chunks cost less than the pages
const HEADER_RESULTS = 8;
const DEBOUNCE_MS = 120;
const NARROW_SCREEN = "(max-width: 59.9375em)";
// Ranking (tests/test_search.py holds the real queries): Pagefind 1.5 adds a title match on top of
// the text's score (title weight 5, its default); a state's or a body's page carries its name as
// `name` metadata, weighed twice as much, so "Kazakhstan" opens Kazakhstan's page, not a campaign
// titled "Clean Kazakhstan". termSimilarity 5 (default 1) prefers the words as typed over other
// words of the same stem: "Law on Volunteer Activity" before "Law on Voluntary Activities".
const RANKING = { termSimilarity: 5, metaWeights: { name: 10 } };

// ---------------------------------------------------------------------------------------------
// Pagefind, loaded on first use only: readers who never search download nothing.

let pagefindPromise = null;
let filtersPromise = null;

function pagefind() {
  if (!pagefindPromise) {
    pagefindPromise = import(new URL("pagefind.js", searchIndex).href).then(async (module) => {
      // highlightParam: each result's address carries the words Pagefind matched, for pagefind-highlight.js.
      await module.options({ baseUrl: indexedRoot.pathname, excerptLength: 24, highlightParam: HIGHLIGHT_PARAM, ranking: RANKING });
      await module.init();
      return module;
    });
    pagefindPromise.catch(() => { pagefindPromise = null; });
  }
  return pagefindPromise;
}

// Facet counts need the filter chunks, which Pagefind loads only when asked for them.
function pagefindWithFilters() {
  if (!filtersPromise) {
    filtersPromise = pagefind().then(async (engine) => { await engine.filters(); return engine; });
    filtersPromise.catch(() => { filtersPromise = null; });
  }
  return filtersPromise;
}

// A JSON file the build writes beside the index, fetched once.
const jsonFiles = new Map();

function siteJson(path) {
  if (!jsonFiles.has(path)) {
    const loading = fetch(new URL(path, scope)).then((response) => {
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return response.json();
    });
    loading.catch(() => jsonFiles.delete(path));
    jsonFiles.set(path, loading);
  }
  return jsonFiles.get(path);
}

// Listing practices by facets alone, without words, would make Pagefind load its whole index: the
// finder filters the build's compact list of practices (search/practices.json) in the browser instead.
const browseIndex = () => siteJson("search/practices.json");
// The words of every title and summary (cica_kb/vocabulary.py), for "did you mean".
const vocabulary = () => siteJson("search/vocabulary.json");

function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// An excerpt from Pagefind is escaped text with <mark> around matches. Parse it inertly and copy
// only text and <mark> elements, so nothing else from the index can ever become markup.
function appendExcerpt(target, excerpt) {
  const parsed = new DOMParser().parseFromString(`<body>${excerpt}</body>`, "text/html").body;
  for (const node of parsed.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) target.append(node.textContent);
    else if (node.nodeName === "MARK") target.append(element("mark", "", node.textContent));
    else target.append(node.textContent || "");
  }
}

// A result's address on this site: Pagefind's full URL (with its highlight words) as a path.
function localAddress(url) {
  const address = new URL(url, location.href);
  return address.pathname + address.search + address.hash;
}

function finderAddress(query) {
  return new URL("practices/find/", scope).pathname + (query ? `?q=${encodeURIComponent(query)}` : "");
}

// ---------------------------------------------------------------------------------------------
// Header search: Material's look, Pagefind's index, every page of the site.

function setupHeaderSearch() {
  const root = document.querySelector("[data-kb-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle || root.dataset.kbReady) return;
  root.dataset.kbReady = "true";
  const form = root.querySelector("form");
  const input = root.querySelector("[data-kb-search-input]");
  const status = root.querySelector("[data-kb-search-status]");
  const list = root.querySelector("[data-kb-search-results]");
  let sequence = 0;

  const open = () => { if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); } input.setAttribute("aria-expanded", "true"); };
  const close = () => { if (toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); } input.setAttribute("aria-expanded", "false"); };
  const links = () => [...list.querySelectorAll("a")];

  async function run() {
    const query = input.value.trim();
    const mine = ++sequence;
    if (!query) {
      list.replaceChildren();
      status.textContent = _("Type to search states, bodies, meetings, documents and practices");
      return;
    }
    status.textContent = _("Searching…");
    try {
      const engine = await pagefind();
      // A search Pagefind has begun runs to its end, and the next waits behind it (seconds for a word on every
      // page at 10,000 practices): words typed while the engine loaded are searched only if they are still the query.
      if (mine !== sequence) return;
      let search = await engine.search(query);
      let words = query;
      if (search.results.length === 0) {  // did you mean: the nearest words of the index, run at once
        const corrected = correctQuery(query, await vocabulary().catch(() => []));
        const retry = corrected && await engine.search(corrected);
        if (retry && retry.results.length) { search = retry; words = corrected; }
      }
      const found = await Promise.all(search.results.slice(0, HEADER_RESULTS).map((result) => result.data()));
      if (mine !== sequence) return;
      renderHeaderResults(list, found, words);
      const total = search.results.length;
      status.textContent = words !== query
        ? ngettext("No pages match “%(query)s”. Showing results for “%(words)s”: %(num)d matching page",
          "No pages match “%(query)s”. Showing results for “%(words)s”: %(num)d matching pages", total, { query, words })
        : total === 0 ? _("No matching pages") : ngettext("%(num)d matching page", "%(num)d matching pages", total);
    } catch (error) {
      if (mine === sequence) status.textContent = _("Search is not available: the search index did not load.");
      console.warn("Search index did not load", error);
    }
  }

  const runSoon = debounce(run, DEBOUNCE_MS);
  input.addEventListener("focus", () => { open(); pagefind().catch(() => {}); });
  input.addEventListener("input", () => { open(); runSoon(); });
  toggle.addEventListener("change", () => { if (toggle.checked && document.activeElement !== input) input.focus(); });
  form.addEventListener("reset", () => { setTimeout(run, 0); input.focus(); });
  // Enter opens the policy finder with the words typed, whether or not results have appeared yet.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    close();
    location.assign(finderAddress(input.value.trim()));
  });
  // The panel closes, and the page is no longer dimmed, as soon as the keyboard moves on.
  // (Focus going nowhere, as when the window loses focus, leaves it open.)
  root.addEventListener("focusout", (event) => {
    if (event.relatedTarget instanceof Node && !root.contains(event.relatedTarget)) close();
  });
  root.addEventListener("keydown", (event) => {
    const items = links();
    const index = items.indexOf(document.activeElement);
    if (event.key === "Escape") { event.preventDefault(); close(); input.blur(); }
    else if (event.key === "ArrowDown" && items.length) { event.preventDefault(); items[Math.min(index + 1, items.length - 1)].focus(); }
    else if (event.key === "ArrowUp" && index >= 0) { event.preventDefault(); (index === 0 ? input : items[index - 1]).focus(); }
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLElement && (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") { event.preventDefault(); open(); input.focus(); }
  });
}

function renderHeaderResults(list, found, query) {
  const items = found.map((page) => {
    const item = element("li", "md-search-result__item");
    item.setAttribute("role", "option");
    const link = element("a", "md-search-result__link");
    link.href = localAddress(page.url);
    const article = element("article", "md-search-result__article md-typeset");
    article.append(element("h1", "", page.meta.title || page.url));
    const context = [page.meta.country, page.meta.kind, page.meta.year].filter(Boolean).join(" · ");
    if (context) article.append(element("p", "kb-search__context", context));
    const excerpt = element("p");
    appendExcerpt(excerpt, page.excerpt);
    article.append(excerpt);
    link.append(article);
    item.append(link);
    return item;
  });
  const finder = element("li", "md-search-result__item kb-search__finder");
  const more = element("a", "md-search-result__link", _("Find policies matching “%(query)s” with filters →", { query }));
  more.href = finderAddress(query);
  finder.append(more);
  list.replaceChildren(...items, finder);
}

// ---------------------------------------------------------------------------------------------
// The policy finder: full text plus facets, its whole state in the page's address.

function finderParts(root) {
  const form = root.querySelector("form");
  const field = (name) => form.elements.namedItem(name);
  return {
    form,
    query: field("q"),
    sort: field("sort"),
    from: field("from"),
    to: field("to"),
    status: root.querySelector("[data-kb-finder-status]"),
    list: root.querySelector("[data-kb-finder-results]"),
    empty: root.querySelector("[data-kb-finder-empty]"),
    emptyReason: root.querySelector("[data-kb-finder-empty-reason]"),
    more: root.querySelector("[data-kb-finder-more]"),
    filters: root.querySelector("[data-kb-finder-filters]"),
    filtersToggle: root.querySelector("[data-kb-finder-filters-toggle]"),
    chipList: root.querySelector("[data-kb-finder-chips]"),
    suggestion: root.querySelector("[data-kb-finder-suggestion]"),
    linkProblem: root.querySelector("[data-kb-finder-link-problem]"),
    yearProblem: root.querySelector("[data-kb-finder-year-problem]"),
    results: root.querySelector("#kb-finder-results"),
    skip: root.querySelector("[data-kb-finder-skip]"),
    facets: [...root.querySelectorAll("fieldset[data-facet]:not([data-facet=year])")].map((set) => set.dataset.facet),
    labels: Object.fromEntries([...root.querySelectorAll("fieldset[data-facet]")].map((set) => [set.dataset.facet, set.querySelector("legend").textContent.trim()])),
    years: [...root.querySelectorAll("#kb-finder-years option")].map((option) => option.value),
  };
}

function setupFinder() {
  const root = document.querySelector("[data-kb-finder]");
  if (!root || root.dataset.kbReady) return;
  root.dataset.kbReady = "true";
  for (const notice of document.querySelectorAll("[data-kb-finder-nojs]")) notice.hidden = true;
  const ui = finderParts(root);
  const { form, facets } = ui;
  let sequence = 0;
  let shown = [];
  let linkNotice = "";  // what the page's address asked for and the form does not have: said once, then the reader's choices count

  const checked = (facet) => [...form.querySelectorAll(`input[name="${facet}"]:checked`)].map((box) => box.value);
  const state = () => ({
    q: ui.query.value.trim(), sort: ui.sort.value, from: ui.from.value.trim(), to: ui.to.value.trim(),
    selected: Object.fromEntries(facets.map((facet) => [facet, checked(facet)])),
  });

  function show(current) {
    ui.query.value = current.q;
    for (const facet of facets) {
      const wanted = new Set(current.selected[facet] || []);
      for (const box of form.querySelectorAll(`input[name="${facet}"]`)) box.checked = wanted.has(box.value);
    }
    ui.from.value = current.from;
    ui.to.value = current.to;
    ui.sort.value = current.sort;
  }

  function keepAddress(current) {
    const search = writeAddress(current, facets);
    const address = location.pathname + (search ? `?${search}` : "");
    if (address !== location.pathname + location.search) history.replaceState(history.state, "", address);
  }

  async function searchWords(current) {
    const engine = await pagefind();
    const sort = current.sort === "year-asc" ? { year: "asc" } : current.sort === "year-desc" ? { year: "desc" } : undefined;
    const search = await engine.search(current.q, { filters: pagefindFilters(current, facets, ui.years), sort });
    return { counts: null, search, results: search.results.map((result) => () => result.data()) };
  }

  // Counts per value as if that facet's own choices were not made (values within a facet combine
  // with OR, facets with AND), so a reader sees what ticking another box would add. A narrow search
  // without chosen facets is counted from its own results: a few fragments, not every filter chunk.
  async function wordCounts(current, search) {
    if (!isNarrowed(current, facets) && search.results.length <= FRAGMENT_COUNTING_LIMIT) {
      return countPages(await Promise.all(search.results.map((result) => result.data())), facets);
    }
    const engine = await pagefindWithFilters();
    const everything = await engine.search(current.q, { filters: pagefindFilters(current, facets, ui.years) });
    const counts = {};
    for (const facet of facets) {
      counts[facet] = current.selected[facet].length
        ? (await engine.search(current.q, { filters: pagefindFilters(current, facets, ui.years, facet) })).filters[facet] || {}
        : everything.filters[facet] || {};
    }
    return counts;
  }

  async function browseFacets(current) {
    const found = browse(await browseIndex(), current, facets);
    const page = (entry) => ({ ...entry, url: new URL(entry.url, scope).pathname });
    return { counts: found.counts, results: found.pages.map((entry) => () => Promise.resolve(page(entry))) };
  }

  function showCounts(counts) {
    for (const facet of facets) {
      for (const box of form.querySelectorAll(`input[name="${facet}"]`)) {
        const count = counts[facet][box.value] || 0;
        const label = box.closest("label");
        label.querySelector("[data-count]").textContent = String(count);
        label.classList.toggle("kb-finder__value--none", count === 0 && !box.checked);
      }
    }
  }

  function showChips(current) {
    const items = chips(current, facets, ui.labels, strings).map((chip, index) => {
      const item = element("li");
      const button = element("button", "kb-finder__chip");
      button.type = "button";
      button.dataset.chip = String(index);
      button.setAttribute("aria-label", _("Remove the filter %(filter)s", { filter: chip.text }));
      button.append(element("span", "", chip.text), element("span", "kb-finder__chip-x", "×"));
      button.lastChild.setAttribute("aria-hidden", "true");
      button.addEventListener("click", () => {
        const next = button.closest("li").nextElementSibling?.querySelector("button") || button.closest("li").previousElementSibling?.querySelector("button");
        const nextText = next?.getAttribute("aria-label");
        show(withoutChip(state(), chip));
        run().then(() => {
          const again = [...ui.chipList.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === nextText);
          (again || ui.query).focus();
        });
      });
      item.append(button);
      return item;
    });
    ui.chipList.replaceChildren(...items);
    ui.chipList.hidden = items.length === 0;
  }

  function showStatus(current, total) {
    const narrowed = isNarrowed(current, facets);
    const query = current.q;
    if (total === 0) ui.status.textContent = _("No practice matches.");
    else if (query && narrowed) {
      ui.status.textContent = ngettext("%(num)d practice matching “%(query)s” with the chosen filters.",
        "%(num)d practices matching “%(query)s” with the chosen filters.", total, { query });
    } else if (query) ui.status.textContent = ngettext("%(num)d practice matching “%(query)s”.", "%(num)d practices matching “%(query)s”.", total, { query });
    else if (narrowed) ui.status.textContent = ngettext("%(num)d practice with the chosen filters.", "%(num)d practices with the chosen filters.", total);
    else ui.status.textContent = ngettext("%(num)d practice.", "%(num)d practices.", total);
  }

  // Nothing found for the words: the nearest words of the index's vocabulary, offered and run.
  async function suggest(current, mine) {
    ui.suggestion.hidden = true;
    if (!current.q) return false;
    const corrected = correctQuery(current.q, await vocabulary().catch(() => []));
    if (!corrected || mine !== sequence) return false;
    const found = await searchWords({ ...current, q: corrected });
    if (mine !== sequence || found.results.length === 0) return false;
    ui.suggestion.replaceChildren(...parts(_("No practice matches “%(query)s”. Showing results for %(corrected)s."),
      { query: current.q, corrected: element("strong", "", corrected) }), " ");
    const keep = element("button", "md-button kb-finder__keep", _("Search for “%(query)s” only", { query: current.q }));
    keep.type = "button";
    keep.addEventListener("click", () => { ui.suggestion.hidden = true; root.dataset.kbFinderExact = current.q; run(); });
    ui.suggestion.append(keep);
    ui.suggestion.hidden = false;
    return { ...found, corrected };
  }

  async function run() {
    const current = state();
    keepAddress(current);
    showChips(current);
    ui.linkProblem.textContent = linkNotice;
    linkNotice = "";
    const mine = ++sequence;
    root.dataset.kbFinderState = "searching";
    const problem = yearProblem(current.from, current.to, strings);
    ui.yearProblem.textContent = problem;
    if (problem) {
      ui.list.replaceChildren();
      ui.more.hidden = true;
      ui.suggestion.hidden = true;
      ui.status.textContent = problem;
      ui.emptyReason.textContent = problem;
      ui.empty.hidden = false;
      root.dataset.kbFinderQuery = current.q;
      root.dataset.kbFinderState = "done";
      return;
    }
    ui.status.textContent = _("Searching…");
    try {
      if (current.q) await pagefind();
      if (mine !== sequence) return;  // newer words were typed while the engine loaded: search only those
      let found = current.q ? await searchWords(current) : await browseFacets(current);
      if (mine !== sequence) return;
      let words = current.q;
      if (current.q && found.results.length === 0 && root.dataset.kbFinderExact !== current.q) {
        const corrected = await suggest(current, mine);
        if (mine !== sequence) return;
        if (corrected) { found = corrected; words = corrected.corrected; }
      } else {
        ui.suggestion.hidden = true;
      }
      ui.filters.setAttribute("aria-busy", String(!found.counts));
      if (found.counts) showCounts(found.counts);
      shown = found.results;
      ui.list.replaceChildren();
      await showMore(mine);
      if (mine !== sequence) return;
      showStatus({ ...current, q: words }, shown.length);
      ui.emptyReason.textContent = _("No practice matches this search.");
      ui.empty.hidden = shown.length !== 0;
      root.dataset.kbFinderQuery = current.q;  // which search the shown results answer
      root.dataset.kbFinderState = "done";
      if (!found.counts) {
        const counts = await wordCounts({ ...current, q: words }, found.search);
        if (mine !== sequence) return;
        showCounts(counts);
        ui.filters.setAttribute("aria-busy", "false");
      }
    } catch (error) {
      if (mine !== sequence) return;
      ui.status.textContent = _("Search is not available: the search index did not load.");
      root.dataset.kbFinderState = "failed";
      console.warn("Search index did not load", error);
    }
  }

  async function showMore(mine) {
    const start = ui.list.children.length;
    const pages = await Promise.all(shown.slice(start, start + PAGE_SIZE).map((load) => load()));
    if (mine !== sequence) return;
    ui.list.append(...pages.map(resultItem));
    ui.more.hidden = ui.list.children.length >= shown.length;
  }

  const runSoon = debounce(run, DEBOUNCE_MS);
  // The engine (worker, WebAssembly, page list) loads while the first word is typed. Its chunks do not: preloading
  // each prefix (Pagefind's preload) loaded chunks the word did not need ("ben…" 19 kB more for "benchmarkterm").
  ui.query.addEventListener("focus", () => { pagefind().catch(() => {}); });
  ui.query.addEventListener("input", () => { delete root.dataset.kbFinderExact; runSoon(); });
  for (const year of [ui.from, ui.to]) year.addEventListener("input", runSoon);
  form.addEventListener("change", (event) => { if (![ui.query, ui.from, ui.to].includes(event.target)) run(); });
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  form.addEventListener("reset", () => setTimeout(run, 0));
  root.querySelector("[data-kb-finder-clear-filters]").addEventListener("click", () => {
    show({ ...state(), from: "", to: "", selected: Object.fromEntries(facets.map((facet) => [facet, []])) });
    run();
  });
  ui.more.addEventListener("click", async () => {
    const focusIndex = ui.list.children.length;
    await showMore(sequence);
    ui.list.children[focusIndex]?.querySelector("a")?.focus();
  });
  // Skip to results: the first result's link, or the results' region when there is none.
  ui.skip.addEventListener("click", (event) => {
    event.preventDefault();
    (ui.list.querySelector("a") || ui.results).focus();
  });
  // On a phone the filters start folded (CSS, before any script runs: nothing moves) behind a button.
  ui.filtersToggle.addEventListener("click", () => {
    const open = ui.filtersToggle.getAttribute("aria-expanded") !== "true";
    ui.filtersToggle.setAttribute("aria-expanded", String(open));
    ui.filters.classList.toggle("kb-finder__filters--open", open);
  });
  if (!window.matchMedia(NARROW_SCREEN).matches) ui.filtersToggle.setAttribute("aria-expanded", "true");
  // The address's filters, matched to the boxes; a value none of them has is named by the first search (the link's).
  const boxes = Object.fromEntries(facets.map((facet) => [facet, [...form.querySelectorAll(`input[name="${facet}"]`)].map((box) => box.value)]));
  const asked = readAddress(location.search, facets);
  const { selected, unknown } = matchChoices(asked.selected, boxes);
  linkNotice = unknownChoicesNotice(unknown, ui.labels, strings);
  show({ ...asked, selected });
  run();
}

function resultItem(page) {
  const item = element("li", "kb-finder__result");
  const heading = element("h2", "kb-finder__title");  // under the page's h1: no level skipped
  const link = element("a", "", page.meta.title || page.url);
  link.href = localAddress(page.url);
  heading.append(link);
  item.append(heading);
  const context = [page.meta.country, page.meta.kind, page.meta.year].filter(Boolean).join(" · ");
  item.append(element("p", "kb-finder__meta", context));
  if (page.excerpt) {
    const excerpt = element("p", "kb-finder__excerpt");
    appendExcerpt(excerpt, page.excerpt);
    item.append(excerpt);
  }
  return item;
}

// ---------------------------------------------------------------------------------------------
// Highlight the words a search matched on the page it opened (?highlight=…): Pagefind's own
// pagefind-highlight.js (mark.js), loaded only then. Its inline <style> is off (a CSP blocks it);
// kb.css styles mark.kb-highlight.

async function highlightTerms() {
  const content = document.querySelector("[data-pagefind-body]");
  if (!new URLSearchParams(location.search).has(HIGHLIGHT_PARAM) || !content || content.dataset.kbHighlighted) return;
  content.dataset.kbHighlighted = "true";
  try {
    const { default: PagefindHighlight } = await import(new URL("pagefind-highlight.js", searchIndex).href);
    new PagefindHighlight({
      highlightParam: HIGHLIGHT_PARAM,
      addStyles: false,
      markContext: content,
      markOptions: { className: "kb-highlight", exclude: [".headerlink", ".kb-search-data", ".kb-search-data *", "[data-pagefind-ignore]", "[data-pagefind-ignore] *"] },
    });
  } catch (error) {
    console.warn("Highlighting did not load", error);
    return;
  }
  const first = content.querySelector("mark.kb-highlight");
  if (first && !location.hash) first.scrollIntoView({ block: "center" });
}

// ---------------------------------------------------------------------------------------------

function setup() {
  setupHeaderSearch();
  setupFinder();
  highlightTerms();
}

// Material's instant navigation swaps the page without reloading scripts: it announces each new
// page on `document$`. Without it (or before its bundle runs), set up once on load.
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(setup);
} else {
  setup();
}
