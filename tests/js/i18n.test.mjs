// kb-i18n.js: gettext's _() and ngettext() over a catalogue, as the scripts use them (run by `make test`).
import assert from "node:assert/strict";
import test from "node:test";

import { ENGLISH, format, parts, translator } from "../../docs/assets/kb-i18n.js";
import { chips, readAddress, yearProblem } from "../../docs/assets/kb-finder-state.js";

// Russian's three forms, with the rule gettext catalogues give it (what assets/kb-strings.js carries).
const RUSSIAN = translator({
  language: "ru",
  prefix: "ru/",
  plural: (n) => Number(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2),
  messages: {
    "%(num)d practice.": ["%(num)d практика.", "%(num)d практики.", "%(num)d практик."],
    "Years: up to %(to)s": "Годы: по %(to)s",
    "Empty translation": "",
  },
});

test("English is the msgids themselves, with their placeholders filled", () => {
  assert.equal(ENGLISH._("Search for “%(query)s” only", { query: "volunteer" }), "Search for “volunteer” only");
  assert.equal(ENGLISH.ngettext("%(num)d practice.", "%(num)d practices.", 1), "1 practice.");
  assert.equal(ENGLISH.ngettext("%(num)d practice.", "%(num)d practices.", 0), "0 practices.");
  assert.equal(ENGLISH.prefix, "");
});

test("Russian picks one of three forms by the catalogue's rule", () => {
  const said = [1, 2, 5, 11, 21, 22, 25, 111, 1004].map((n) => RUSSIAN.ngettext("%(num)d practice.", "%(num)d practices.", n));
  assert.deepEqual(said, ["1 практика.", "2 практики.", "5 практик.", "11 практик.", "21 практика.", "22 практики.", "25 практик.",
    "111 практик.", "1004 практики."]);
});

test("a string without a translation stays English, never empty", () => {
  assert.equal(RUSSIAN._("Empty translation"), "Empty translation");
  assert.equal(RUSSIAN._("Not in the catalogue %(x)s", { x: 1 }), "Not in the catalogue 1");
  assert.equal(RUSSIAN.ngettext("%(num)d page", "%(num)d pages", 3), "3 pages");
});

test("placeholders: %(name)s text, %(name)d whole numbers, %% a percent sign, a missing value left visible", () => {
  assert.equal(format("%(a)s and %(n)d, 50%%", { a: "<b>", n: 2.7 }), "<b> and 2, 50%");
  assert.equal(format("%(missing)s here", {}), "%(missing)s here");
  assert.equal(RUSSIAN.number(10000), "10\u00a0000");
});

test("parts keep a node where the sentence puts it", () => {
  const node = { tag: "strong" };
  assert.deepEqual(parts("Showing results for %(words)s.", { words: node }), ["Showing results for ", node, "."]);
  assert.deepEqual(parts("%(words)s first", { words: node }), [node, " first"]);
});

test("the finder's sentences come in the translator's language", () => {
  assert.equal(chips(readAddress("?to=2016", []), [], {}, RUSSIAN)[0].text, "Годы: по 2016");
  assert.match(yearProblem("20x0", ""), /“20x0” is not a year/);
});
