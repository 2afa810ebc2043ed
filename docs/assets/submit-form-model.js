/* CICA Knowledge Base: the pure parts of the "Submit a practice" form (docs/submit.md), tested with `node --test`
 * (tests/js/submit-form-model.test.mjs): addresses, YAML, dates, the fields a schema asks for, the record made from
 * what was typed, the checks and their sentences, and the body's Markdown as HTML. No DOM: submit-form.js is the glue.
 *
 * What the form says is in the build's language: `words` (see `wordsOf`) carries the js catalogue's translator
 * (`_()`, `ngettext()`) and the schemas' titles, help and rule sentences from the messages catalogue.
 */

import { ENGLISH } from "./kb-i18n.js";
import { Marked } from "./vendor/marked.esm.js";

/** The translator of the build's language and the schemas' texts in it (settings.translations): what the form says. */
export function wordsOf(t = ENGLISH, schemaTexts = {}) {
  return Object.freeze({
    _: t._,
    ngettext: t.ngettext,
    language: t.language,
    /** A text of the schemas or the data's choices (a title, a help text, a rule's sentence) in the build's language. */
    schemaText: (text) => (text && schemaTexts[text]) || text,
  });
}

/** The comment at the top of the file the form writes. */
export function yamlHeader({ _ } = wordsOf()) {
  return _("A practice proposed with the \"Submit a practice\" form of the CICA Knowledge Base.\n" +
    "It was checked in the browser against schemas/practice.schema.json; the same checks\n" +
    "run again on the pull request. Pending until the member states agree by consensus.").split("\n").map((line) => `# ${line}`);
}

/** Help where a field's schema description speaks of the stored value: what to do instead. */
function formHelp(name, { _ }) {
  if (name === "country") return _("The state whose practice this is.");
  if (name === "topics") return _("Choose every topic it belongs to (at least one).");
  if (name === "body") {
    return _("A longer description in Markdown: leave an empty line between paragraphs and before a list or a table; " +
      "**bold**, *italic*, lists with - at the start of a line, tables with | between cells, links as [text](https://…).");
  }
  return "";
}

// ---- Text, addresses, YAML ----

/** A kebab-case ASCII id from a title, exactly as cica_kb.tools.scaffold.slug makes it. */
export function slug(title, limit = 60) {
  const ascii = title.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  const words = ascii.toLowerCase().match(/[a-z0-9]+/g) || [];
  return words.join("-").slice(0, limit).replace(/^-+|-+$/g, "") || "practice";
}

/** Percent-encoding as Python's urllib.parse.quote: letters, digits, `_.-~` and `safe` stay. */
export function quote(text, safe = "") {
  const encoded = encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  return safe.includes("/") ? encoded.replace(/%2F/g, "/") : encoded;
}

/** GitHub's create-file page with a file prefilled, as SiteContext.new_file_url writes it. */
export function newFileUrl(repository, folder, filename, value) {
  return `${repository.url}/new/${repository.branch}/${quote(folder, "/")}?filename=${quote(filename)}&value=${quote(value)}`;
}

/** A double-quoted YAML scalar: JSON's escapes, plus every character YAML reads as a break or refuses. */
export function quoted(text) {
  return JSON.stringify(text).replace(/[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** The header of a `|` block for multi-line text, or null when a quoted scalar is the safer choice. */
export function literalHeader(text) {
  const trailing = text.match(/\n*$/)[0].length;
  if (!text.includes("\n") || trailing > 1) return null;
  if (/[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]|^[ \t]+$/mu.test(text)) return null;
  const firstLine = text.split("\n").find((line) => line !== "");
  return "|" + (firstLine.startsWith(" ") ? "2" : "") + (trailing === 0 ? "-" : "");
}

/** Lines of a scalar at a key or list item whose children are indented `indent` spaces. */
function scalarLines(value, indent) {
  if (typeof value !== "string") return [String(value)];
  const header = literalHeader(value);
  if (header === null) return [quoted(value)];
  const pad = " ".repeat(indent);
  const body = value.endsWith("\n") ? value.slice(0, -1) : value;
  return [header, ...body.split("\n").map((line) => (line ? pad + line : ""))];
}

function yamlKey(key) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : quoted(key);
}

export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `key: value` lines of a mapping whose keys stand `indent` spaces in. */
function mappingLines(object, indent) {
  const pad = " ".repeat(indent);
  return Object.entries(object).flatMap(([key, value]) => {
    if (Array.isArray(value) && value.length) return [`${pad}${yamlKey(key)}:`, ...value.flatMap((item) => itemLines(item, indent + 2))];
    if (isObject(value) && Object.keys(value).length) return [`${pad}${yamlKey(key)}:`, ...mappingLines(value, indent + 2)];
    const empty = Array.isArray(value) ? "[]" : isObject(value) ? "{}" : null;
    const [first, ...rest] = empty ? [empty] : scalarLines(value, indent + 2);
    return [`${pad}${yamlKey(key)}: ${first}`, ...rest];
  });
}

/** `- item` lines of a block list whose dashes stand `indent` spaces in. */
function itemLines(item, indent) {
  const pad = " ".repeat(indent);
  if (isObject(item) && Object.keys(item).length) {
    const [first, ...rest] = mappingLines(item, indent + 2);
    return [`${pad}- ${first.slice(indent + 2)}`, ...rest];
  }
  const [first, ...rest] = scalarLines(item, indent + 2);
  return [`${pad}- ${first}`, ...rest];
}

/** A record as a YAML file: comment header, JSON-quoted scalars, block lists, `|` blocks for long text. */
export function toYaml(record, header = yamlHeader()) {
  return [...header, ...mappingLines(record, 0)].join("\n") + "\n";
}

/** Today's date in the contributor's time zone, YYYY-MM-DD. */
export function isoDate(now) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The parts of YYYY, YYYY-MM or YYYY-MM-DD if such a date exists, else null (as dates.parse_partial). */
export function partialDate(text) {
  const parts = text.split("-").map(Number);
  if (parts.length >= 2 && (parts[1] < 1 || parts[1] > 12)) return null;
  if (parts.length === 3) {
    const day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    if (day.getUTCDate() !== parts[2] || parts[2] < 1) return null;
  }
  return parts;
}

/** `14 March 2024`, `March 2024` or `2024` in the build's language (the browser's CLDR data), as dates.human_date. */
export function humanDate(text, language = "en") {
  const parts = partialDate(text) || [Number(text.slice(0, 4))];
  if (parts.length === 1) return String(parts[0]);
  const shown = parts.length === 3 ? { day: "numeric", month: "long", year: "numeric" } : { month: "long", year: "numeric" };
  const locale = language === "en" ? "en-GB" : language; // day before month, as the pages
  return new Intl.DateTimeFormat(locale, { ...shown, timeZone: "UTC" }).format(new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] || 1)));
}

/** Number of characters as Python and Ajv count them (code points, not UTF-16 units). */
export function length(text) {
  return [...text].length;
}

/** `last_verified` → `Last verified`. */
export function humanise(name) {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// ---- The schema: which fields the contributor fills in, and how ----

/** A schema node with its `$ref` followed: the target's keywords, overridden by the node's own. */
function resolve(node, base, byId) {
  if (!node.$ref) return { schema: node, base };
  const target = new URL(node.$ref, base);
  const document = byId.get(target.href.split("#")[0]);
  let found = document;
  for (const step of target.hash.replace(/^#\/?/, "").split("/").filter(Boolean)) found = found[decodeURIComponent(step)];
  const { $ref, ...own } = node;
  const inner = resolve(found, document.$id, byId);
  return { schema: { ...inner.schema, ...own }, base: inner.base };
}

/** What the form asks for one schema property: its control, label, help and children. */
function fieldSpec(name, node, base, byId, settings, required, words) {
  const { schemaText } = words;
  const { schema, base: here } = resolve(node, base, byId);
  const spec = { name, label: schemaText(schema.title || humanise(name)), help: formHelp(name, words) || schemaText(schema.description || ""), required, schema };
  const choices = settings.choices[name];
  if (schema.type === "array") {
    const items = resolve(schema.items, here, byId).schema;
    if (choices) return { ...spec, control: "checkboxes", choices };
    const item = fieldSpec(name, schema.items, here, byId, settings, false, words);
    if (item.control !== "group") item.help = ""; // the list's own help says it
    return { ...spec, control: "rows", item, itemLabel: schemaText(items.title) || spec.label, min: schema.minItems || 0 };
  }
  if (schema.type === "object") {
    // Properties may also come from `allOf` (a translation's provenance and source): those come first.
    const layers = [...(schema.allOf || []).map((branch) => resolve(branch, here, byId)), { schema, base: here }];
    const required = new Set(layers.flatMap((layer) => layer.schema.required || []));
    const fields = layers.flatMap((layer) => Object.entries(layer.schema.properties || {}).map(([key, sub]) =>
      fieldSpec(key, sub, layer.base, byId, settings, required.has(key), words)));
    return { ...spec, control: "group", fields };
  }
  if (choices) return { ...spec, control: "select", choices };
  if (schema.enum) return { ...spec, control: "select", choices: schema.enum.map((value) => ({ value, label: schemaText(humanise(value)) })) };
  // Labelled values (`oneOf: [{const, title}]`): the schema's titles are the choices' labels.
  if (schema.oneOf && schema.oneOf.every((branch) => "const" in branch)) {
    return { ...spec, control: "select", choices: schema.oneOf.map((branch) => ({ value: branch.const, label: schemaText(branch.title || humanise(branch.const)) })) };
  }
  if (schema.type === "integer") return { ...spec, control: "integer" };
  return { ...spec, control: schema.pattern ? "line" : "text" };
}

/** The contributor's fields, in the schema's order: every property the form does not fill in itself. */
export function fieldSpecs(settings, byId, words = wordsOf()) {
  const root = byId.get(settings.schema);
  const own = new Set([...Object.keys(settings.fixed), ...Object.keys(settings.derived), ...settings.left_out]);
  return Object.entries(root.properties)
    .filter(([name]) => !own.has(name))
    .map(([name, node]) => fieldSpec(name, node, root.$id, byId, settings, root.required.includes(name), words));
}

// ---- From what was typed to the record ----

/** Typed text as a value: line breaks as \n, no lone surrogates, outer space and empty lines trimmed. */
export function clean(text, multiline) {
  const plain = String(text).replace(/\r\n?/g, "\n").replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  return multiline ? plain.replace(/^(?:[ \t]*\n)+/, "").replace(/\s+$/, "") : plain.trim();
}

/** The value of one field from what was typed; undefined when it is left empty. */
export function valueOf(spec, raw) {
  if (spec.control === "checkboxes") return Array.isArray(raw) && raw.length ? [...raw] : undefined;
  if (spec.control === "rows") {
    const rows = (Array.isArray(raw) ? raw : []).map((item) => valueOf(spec.item, item));
    const kept = rows.map((row) => (row === undefined ? (spec.item.control === "group" ? {} : "") : row));
    return rows.some((row) => row !== undefined) || (spec.required && kept.length) ? kept : undefined;
  }
  if (spec.control === "group") {
    const entries = spec.fields.map((field) => [field.name, valueOf(field, (raw || {})[field.name])]);
    const filled = entries.filter(([, value]) => value !== undefined);
    return filled.length ? Object.fromEntries(filled) : undefined;
  }
  const text = clean(raw === undefined || raw === null ? "" : raw, spec.control === "text");
  if (!text) return undefined;
  return spec.control === "integer" && /^[+-]?[0-9]+$/.test(text) ? Number(text) : text;
}

/** The record, fields in the schema's order: typed values, fixed values and derived ones. */
export function recordFrom(values, specs, settings, byId, today) {
  const given = { ...settings.fixed };
  for (const spec of specs) given[spec.name] = shown(spec.name, values, settings) ? valueOf(spec, values[spec.name]) : undefined;
  for (const [name, rule] of Object.entries(settings.derived)) given[name] = derived(rule, given, today);
  const record = {};
  for (const name of Object.keys(byId.get(settings.schema).properties)) {
    if (given[name] !== undefined) record[name] = given[name];
  }
  return record;
}

/** Whether a field applies to this entry: the original title only to the kinds settings.shown_when names. */
export function shown(name, values, settings) {
  const rule = (settings.shown_when || {})[name];
  return !rule || Object.entries(rule).every(([field, allowed]) => allowed.includes(values[field]));
}

function derived(rule, record, today) {
  if ("today" in rule) return today;
  const source = record[rule.slug_of];
  return typeof source === "string" ? slug(source) : undefined;
}

/** The file's folder and name, from the settings' pattern (data/practices/{country}, {id}.yml). */
export function location(record, settings) {
  const fill = (pattern) => pattern.replace(/\{(\w+)\}/g, (whole, name) => String(record[name] || ""));
  return { folder: fill(settings.path.folder), filename: fill(settings.path.filename) };
}

// ---- Checking: the schema (Ajv) and the validator's other rules, as messages a person can act on ----

/** Ajv with the schemas, the project's date format and its annotations: the one way the form checks. */
export function schemaChecker(ajv2020, schemas) {
  const Ajv = ajv2020.default || ajv2020;
  // strictRequired would reject `then: {required: [consensus]}`, whose property is defined one level up.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
  ajv.addFormat("date", { type: "string", validate: (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && partialDate(text) !== null });
  for (const keyword of annotations(schemas)) ajv.addKeyword(keyword);
  for (const schema of schemas) ajv.addSchema(schema);
  return ajv;
}

export function createValidator(ajv2020, settings) {
  return schemaChecker(ajv2020, settings.schemas).getSchema(settings.schema);
}

/** What the form says about one value checked against one schema node (the parity test's way in). */
export function valueProblems(ajv2020, schemas, node, value, words = wordsOf()) {
  const validate = schemaChecker(ajv2020, schemas).compile(node);
  return validate(value) ? [] : validate.errors.map((error) => explain(error, undefined, words));
}

/** Every object in the schemas, at any depth (arrays walked through), the outermost first. */
export function schemaNodes(schemas) {
  const found = [];
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      found.push(node);
      Object.values(node).forEach(walk);
    }
  };
  walk(schemas);
  return found;
}

/** The schemas' own annotations (`x-message`, `x-refused`, ...): Ajv's strict mode must be told they are not typos. */
function annotations(schemas) {
  return [...new Set(schemaNodes(schemas).flatMap((node) => Object.keys(node).filter((key) => key.startsWith("x-"))))];
}

/** A text rule's sentence from the schema (`x-message`), as the checker writes it (schemas.rule_message). */
export function ruleMessage(rule, text, { schemaText } = wordsOf()) {
  const found = typeof text === "string" ? new RegExp(rule.not.pattern, "u").exec(text) : null;
  const match = found ? found.slice(1).find(Boolean) || found[0] : "";
  const code = match ? `U+${match.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}` : "";
  return schemaText(rule["x-message"]).replace("{match}", match).replace("{code}", code);
}

/** What to do about one Ajv error, in plain words. */
export function explain(error, spec, words = wordsOf()) {
  const { _, ngettext, schemaText } = words;
  const schema = error.parentSchema || {};
  const limit = error.params.limit;
  const count = typeof error.data === "string" ? length(error.data) : 0;
  const range = "minimum" in schema && "maximum" in schema ? { minimum: schema.minimum, maximum: schema.maximum } : null;
  const control = spec && spec.control;
  if (error.keyword !== "not" && schema["x-message"]) return schemaText(schema["x-message"]); // the rule says it itself
  switch (error.keyword) {
    case "required": return control === "checkboxes" ? _("Choose at least one.") : control === "select" ? _("Choose one.") : _("Fill this in.");
    case "minItems": return control === "checkboxes" ? ngettext("Choose at least %(num)d.", "Choose at least %(num)d.", limit) : ngettext("Add at least %(num)d.", "Add at least %(num)d.", limit);
    case "minLength": return count === 0 ? _("Fill this in, or remove it.")
      : ngettext("This is %(num)d character long; write at least %(limit)d.", "This is %(num)d characters long; write at least %(limit)d.", count, { limit });
    case "maxLength": return ngettext("This is %(num)d character long; at most %(limit)d are allowed. Shorten it by %(over)d.",
      "This is %(num)d characters long; at most %(limit)d are allowed. Shorten it by %(over)d.", count, { limit, over: count - limit });
    case "pattern": return schema.description
      ? _("This is not in the expected form: %(rule)s", { rule: lowerFirst(schemaText(schema.description)) }) : _("This is not in the expected form.");
    case "type": return schema.type !== "integer" ? _("This value has the wrong type.")
      : range ? _("Write a whole number from %(minimum)s to %(maximum)s.", range) : _("Write a whole number.");
    case "minimum": case "maximum": return range ? _("Write a whole number from %(minimum)s to %(maximum)s.", range)
      : error.keyword === "minimum" ? _("Write a whole number of at least %(limit)s.", { limit }) : _("Write a whole number of at most %(limit)s.", { limit });
    case "enum": return _("Choose one of the options.");
    case "uniqueItems": return _("The same value is given twice; remove one.");
    case "format": return _("This is not a real calendar date.");
    case "not": return schema["x-message"] ? ruleMessage(schema, error.data, words) : _("This value is not allowed here.");
    default: return _("This value is not allowed here.");
  }
}

export function lowerFirst(text) {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** `sources.0.url` for the instance path `/sources/0/url` (and the missing property of `required`). */
function pathOf(error) {
  const steps = error.instancePath.split("/").slice(1).map((step) => step.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "required") steps.push(error.params.missingProperty);
  return steps.join(".");
}

/** Every string in a value with its path. */
function strings(value, path) {
  if (typeof value === "string") return [[path, value]];
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => strings(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/** The validator's rule beyond the schema (validate.py): a date must exist (no 2023-02-29). */
export function ruleProblems(record, { _ } = wordsOf()) {
  const found = [];
  for (const [path, text] of strings(record, "")) {
    if (/^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$/.test(text) && partialDate(text) === null) found.push([path, _("This is not a real date.")]);
  }
  return found;
}

/** Problems by the path of the field that should show them; the first found for a path is kept. */
export function problemsOf(record, validate, settings, specs, words = wordsOf()) {
  const { _ } = words;
  const problems = new Map();
  const add = (path, message) => {
    const shown = path.split(".")[0] in settings.derived ? settings.derived[path.split(".")[0]].slug_of || path : path;
    if (!problems.has(shown)) problems.set(shown, message);
  };
  if (!validate(record)) {
    // An `if` fails only with its `then`, whose own error says what to do.
    for (const error of validate.errors.filter((found) => found.keyword !== "if")) add(pathOf(error), explain(error, specAt(specs, pathOf(error)), words));
  }
  for (const [path, message] of ruleProblems(record, words)) add(path, message);
  const key = `${record.country}/${record.id}`;
  if (record.id && key in settings.existing) {
    add("id", _("An entry with the short name \"%(id)s\" exists already: \"%(title)s\". " +
      "If it is the same practice, use Suggest an edit on its page instead; if not, make the title more specific.",
    { id: record.id, title: settings.existing[key] }));
  }
  return problems;
}

/** The field spec at a path such as `sources.0.url`, or undefined. */
export function specAt(specs, path) {
  const [name, ...rest] = path.split(".");
  let spec = specs.find((candidate) => candidate.name === name);
  for (const step of rest) {
    if (!spec) return undefined;
    if (spec.control === "rows") spec = spec.item;
    else if (spec.control === "group") spec = spec.fields.find((field) => field.name === step);
    else return undefined;
  }
  return spec;
}

// ---- The body's Markdown, as the site reads it: cica_kb/render/text.py renders it with Python-Markdown (tables,
// sane_lists, fenced_code), then keeps only the allow-list that the settings carry (`body_html`) ----

// What ends a paragraph in Python-Markdown besides an empty line: a heading, a quote, a fence or a rule.
// A list or a table right under a line of text stays in the paragraph, as typed.
const PARAGRAPH_BREAK = /^ {0,3}(?:#{1,6}(?:\s|$)|>|`{3,}|~{3,}|(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$)/;

/** A paragraph as Python-Markdown takes it: its first line and every following line up to a break. */
function paragraph(src) {
  const lines = src.split("\n");
  let end = 1;
  while (end < lines.length && lines[end].trim() && !PARAGRAPH_BREAK.test(lines[end])) end += 1;
  const text = lines.slice(0, end).join("\n");
  return { type: "paragraph", raw: end < lines.length ? `${text}\n` : text, text, tokens: this.lexer.inline(text) };
}

/** Markdown as Python-Markdown reads it, as near as marked comes: tables, fenced code, paragraphs that a list
 * does not interrupt, but no links made from bare addresses and no ~~strikethrough~~, which Python-Markdown
 * leaves as they are typed. */
const BODY_MARKDOWN = new Marked({ gfm: true, breaks: false, tokenizer: { paragraph, url: () => undefined, del: () => undefined } });

/** A body's Markdown as HTML, not yet safe: HTML typed into the text is still in it, for the sanitiser to remove. */
export function bodyHtml(text) {
  return BODY_MARKDOWN.parse(text, { async: false });
}

/** Whether the allow-list ({tags, attributes: {tag or "*": [names]}}, as cica_kb/render/text.py's BODY_TAGS and
 * BODY_ATTRIBUTES; "*" is every tag) keeps the attribute `name` on `tag`. */
export function attributeAllowed(allowed, tag, name) {
  return [...(allowed.attributes[tag] || []), ...(allowed.attributes["*"] || [])].includes(name);
}

/** DOMPurify's settings for the allow-list: its tags, its attributes (each only on its own tags: see
 * attributeAllowed), links to http(s) addresses only, as nh3 keeps them. */
export function sanitiserSettings(allowed) {
  const attributes = [...new Set(Object.values(allowed.attributes).flat())];
  return Object.freeze({
    ALLOWED_TAGS: [...allowed.tags],
    ALLOWED_ATTR: attributes,
    ALLOWED_URI_REGEXP: /^https?:\/\//i,
    // DOMPurify tests every attribute it does not know as text against the address rule: only `href` is an address.
    ADD_URI_SAFE_ATTR: attributes.filter((name) => name !== "href"),
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
}
