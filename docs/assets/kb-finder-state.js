// The policy finder's pure parts: its address, year ranges, chips, facet counts and "did you mean".
// No DOM and no network here, so `node --test` checks them (tests/js/, run by `make test`);
// docs/assets/kb-search.js is the glue that reads the page and calls them. What they say is in the build's
// language: `t` is kb-i18n.js's translator (English when none is given).

import { ENGLISH } from "./kb-i18n.js";

export const SORTS = ["year-desc", "year-asc"];

// A year as typed: four digits, or nothing. Anything else is a problem to name, never silently ignored.
export function parseYear(text) {
  const value = String(text ?? "").trim();
  if (!value) return { year: null, valid: true };
  return /^\d{4}$/.test(value) ? { year: Number(value), valid: true } : { year: null, valid: false };
}

// What is wrong with a year range, in words a reader can act on; "" when nothing is.
export function yearProblem(from, to, t = ENGLISH) {
  const low = parseYear(from);
  const high = parseYear(to);
  if (!low.valid) return t._("“%(typed)s” is not a year: type four digits, for example %(example)s.", { typed: String(from).trim(), example: 2010 });
  if (!high.valid) return t._("“%(typed)s” is not a year: type four digits, for example %(example)s.", { typed: String(to).trim(), example: 2024 });
  if (low.year !== null && high.year !== null && low.year > high.year) {
    return t._("The years are the wrong way round: “from %(from)s” is after “to %(to)s”.", { from: low.year, to: high.year });
  }
  return "";
}

// The years of `known` (strings, as the index names them) inside the range; null when no range is set.
// Any year may be typed: `from 2010` works whether or not a practice has 2010.
export function yearsInRange(known, from, to) {
  const low = parseYear(from).year;
  const high = parseYear(to).year;
  if (low === null && high === null) return null;
  return known.filter((name) => {
    const year = Number(name);
    return Number.isInteger(year) && (low === null || year >= low) && (high === null || year <= high);
  });
}

// The finder's state from the page's address: words, chosen facet values, years and order.
export function readAddress(search, facets) {
  const params = new URLSearchParams(search);
  const selected = Object.fromEntries(facets.map((facet) => [facet, [...new Set(params.getAll(facet))]]));
  const sort = params.get("sort");
  return {
    q: (params.get("q") || "").trim(),
    from: (params.get("from") || "").trim(),
    to: (params.get("to") || "").trim(),
    sort: SORTS.includes(sort) ? sort : "",
    selected,
  };
}

// The address's filter values matched to the form's: a shared or hand-typed link may spell a value in another case
// ("?topic=volunteerism" for "Volunteerism"), or name one no practice has. Each value is the form's own when one
// is the same word (exact first, then without case and accents); the rest come back as `unknown`, to be named.
export function matchChoices(selected, choices) {
  const matched = {};
  const unknown = [];
  for (const [facet, values] of Object.entries(selected)) {
    const known = choices[facet] || [];
    matched[facet] = [];
    for (const value of values) {
      const found = known.includes(value) ? value : known.find((choice) => fold(choice) === fold(value));
      if (found === undefined) unknown.push({ facet, value });
      else if (!matched[facet].includes(found)) matched[facet].push(found);
    }
  }
  return { selected: matched, unknown };
}

// What to tell a reader whose link asked for values the finder does not have; "" when none.
export function unknownChoicesNotice(unknown, labels, t = ENGLISH) {
  return unknown
    .map(({ facet, value }) => t._("Left out of this link's filters: “%(value)s” (%(facet)s), which no practice has.", { value, facet: labels[facet] || facet }))
    .join(" ");
}

// The address's query string for a state (without "?"), in a fixed order so a shared link is stable.
export function writeAddress(state, facets) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const facet of facets) for (const value of state.selected[facet] || []) params.append(facet, value);
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.sort) params.set("sort", state.sort);
  return params.toString();
}

export function isNarrowed(state, facets) {
  return facets.some((facet) => (state.selected[facet] || []).length > 0) || Boolean(state.from || state.to);
}

// One chip per chosen filter, in the order of the form: what it says and what removing it clears.
export function chips(state, facets, labels, t = ENGLISH) {
  const found = [];
  for (const facet of facets) {
    for (const value of state.selected[facet] || []) {
      found.push({ facet, value, text: t._("%(facet)s: %(value)s", { facet: labels[facet] || facet, value }) });
    }
  }
  const years = { from: state.from, to: state.to };
  if (state.from && state.to) found.push({ facet: "year", value: "", text: t._("Years: %(from)s–%(to)s", years) });
  else if (state.from) found.push({ facet: "year", value: "", text: t._("Years: from %(from)s", years) });
  else if (state.to) found.push({ facet: "year", value: "", text: t._("Years: up to %(to)s", years) });
  return found;
}

// The state once a chip is removed.
export function withoutChip(state, chip) {
  const selected = { ...state.selected };
  if (chip.facet === "year") return { ...state, selected, from: "", to: "" };
  selected[chip.facet] = (selected[chip.facet] || []).filter((value) => value !== chip.value);
  return { ...state, selected };
}

// Pagefind's filter object: practices only (every other page carries the filter type "Other": see
// overrides/main.html), each facet's values with OR, facets with AND.
// `without` leaves one facet out, to count what ticking another of its values would add.
export function pagefindFilters(state, facets, knownYears, without) {
  const result = { type: { none: "Other" } };
  for (const facet of facets) {
    const values = state.selected[facet] || [];
    if (facet !== without && values.length) result[facet] = { any: values };
  }
  const range = yearsInRange(knownYears, state.from, state.to);
  if (range && without !== "year") result.year = { any: range.length ? range : ["none"] };
  return result;
}

// {facet: {value: count}} over pages that each carry `filters` ({facet: [values]}), as Pagefind's do.
export function countPages(pages, facets) {
  const counts = Object.fromEntries(facets.map((facet) => [facet, {}]));
  for (const page of pages) {
    for (const facet of facets) for (const name of page.filters?.[facet] || []) counts[facet][name] = (counts[facet][name] || 0) + 1;
  }
  return counts;
}

// The finder without words, over the build's compact list (search/practices.json): the matching
// entries in order and each facet's counts as if that facet's own choices were not made.
export function browse(index, state, facets) {
  const names = (entry, key) => entry[3][index.facets.indexOf(key)].map((n) => index.values[key][n]);
  const range = yearsInRange(index.values.year || [], state.from, state.to);
  const fits = (entry, without) => index.facets.every((key) => {
    if (key === without) return true;
    if (key === "year") return !range || names(entry, key).some((name) => range.includes(name));
    const wanted = state.selected[key] || [];
    return !wanted.length || names(entry, key).some((name) => wanted.includes(name));
  });
  const counts = {};
  for (const facet of facets) {
    counts[facet] = {};
    for (const entry of index.practices) {
      if (fits(entry, facet)) for (const name of names(entry, facet)) counts[facet][name] = (counts[facet][name] || 0) + 1;
    }
  }
  const direction = state.sort === "year-asc" ? 1 : -1;
  const matching = index.practices
    .filter((entry) => fits(entry))
    .sort((a, b) => ((a[2] || 0) - (b[2] || 0)) * direction || a[1].localeCompare(b[1]));
  const pages = matching.map((entry) => ({
    url: entry[0],
    meta: { title: entry[1], country: names(entry, "country")[0], kind: names(entry, "kind")[0], year: entry[2] ? String(entry[2]) : "" },
    excerpt: "",
  }));
  return { counts, pages };
}

// ---- Did you mean: the closest words of the index's own vocabulary (search/vocabulary.json) ----

// Damerau–Levenshtein distance (adjacent swaps count one), giving up beyond `limit`.
export function editDistance(a, b, limit = Infinity) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

export function fold(text) {
  return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

// The vocabulary's word nearest to `word`: at most one edit for short words, two from 8 letters;
// ties go to the word used on more pages (the list is ordered by use). null when none is near.
export function closestWord(word, vocabulary) {
  const folded = fold(word);
  if (folded.length < 4 || vocabulary.includes(folded)) return null;
  const limit = folded.length >= 8 ? 2 : 1;
  let best = null;
  let bestDistance = limit + 1;
  for (const candidate of vocabulary) {
    const distance = editDistance(folded, candidate, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// The query with every misspelt word replaced by its nearest vocabulary word; null when none changes.
export function correctQuery(query, vocabulary) {
  let changed = false;
  const corrected = query.split(/(\s+)/).map((part) => {
    const word = /^[\p{L}\p{N}]+$/u.test(part) ? closestWord(part, vocabulary) : null;
    if (!word) return part;
    changed = true;
    return word;
  });
  return changed ? corrected.join("") : null;
}
