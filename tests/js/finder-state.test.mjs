// The policy finder's pure parts (docs/assets/kb-finder-state.js). Run by `node --test tests/js/`,
// which tests/test_finder_state.py runs under `make test`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  browse, chips, closestWord, correctQuery, countPages, editDistance, matchChoices, pagefindFilters, readAddress, unknownChoicesNotice, withoutChip, writeAddress,
  yearProblem, yearsInRange,
} from "../../docs/assets/kb-finder-state.js";

const FACETS = ["country", "topic", "kind"];
const KNOWN_YEARS = ["2005", "2016", "2020", "2024", "No year given"];

test("any year can be typed: a range with no practice of its first year still counts the later ones", () => {
  assert.deepEqual(yearsInRange(KNOWN_YEARS, "2010", ""), ["2016", "2020", "2024"]);
  assert.deepEqual(yearsInRange(KNOWN_YEARS, "", "2016"), ["2005", "2016"]);
  assert.deepEqual(yearsInRange(KNOWN_YEARS, "2017", "2019"), []);
  assert.equal(yearsInRange(KNOWN_YEARS, "", ""), null);
});

test("a reversed range and a non-year are named, not answered with 'try fewer words'", () => {
  assert.match(yearProblem("2020", "2010"), /wrong way round: “from 2020” is after “to 2010”/);
  assert.match(yearProblem("20x0", ""), /“20x0” is not a year/);
  assert.equal(yearProblem("2010", "2020"), "");
  assert.equal(yearProblem("2010", "2010"), "");
});

test("an empty year range filters to a value no page has, so it finds nothing", () => {
  const state = { q: "x", from: "2017", to: "2019", sort: "", selected: { country: ["Kazakhstan"], topic: [], kind: [] } };
  assert.deepEqual(pagefindFilters(state, FACETS, KNOWN_YEARS), { type: { none: "Other" }, country: { any: ["Kazakhstan"] }, year: { any: ["none"] } });
  assert.deepEqual(pagefindFilters(state, FACETS, KNOWN_YEARS, "country"), { type: { none: "Other" }, year: { any: ["none"] } });
});

test("the address round-trips the state, keeps any typed year and drops an unknown order", () => {
  const state = readAddress("?q=volunteer+law&country=Kazakhstan&country=India&from=2010&sort=sideways", FACETS);
  assert.deepEqual(state, { q: "volunteer law", from: "2010", to: "", sort: "", selected: { country: ["Kazakhstan", "India"], topic: [], kind: [] } });
  assert.equal(writeAddress(state, FACETS), "q=volunteer+law&country=Kazakhstan&country=India&from=2010");
  assert.deepEqual(readAddress(`?${writeAddress(state, FACETS)}`, FACETS), state);
});

test("a link's values are the form's whatever their case or accents, and one no practice has is named, not dropped", () => {
  const choices = { country: ["Kazakhstan", "Türkiye"], topic: ["Volunteerism", "Disaster risk reduction"], kind: ["Law"] };
  const asked = readAddress("?topic=volunteerism&topic=Volunteerism&country=turkiye&country=Atlantis&kind=Law", FACETS).selected;
  const { selected, unknown } = matchChoices(asked, choices);
  assert.deepEqual(selected, { country: ["Türkiye"], topic: ["Volunteerism"], kind: ["Law"] });
  assert.deepEqual(unknown, [{ facet: "country", value: "Atlantis" }]);
  const labels = { country: "Country", topic: "Topic", kind: "Kind" };
  assert.equal(unknownChoicesNotice(unknown, labels), "Left out of this link's filters: “Atlantis” (Country), which no practice has.");
  assert.equal(unknownChoicesNotice([], labels), "");
});

test("every chosen filter is a chip, and removing one clears only it", () => {
  const state = readAddress("?country=Kazakhstan&kind=Law&from=2010&to=2020", FACETS);
  const found = chips(state, FACETS, { country: "Country", kind: "Kind" });
  assert.deepEqual(found.map((chip) => chip.text), ["Country: Kazakhstan", "Kind: Law", "Years: 2010–2020"]);
  assert.deepEqual(withoutChip(state, found[0]).selected.country, []);
  assert.deepEqual(withoutChip(state, found[0]).selected.kind, ["Law"]);
  const noYears = withoutChip(state, found[2]);
  assert.equal(noYears.from + noYears.to, "");
  assert.deepEqual(chips(readAddress("?to=2016", FACETS), FACETS, {}).map((chip) => chip.text), ["Years: up to 2016"]);
});

const INDEX = {
  facets: ["country", "topic", "kind", "year"],
  values: { country: ["India", "Kazakhstan"], topic: ["Education", "Volunteerism"], kind: ["Law", "Programme"], year: ["2020", "2016", "No year given"] },
  practices: [
    ["practices/kz/law/", "Law on Volunteer Activity", 2016, [[1], [1], [0], [1]]],
    ["practices/kz/year/", "Year of the Volunteer", 2020, [[1], [0, 1], [1], [0]]],
    ["practices/in/nss/", "National Service Scheme", null, [[0], [0], [1], [2]]],
  ],
};

test("browsing counts each facet as if its own choices were not made", () => {
  const { counts, pages } = browse(INDEX, readAddress("?country=Kazakhstan", ["country", "topic", "kind"]), ["country", "topic", "kind"]);
  assert.deepEqual(pages.map((page) => page.url), ["practices/kz/year/", "practices/kz/law/"]);  // newest first
  assert.deepEqual(counts.country, { India: 1, Kazakhstan: 2 });
  assert.deepEqual(counts.topic, { Volunteerism: 2, Education: 1 });
  assert.deepEqual(pages[0].meta, { title: "Year of the Volunteer", country: "Kazakhstan", kind: "Programme", year: "2020" });
});

test("browsing by a year range with no practice of its own first year", () => {
  const { pages } = browse(INDEX, readAddress("?from=2010&sort=year-asc", ["country"]), ["country"]);
  assert.deepEqual(pages.map((page) => page.meta.year), ["2016", "2020"]);
});

test("counting from result pages adds up their filters", () => {
  const counts = countPages([{ filters: { country: ["Kazakhstan"], kind: ["Law"] } }, { filters: { country: ["Kazakhstan"] } }], ["country", "kind"]);
  assert.deepEqual(counts, { country: { Kazakhstan: 2 }, kind: { Law: 1 } });
});

test("edit distance counts a swap of neighbours as one edit", () => {
  assert.equal(editDistance("preperadness", "preparedness"), 2);
  assert.equal(editDistance("volunter", "volunteer"), 1);
  assert.equal(editDistance("form", "from"), 1);
  assert.equal(editDistance("abc", "xyzuvw", 2), 3);  // gave up early
});

test("did you mean: misspelt words are corrected from the vocabulary, known words are kept", () => {
  const vocabulary = ["volunteer", "cyclone", "preparedness", "programme", "kazakhstan"];
  assert.equal(correctQuery("Cyclone Preperadness", vocabulary), "Cyclone preparedness");
  assert.equal(correctQuery("volunter law", vocabulary), "volunteer law");
  assert.equal(correctQuery("Kazakstan", vocabulary), "kazakhstan");
  assert.equal(correctQuery("cyclone", vocabulary), null);
  assert.equal(closestWord("xyzzy", vocabulary), null);
  assert.equal(closestWord("law", vocabulary), null);  // too short to correct safely
});
