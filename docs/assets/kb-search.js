// CICA Knowledge Base search: the header search box, the policy finder (practices/find/) and the
// highlighting of search terms on the page a result opens. All three query the Pagefind index that
// the build writes to pagefind/: it is split into small chunks, so a query downloads only the parts
// it needs, however large the site grows.
//
// Text from the index is untrusted (it comes from contributed data): it is only ever inserted as
// text, and excerpts keep nothing but their <mark> highlights (see `appendExcerpt`).

const scope = window.__md_scope instanceof URL ? window.__md_scope : new URL(".", document.baseURI);
const HIGHLIGHT_PARAM = "highlight";
const PAGE_SIZE = 20;
const FRAGMENT_COUNTING_LIMIT = 40; // results; beyond this, the filter chunks cost less than the pages
const HEADER_RESULTS = 8;
const DEBOUNCE_MS = 120;

// ---------------------------------------------------------------------------------------------
// Pagefind, loaded on first use only: readers who never search download nothing.

let pagefindPromise = null;
let filtersPromise = null;

function pagefind() {
  if (!pagefindPromise) {
    pagefindPromise = import(new URL("pagefind/pagefind.js", scope).href).then(async (module) => {
      await module.options({ baseUrl: scope.pathname, excerptLength: 24 });
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

// Listing practices by facets alone, without words, would make Pagefind load its whole index: the
// finder filters the build's compact list of practices (search/practices.json) in the browser instead.
let browsePromise = null;

function browseIndex() {
  if (!browsePromise) {
    browsePromise = fetch(new URL("search/practices.json", scope)).then((response) => {
      if (!response.ok) throw new Error(`search/practices.json: ${response.status}`);
      return response.json();
    });
    browsePromise.catch(() => { browsePromise = null; });
  }
  return browsePromise;
}

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

function withHighlight(url, query) {
  const terms = query.trim();
  if (!terms) return url;
  const address = new URL(url, location.href);
  address.searchParams.set(HIGHLIGHT_PARAM, terms);
  return address.pathname + address.search + address.hash;
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
  const close = () => { toggle.checked = false; toggle.dispatchEvent(new Event("change")); input.setAttribute("aria-expanded", "false"); input.blur(); };
  const links = () => [...list.querySelectorAll("a")];

  async function run() {
    const query = input.value.trim();
    const mine = ++sequence;
    if (!query) {
      list.replaceChildren();
      status.textContent = "Type to search states, bodies, meetings, documents and practices";
      return;
    }
    status.textContent = "Searching…";
    try {
      const engine = await pagefind();
      const search = await engine.search(query);
      const found = await Promise.all(search.results.slice(0, HEADER_RESULTS).map((result) => result.data()));
      if (mine !== sequence) return;
      renderHeaderResults(list, found, query);
      const total = search.results.length;
      status.textContent = total === 0 ? "No matching pages" : `${total} matching page${total === 1 ? "" : "s"}`;
    } catch (error) {
      if (mine === sequence) status.textContent = "Search is not available: the search index did not load.";
      console.warn("Search index did not load", error);
    }
  }

  const runSoon = debounce(run, DEBOUNCE_MS);
  input.addEventListener("focus", () => { open(); pagefind().catch(() => {}); });
  input.addEventListener("input", () => { open(); runSoon(); });
  toggle.addEventListener("change", () => { if (toggle.checked && document.activeElement !== input) input.focus(); });
  form.addEventListener("reset", () => { setTimeout(run, 0); input.focus(); });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = links()[0];
    if (first) location.assign(first.href);
  });
  root.addEventListener("keydown", (event) => {
    const items = links();
    const index = items.indexOf(document.activeElement);
    if (event.key === "Escape") { event.preventDefault(); close(); }
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
    link.href = withHighlight(page.url, query);
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
  const more = element("a", "md-search-result__link", `Find policies matching “${query}” with filters →`);
  more.href = new URL("practices/find/", scope).pathname + `?q=${encodeURIComponent(query)}`;
  finder.append(more);
  list.replaceChildren(...items, finder);
}

// ---------------------------------------------------------------------------------------------
// The policy finder: full text plus facets, its whole state in the page's address.

function setupFinder() {
  const root = document.querySelector("[data-kb-finder]");
  if (!root || root.dataset.kbReady) return;
  root.dataset.kbReady = "true";
  for (const notice of document.querySelectorAll("[data-kb-finder-nojs]")) notice.hidden = true;
  const form = root.querySelector("form");
  const query = form.elements.namedItem("q");
  const sort = form.elements.namedItem("sort");
  const from = form.elements.namedItem("from");
  const to = form.elements.namedItem("to");
  const status = root.querySelector("[data-kb-finder-status]");
  const list = root.querySelector("[data-kb-finder-results]");
  const empty = root.querySelector("[data-kb-finder-empty]");
  const more = root.querySelector("[data-kb-finder-more]");
  const filters = root.querySelector("[data-kb-finder-filters]");
  const facets = [...root.querySelectorAll("fieldset[data-facet]:not([data-facet=year])")].map((set) => set.dataset.facet);
  const years = [...from.options].map((option) => option.value).filter(Boolean);
  let sequence = 0;
  let shown = [];
  let lastQuery = "";

  if (window.matchMedia("(max-width: 59.9375em)").matches) filters.open = false;

  const checked = (facet) => [...form.querySelectorAll(`input[name="${facet}"]:checked`)].map((box) => box.value);

  function state() {
    const selected = Object.fromEntries(facets.map((facet) => [facet, checked(facet)]));
    return { q: query.value.trim(), sort: sort.value, from: from.value, to: to.value, selected };
  }

  function yearRange(current) {
    if (!current.from && !current.to) return null;
    const low = current.from || years[0];
    const high = current.to || years[years.length - 1];
    return years.filter((year) => year >= low && year <= high);
  }

  function pagefindFilters(current, without) {
    const result = { type: "Practice" };
    for (const facet of facets) {
      if (facet !== without && current.selected[facet].length) result[facet] = { any: current.selected[facet] };
    }
    const range = yearRange(current);
    if (range && without !== "year") result.year = { any: range.length ? range : ["none"] };
    return result;
  }

  function sortOption(current) {
    if (current.sort === "year-asc") return { year: "asc" };
    if (current.sort === "year-desc" || !current.q) return { year: "desc" };
    return undefined;
  }

  function writeAddress(current) {
    const params = new URLSearchParams();
    if (current.q) params.set("q", current.q);
    for (const facet of facets) for (const value of current.selected[facet]) params.append(facet, value);
    if (current.from) params.set("from", current.from);
    if (current.to) params.set("to", current.to);
    if (current.sort) params.set("sort", current.sort);
    const search = params.toString();
    const address = location.pathname + (search ? `?${search}` : "");
    if (address !== location.pathname + location.search) history.replaceState(history.state, "", address);
  }

  function readAddress() {
    const params = new URLSearchParams(location.search);
    query.value = params.get("q") || "";
    for (const facet of facets) {
      const wanted = new Set(params.getAll(facet));
      for (const box of form.querySelectorAll(`input[name="${facet}"]`)) box.checked = wanted.has(box.value);
    }
    from.value = years.includes(params.get("from")) ? params.get("from") : "";
    to.value = years.includes(params.get("to")) ? params.get("to") : "";
    sort.value = ["year-desc", "year-asc"].includes(params.get("sort")) ? params.get("sort") : "";
  }

  // Counts per value as if that facet's own choices were not made (values within a facet combine
  // with OR, facets with AND), so a reader sees what ticking another box would add.
  // Results first: the facet counts need every filter chunk of the index, so they follow the results.
  async function searchWords(current) {
    const engine = await pagefind();
    const search = await engine.search(current.q, { filters: pagefindFilters(current), sort: sortOption(current) });
    return { counts: null, search, results: search.results.map((result) => () => result.data()) };
  }

  // A narrow search without chosen facets is counted from its own results (each stored page carries
  // its filters): a few small fragments instead of every filter chunk of the index.
  async function wordCounts(current, search) {
    const narrowed = facets.some((facet) => current.selected[facet].length) || current.from || current.to;
    if (!narrowed && search.results.length <= FRAGMENT_COUNTING_LIMIT) {
      const counts = Object.fromEntries(facets.map((facet) => [facet, {}]));
      for (const page of await Promise.all(search.results.map((result) => result.data()))) {
        for (const facet of facets) for (const name of page.filters[facet] || []) counts[facet][name] = (counts[facet][name] || 0) + 1;
      }
      return counts;
    }
    const engine = await pagefindWithFilters();
    const everything = await engine.search(current.q, { filters: pagefindFilters(current) });
    const counts = {};
    for (const facet of facets) {
      counts[facet] = current.selected[facet].length
        ? (await engine.search(current.q, { filters: pagefindFilters(current, facet) })).filters[facet] || {}
        : everything.filters[facet] || {};
    }
    return counts;
  }

  async function browse(current) {
    const index = await browseIndex();
    const range = yearRange(current);
    const names = (entry, key) => entry[3][index.facets.indexOf(key)].map((n) => index.values[key][n]);
    const fits = (entry, without) => index.facets.every((key) => {
      if (key === without) return true;
      if (key === "year") return !range || names(entry, key).some((name) => range.includes(name));
      const wanted = current.selected[key] || [];
      return !wanted.length || names(entry, key).some((name) => wanted.includes(name));
    });
    const counts = {};
    for (const facet of facets) {
      counts[facet] = {};
      for (const entry of index.practices) {
        if (fits(entry, facet)) for (const name of names(entry, facet)) counts[facet][name] = (counts[facet][name] || 0) + 1;
      }
    }
    const direction = current.sort === "year-asc" ? 1 : -1;
    const matching = index.practices.filter((entry) => fits(entry)).sort((a, b) => ((a[2] || 0) - (b[2] || 0)) * direction || a[1].localeCompare(b[1]));
    const page = (entry) => ({
      url: new URL(entry[0], scope).pathname,
      meta: { title: entry[1], country: names(entry, "country")[0], kind: names(entry, "kind")[0], year: entry[2] ? String(entry[2]) : "" },
      excerpt: "",
    });
    return { counts, results: matching.map((entry) => () => Promise.resolve(page(entry))) };
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

  async function run() {
    const current = state();
    writeAddress(current);
    const mine = ++sequence;
    root.dataset.kbFinderState = "searching";
    status.textContent = "Searching…";
    try {
      const found = current.q ? await searchWords(current) : await browse(current);
      if (mine !== sequence) return;
      filters.setAttribute("aria-busy", String(!found.counts));
      if (found.counts) showCounts(found.counts);
      shown = found.results;
      lastQuery = current.q;
      list.replaceChildren();
      await showMore(mine);
      if (mine !== sequence) return;
      const total = shown.length;
      const narrowed = facets.some((facet) => current.selected[facet].length) || current.from || current.to;
      status.textContent = total === 0
        ? "No practice matches."
        : `${total} practice${total === 1 ? "" : "s"}${current.q ? ` matching “${current.q}”` : ""}${narrowed ? " with the chosen filters" : ""}.`;
      empty.hidden = total !== 0;
      root.dataset.kbFinderQuery = current.q;  // which search the shown results answer
      root.dataset.kbFinderState = "done";
      if (!found.counts) {
        const counts = await wordCounts(current, found.search);
        if (mine !== sequence) return;
        showCounts(counts);
        filters.setAttribute("aria-busy", "false");
      }
    } catch (error) {
      if (mine !== sequence) return;
      status.textContent = "Search is not available: the search index did not load.";
      root.dataset.kbFinderState = "failed";
      console.warn("Search index did not load", error);
    }
  }

  async function showMore(mine) {
    const start = list.children.length;
    const pages = await Promise.all(shown.slice(start, start + PAGE_SIZE).map((load) => load()));
    if (mine !== sequence) return;
    list.append(...pages.map((page) => resultItem(page, lastQuery)));
    more.hidden = list.children.length >= shown.length;
  }

  const runSoon = debounce(run, DEBOUNCE_MS);
  query.addEventListener("input", runSoon);
  form.addEventListener("change", (event) => { if (event.target !== query) run(); });
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  form.addEventListener("reset", () => setTimeout(run, 0));
  root.querySelector("[data-kb-finder-clear-filters]").addEventListener("click", () => {
    for (const box of form.querySelectorAll("input[type=checkbox]")) box.checked = false;
    from.value = "";
    to.value = "";
    run();
  });
  more.addEventListener("click", async () => {
    const focusIndex = list.children.length;
    await showMore(sequence);
    list.children[focusIndex]?.querySelector("a")?.focus();
  });
  readAddress();
  run();
}

function resultItem(page, query) {
  const item = element("li", "kb-finder__result");
  const heading = element("h3", "kb-finder__title");
  const link = element("a", "", page.meta.title || page.url);
  link.href = withHighlight(page.url, query);
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
// Highlight the search terms on the page a result opened (?highlight=…), like Material's search.

function fold(text) {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

function stem(word) {
  return word.replace(/(ing|ers|er|es|ed|s)$/u, "");
}

function highlightTerms() {
  const terms = new URLSearchParams(location.search).get(HIGHLIGHT_PARAM);
  const content = document.querySelector(".md-content__inner");
  if (!terms || !content || content.dataset.kbHighlighted) return;
  content.dataset.kbHighlighted = "true";
  const stems = fold(terms).split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 1).map(stem).filter((word) => word.length > 1);
  if (!stems.length) return;
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest("script, style, mark, .kb-search-data, .headerlink") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  let first = null;
  for (const node of nodes) {
    const parts = node.textContent.split(/([\p{L}\p{N}]+)/u);
    if (!parts.some((part) => stems.some((s) => fold(part).startsWith(s)))) continue;
    const fragment = document.createDocumentFragment();
    for (const part of parts) {
      if (part && stems.some((s) => fold(part).startsWith(s))) {
        const mark = element("mark", "kb-highlight", part);
        first = first || mark;
        fragment.append(mark);
      } else {
        fragment.append(part);
      }
    }
    node.replaceWith(fragment);
  }
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
