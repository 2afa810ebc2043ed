// The Submit form's pure parts (docs/assets/submit-form-model.js). Run by `node --test tests/js/`, which
// tests/test_finder_state.py runs under `make test`. Where Python has the same rule (the short name, the
// YAML loader, the settings), the Python side is asked: CICA_KB_PYTHON (set by that test), else .venv's Python.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { translator } from "../../docs/assets/kb-i18n.js";
import {
  attributeAllowed, bodyHtml, fieldSpecs, humanDate, newFileUrl, problemsOf, createValidator, recordFrom, ruleMessage,
  sanitiserSettings, schemaNodes, slug, toYaml, valueProblems, wordsOf, yamlHeader,
} from "../../docs/assets/submit-form-model.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const AJV = createRequire(import.meta.url)("../../docs/assets/vendor/ajv2020.min.js");
const PYTHON = process.env.CICA_KB_PYTHON || (existsSync(`${ROOT}.venv/bin/python`) ? `${ROOT}.venv/bin/python` : "python3");

/** What a Python snippet prints as JSON, run in the project with `input` on its standard input. */
function python(code, input = "") {
  const result = spawnSync(PYTHON, ["-c", code], { cwd: ROOT, input, encoding: "utf-8", maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

// The settings the page carries, as cica_kb/render/submission.py writes them for the real data.
const SETTINGS = python(`
import json
from pathlib import Path
from cica_kb.check.validate import load_knowledge_base
from cica_kb.model.context import SiteContext
from cica_kb.render.submission import form_settings
context = SiteContext(repo_url="https://github.com/cica-secretariat/cica-kb", site_url="https://example.org/")
print(json.dumps(form_settings(load_knowledge_base(Path("data")), context)))
`);
const BY_ID = new Map(SETTINGS.schemas.map((schema) => [schema.$id, schema]));
const COMMON = SETTINGS.schemas.find((schema) => schema.$id.endsWith("/common.schema.json"));

/** The record the form makes from typed values, today being 2026-05-04. */
function recordOf(values) {
  return recordFrom(values, fieldSpecs(SETTINGS, BY_ID), SETTINGS, BY_ID, "2026-05-04");
}

const VALID = {
  title: "National Volunteer Programme: 2021–2025",
  country: "kz",
  kind: "programme",
  topics: ["volunteerism"],
  summary: "The programme trains volunteers and funds local volunteer centres in every region of the country.",
  sources: [{ title: "Ministry of Culture and Information: the programme", url: "https://s-cica.org/programme" }],
};

test("short names are the ones `python -m cica_kb new practice` makes (cica_kb.tools.scaffold.slug)", () => {
  const titles = ['Law "On Volunteer Activity" (No. 42-VI)', "Türkiye’s AFAD volunteering", "«»", "  --Ünïcödé--  ", "a".repeat(90), "Закон", "Ⅻ ﬁve ① ２０２４"];
  const expected = python("import json, sys\nfrom cica_kb.tools.scaffold import slug\nprint(json.dumps([slug(t) for t in json.load(sys.stdin)]))", JSON.stringify(titles));
  assert.deepEqual(titles.map((title) => slug(title)), expected);
  assert.equal(slug("Law on Volunteer Activity"), "law-on-volunteer-activity");
});

test("the YAML the form writes loads back, through the project's loader, to exactly the values typed", () => {
  const awkward = ['He said "yes" and \'no\'', "Key: value", "a # not a comment", "- like a list item", "{{ macro }} {% tag %}", "yes", "null",
    "2024-03-14", "0777", "   leading spaces", "trailing   ", "tab\tand \\ backslash", "Türkiye’s 志愿者 волонтёры 🎉", "قانون", "line \u2028 sep \x85 nel \x7f \ufeff"];
  const bodies = ["First\n\nSecond", "ends with a newline\n", "ends with two\n\n", "  starts with spaces\nthen none", "---\n...\n# h\n- item\n  - nested",
    "has a line of spaces\n   \nafter it", "| a | b |\n| --- | --- |\n| 1 | 2 |", "line separator\u2028inside"];
  const records = awkward.map((text, n) => ({
    title: text, body: bodies[n % bodies.length], caveats: [text, bodies[n % bodies.length]], year: 2000 + n,
    sources: [{ title: text, note: bodies[n % bodies.length] }],
  }));
  const loaded = python(`
import json, sys
from cica_kb.load.loader import load_yaml
out = []
for text in json.load(sys.stdin):
    result = load_yaml("submitted.yml", text.encode("utf-8"))
    out.append({"problems": [str(p) for p in result.problems], "data": result.data})
print(json.dumps(out))
`, JSON.stringify(records.map((record) => toYaml(record))));
  loaded.forEach((result, n) => {
    assert.deepEqual(result.problems, [], toYaml(records[n]));
    assert.deepEqual(result.data, records[n], toYaml(records[n]));
  });
});

test("the file starts with a comment saying where it comes from, in the build's language", () => {
  const text = toYaml({ id: "x" });
  assert.match(text, /^# A practice proposed with the "Submit a practice" form/);
  assert.ok(text.endsWith("\nid: \"x\"\n"), text);
  const russian = translator({ language: "ru", messages: { [yamlHeader().join("\n").replace(/^# /gm, "")]: "Первая\nвторая" } });
  assert.deepEqual(yamlHeader(wordsOf(russian)), ["# Первая", "# вторая"]);
});

test("GitHub's create-file address carries folder, file name and text percent-encoded as Python's quote", () => {
  const url = newFileUrl({ url: "https://github.com/o/r", branch: "main" }, "data/practices/kz", "a b.yml", "x: 'y' (z)!\n~*");
  assert.equal(url, "https://github.com/o/r/new/main/data/practices/kz?filename=a%20b.yml&value=x%3A%20%27y%27%20%28z%29%21%0A~%2A");
});

test("dates read as on the pages: day, month and year in the build's language", () => {
  assert.equal(humanDate("2024-03-14"), "14 March 2024");
  assert.equal(humanDate("2024-03"), "March 2024");
  assert.equal(humanDate("2024"), "2024");
  assert.equal(humanDate("2024-03-14", "ru"), "14 марта 2024 г.");
});

test("a complete entry has no problems, and its fields come in the schema's order with the form's own filled in", () => {
  const record = recordOf(VALID);
  const problems = problemsOf(record, createValidator(AJV, SETTINGS), SETTINGS, fieldSpecs(SETTINGS, BY_ID));
  assert.deepEqual([...problems], []);
  assert.equal(record.id, "national-volunteer-programme-20212025");
  assert.deepEqual([record.status, record.provenance], ["pending", "official-submission"]);
  assert.equal(record.submitted, "2026-05-04");
  const order = Object.keys(BY_ID.get(SETTINGS.schema).properties).filter((name) => name in record);
  assert.deepEqual(Object.keys(record), order);
});

test("each problem is a sentence that says what to do, at the field that has it", () => {
  const [existing, existingTitle] = Object.entries(SETTINGS.existing)[0];
  const [country, id] = existing.split("/");
  const record = recordOf({ ...VALID, title: id.replace(/-/g, " "), country, summary: "Short.", topics: [], body: "See [the law](www.adilet.zan.kz/law) for details." });
  assert.equal(record.id, id);
  const problems = problemsOf(record, createValidator(AJV, SETTINGS), SETTINGS, fieldSpecs(SETTINGS, BY_ID));
  assert.ok(problems.get("title").startsWith(`An entry with the short name "${id}" exists already: "${existingTitle}".`), problems.get("title"));
  assert.match(problems.get("summary"), /^This is 6 characters long; write at least \d+\.$/);
  assert.equal(problems.get("topics"), "Choose at least one.");
  assert.equal(problems.get("body"), "link to 'www.adilet.zan.kz/law' is not a full address; links start with https:// (or http://)");
});

test("the text rules' sentences are the schema's, with what they found filled in", () => {
  const link = COMMON.$defs.no_relative_links || Object.values(COMMON.$defs).find((node) => /full address/.test(node["x-message"] || ""));
  assert.equal(ruleMessage(link, "see [x](example.org)"), "link to 'example.org' is not a full address; links start with https:// (or http://)");
  const control = Object.values(COMMON.$defs).find((node) => /control character/.test(node["x-message"] || ""));
  assert.equal(ruleMessage(control, "bell \x07 here"), "control character U+0007 is not allowed in text; remove it");
  const russian = wordsOf(translator({ language: "ru" }), { [control["x-message"]]: "управляющий символ {code} недопустим" });
  assert.equal(ruleMessage(control, "\x07", russian), "управляющий символ U+0007 недопустим");
});

test("limits are said with the numbers that matter", () => {
  const schemas = SETTINGS.schemas;
  assert.deepEqual(valueProblems(AJV, schemas, { type: "string", maxLength: 5 }, "abcdefgh"),
    ["This is 8 characters long; at most 5 are allowed. Shorten it by 3."]);
  assert.deepEqual(valueProblems(AJV, schemas, { type: "string", minLength: 3 }, "é"), ["This is 1 character long; write at least 3."]);
  assert.deepEqual(valueProblems(AJV, schemas, { type: "integer", minimum: 1900, maximum: 2100 }, 1800), ["Write a whole number from 1900 to 2100."]);
  assert.deepEqual(valueProblems(AJV, schemas, { type: "string", format: "date" }, "2023-02-29"), ["This is not a real calendar date."]);
});

test("the body's Markdown: tables, lists, fenced code and links as Python-Markdown reads them", () => {
  const html = bodyHtml("| Year | Volunteers |\n| --- | ---: |\n| 2023 | 1 200 |\n\n- one\n- two\n\n```\n<b>code</b>\n```\n\n[the plan](https://example.org/plan)");
  assert.match(html, /<table>\s*<thead>\s*<tr>\s*<th>Year<\/th>/);
  assert.match(html, /<td[^>]*>1 200<\/td>/);
  assert.match(html, /<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
  assert.match(html, /<pre><code>&lt;b&gt;code&lt;\/b&gt;\n<\/code><\/pre>/);
  assert.match(html, /<a href="https:\/\/example.org\/plan">the plan<\/a>/);
  // Python-Markdown makes no link of a bare address and knows no ~~strikethrough~~.
  assert.equal(bodyHtml("see www.example.org and https://example.org ~~old~~").trim(), "<p>see www.example.org and https://example.org ~~old~~</p>");
});

test("the sanitiser keeps the site's allow-list: its tags, each attribute on its own tags, http(s) links only", () => {
  const allowed = SETTINGS.body_html;
  const settings = sanitiserSettings(allowed);
  assert.ok(settings.ALLOWED_TAGS.includes("table") && settings.ALLOWED_TAGS.includes("td"));
  for (const tag of ["script", "img", "iframe", "style", "h1", "form", "input", "svg"]) assert.ok(!settings.ALLOWED_TAGS.includes(tag), tag);
  assert.deepEqual(settings.ALLOWED_ATTR.sort(), ["href", "lang", "title"]);
  assert.deepEqual(settings.ADD_URI_SAFE_ATTR.sort(), ["lang", "title"]); // a language code is no address
  assert.ok(attributeAllowed(allowed, "a", "href") && attributeAllowed(allowed, "abbr", "title") && attributeAllowed(allowed, "td", "lang"));
  assert.ok(!attributeAllowed(allowed, "td", "href") && !attributeAllowed(allowed, "abbr", "href") && !attributeAllowed(allowed, "a", "onclick"));
  for (const href of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "page.md", "//evil.example"]) {
    assert.ok(!settings.ALLOWED_URI_REGEXP.test(href), href);
  }
  assert.ok(settings.ALLOWED_URI_REGEXP.test("https://example.org") && settings.ALLOWED_URI_REGEXP.test("HTTP://example.org"));
});

/** An HTML fragment as a reader meets it: the allow-list's elements, their links, the words; empty paragraphs left out. */
function shape(html, allowed) {
  const entities = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
  const events = [];
  for (const [piece] of html.matchAll(/<\/?([a-z0-9]+)[^>]*>|[^<]+/g)) {
    const tag = /^<(\/?)([a-z0-9]+)/.exec(piece);
    if (!tag) { events.push(...piece.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => entities[e]).split(/\s+/).filter(Boolean)); continue; }
    if (!allowed.tags.includes(tag[2])) continue;
    if (tag[1] && tag[2] === "p" && events.at(-1) === "<p>") { events.pop(); continue; }
    const href = / href="([^"]*)"/.exec(piece);
    events.push(`<${tag[1]}${tag[2]}${href ? ` ${href[1]}` : ""}>`);
  }
  return events;
}

test("the body's Markdown has the shape Python-Markdown gives it on the site (cica_kb.text.render_body)", () => {
  const bodies = [
    "Steps to join:\n- register on the platform\n- choose a project", "Intro\n1. first\n2. second", "A paragraph\n# A heading", "Text\n> a quote",
    "Text\n```\ncode\n```", "Text\n***\nmore", "A title\n---", "Text\n| a | b |\n|---|---|\n| 1 | 2 |", "Line one\nline two\n\nNext",
    "- a\n- b\n\nafter", "## Aims\n\nThe **programme** trains *volunteers*; see `code` and [the plan](https://example.org/plan \"The plan\").",
    "| Year | Volunteers |\n| :--- | ---: |\n| 2023 | **1 200** |\n| 2024 | [report](https://example.org/r) |",
    "> quote\n> > nested", "```python\nprint('<b>')\n```", "A line  \nbroken", "\\*not emphasis\\*",
    "<https://example.org/auto>", "### Three\n#### Four\n##### Five\n###### Six", "snake_case_name and 2*3*4", "Tabs\tinside", "a & b < c > d \"q\" 'a'",
  ];
  const rendered = python("import json, sys\nfrom cica_kb.render.text import render_body\nprint(json.dumps([render_body(b) for b in json.load(sys.stdin)]))", JSON.stringify(bodies));
  bodies.forEach((body, n) => {
    assert.deepEqual(shape(bodyHtml(body), SETTINGS.body_html), shape(rendered[n], SETTINGS.body_html), body);
  });
});

test("every pattern of the schemas answers a long hostile text at once in the form's engine (no catastrophic backtracking)", () => {
  // The checker's engine (Rust's regex) is linear on any input; the form's is the browser's, which backtracks, so a
  // pattern with two ways to split a text can take seconds on a pasted page of text. 5,000 characters: a paste, and
  // 17 times a name's limit; a pattern that splits "а: а: …" in many ways took 2.5 s at 2,100 characters.
  const patterns = new Set(schemaNodes(SETTINGS.schemas).map((node) => node.pattern).filter((pattern) => typeof pattern === "string"));
  const units = ["а: ", "а", "a", "V ", "VI", " ", "-", ": ", "a.", "aА1-", "<", "{{", "\n"];
  const texts = units.flatMap((unit) => ["x", "<", "\n", "а"].map((end) => unit.repeat(Math.ceil(5000 / unit.length)) + end));
  const slow = [];
  for (const pattern of patterns) {
    const expression = new RegExp(pattern, "u");  // as Ajv compiles it (unicodeRegExp)
    for (const text of texts) {
      const started = performance.now();
      expression.test(text);
      const ms = performance.now() - started;
      if (ms > 250) slow.push(`${pattern} on ${JSON.stringify(text.slice(0, 12))}…: ${ms.toFixed(0)} ms`);
    }
  }
  assert.ok(patterns.size >= 10, `only ${patterns.size} patterns found`);
  assert.deepEqual(slow, []);
});
