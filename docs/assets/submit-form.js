/* CICA Knowledge Base: the "Submit a practice" form (docs/submit.md).
 *
 * The fields are made from the practice JSON Schema, which the page carries with the choices from the
 * data (data-kb-submit, written by cica_kb/submission.py). The entry is checked with Ajv against the
 * same schemas, previewed like its page, and written as YAML for GitHub's create-file page.
 * Contributed text is untrusted: it reaches the page only through textContent and DOM properties.
 * What the form says is in the build's language: its own sentences from the js catalogue (kb-strings.js
 * beside this script, through `_()` and `ngettext()`), the schemas' titles, help and rule sentences from the
 * messages catalogue (settings.translations, written by cica_kb/submission.py).
 */
(function () {
  "use strict";

  const STORAGE_KEY = "cica-kb:submit-practice";
  const LONG_URL = 8000; // beyond this, browsers and GitHub may cut the link
  const SCRIPT = document.currentScript;
  // kb-i18n.js's translator of the build's language, and the schemas' text in it: both set before the form starts.
  let t = null;
  let schemaTexts = {};
  const _ = (msgid, values) => t._(msgid, values);
  const ngettext = (singular, plural, n, values) => t.ngettext(singular, plural, n, values);
  const parts = (text, values) => t.parts(text, values);
  /** A text of the schemas or the data's choices (a title, a help text, a rule's sentence) in the build's language. */
  const schemaText = (text) => (text && schemaTexts[text]) || text;
  const loadStrings = () => import(new URL("kb-strings.js", SCRIPT.src).href)
    .catch(() => import(new URL("kb-i18n.js", SCRIPT.src).href).then((module) => ({ default: module.ENGLISH })))
    .then((module) => { t = module.default; });

  /** The comment at the top of the file the form writes. */
  function yamlHeader() {
    return _("A practice proposed with the \"Submit a practice\" form of the CICA Knowledge Base.\n" +
      "It was checked in the browser against schemas/practice.schema.json; the same checks\n" +
      "run again on the pull request. Pending until the member states agree by consensus.").split("\n").map((line) => `# ${line}`);
  }

  /** Help where a field's schema description speaks of the stored value: what to do instead. */
  function formHelp(name) {
    if (name === "country") return _("The state whose practice this is.");
    if (name === "topics") return _("Choose every topic it belongs to (at least one).");
    if (name === "body") {
      return _("A longer description in Markdown: leave an empty line between paragraphs; **bold**, *italic*, " +
        "lists with - at the start of a line, links as [text](https://…).");
    }
    return "";
  }

  // ---- Pure functions: text, addresses, YAML (window.CicaKbSubmit exposes them to the tests) ----

  /** A kebab-case ASCII id from a title, exactly as cica_kb.scaffold.slug makes it. */
  function slug(title, limit = 60) {
    const ascii = title.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    const words = ascii.toLowerCase().match(/[a-z0-9]+/g) || [];
    return words.join("-").slice(0, limit).replace(/^-+|-+$/g, "") || "practice";
  }

  /** Percent-encoding as Python's urllib.parse.quote: letters, digits, `_.-~` and `safe` stay. */
  function quote(text, safe = "") {
    const encoded = encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
    return safe.includes("/") ? encoded.replace(/%2F/g, "/") : encoded;
  }

  /** GitHub's create-file page with a file prefilled, as SiteContext.new_file_url writes it. */
  function newFileUrl(repository, folder, filename, value) {
    return `${repository.url}/new/${repository.branch}/${quote(folder, "/")}?filename=${quote(filename)}&value=${quote(value)}`;
  }

  /** A double-quoted YAML scalar: JSON's escapes, plus every character YAML reads as a break or refuses. */
  function quoted(text) {
    return JSON.stringify(text).replace(/[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g,
      (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  }

  /** The header of a `|` block for multi-line text, or null when a quoted scalar is the safer choice. */
  function literalHeader(text) {
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

  function isObject(value) {
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
  function toYaml(record, header = yamlHeader()) {
    return [...header, ...mappingLines(record, 0)].join("\n") + "\n";
  }

  /** Today's date in the contributor's time zone, YYYY-MM-DD. */
  function isoDate(now) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  /** The parts of YYYY, YYYY-MM or YYYY-MM-DD if such a date exists, else null (as dates.parse_partial). */
  function partialDate(text) {
    const parts = text.split("-").map(Number);
    if (parts.length >= 2 && (parts[1] < 1 || parts[1] > 12)) return null;
    if (parts.length === 3) {
      const day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
      if (day.getUTCDate() !== parts[2] || parts[2] < 1) return null;
    }
    return parts;
  }

  /** `14 March 2024`, `March 2024` or `2024` in the build's language (the browser's CLDR data), as dates.human_date. */
  function humanDate(text) {
    const parts = partialDate(text) || [Number(text.slice(0, 4))];
    if (parts.length === 1) return String(parts[0]);
    const shown = parts.length === 3 ? { day: "numeric", month: "long", year: "numeric" } : { month: "long", year: "numeric" };
    const language = t.language === "en" ? "en-GB" : t.language; // day before month, as the pages
    return new Intl.DateTimeFormat(language, { ...shown, timeZone: "UTC" }).format(new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] || 1)));
  }

  /** Number of characters as Python and Ajv count them (code points, not UTF-16 units). */
  function length(text) {
    return [...text].length;
  }

  /** `last_verified` → `Last verified`. */
  function humanise(name) {
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
  function fieldSpec(name, node, base, byId, settings, required) {
    const { schema, base: here } = resolve(node, base, byId);
    const spec = { name, label: schemaText(schema.title || humanise(name)), help: formHelp(name) || schemaText(schema.description || ""), required, schema };
    const choices = settings.choices[name];
    if (schema.type === "array") {
      const items = resolve(schema.items, here, byId).schema;
      if (choices) return { ...spec, control: "checkboxes", choices };
      const item = fieldSpec(name, schema.items, here, byId, settings, false);
      if (item.control !== "group") item.help = ""; // the list's own help says it
      return { ...spec, control: "rows", item, itemLabel: schemaText(items.title) || spec.label, min: schema.minItems || 0 };
    }
    if (schema.type === "object") {
      // Properties may also come from `allOf` (a translation's provenance and source): those come first.
      const layers = [...(schema.allOf || []).map((branch) => resolve(branch, here, byId)), { schema, base: here }];
      const required = new Set(layers.flatMap((layer) => layer.schema.required || []));
      const fields = layers.flatMap((layer) => Object.entries(layer.schema.properties || {}).map(([key, sub]) =>
        fieldSpec(key, sub, layer.base, byId, settings, required.has(key))));
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
  function fieldSpecs(settings, byId) {
    const root = byId.get(settings.schema);
    const own = new Set([...Object.keys(settings.fixed), ...Object.keys(settings.derived), ...settings.left_out]);
    return Object.entries(root.properties)
      .filter(([name]) => !own.has(name))
      .map(([name, node]) => fieldSpec(name, node, root.$id, byId, settings, root.required.includes(name)));
  }

  // ---- From what was typed to the record ----

  /** Typed text as a value: line breaks as \n, no lone surrogates, outer space and empty lines trimmed. */
  function clean(text, multiline) {
    const plain = String(text).replace(/\r\n?/g, "\n").replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
    return multiline ? plain.replace(/^(?:[ \t]*\n)+/, "").replace(/\s+$/, "") : plain.trim();
  }

  /** The value of one field from what was typed; undefined when it is left empty. */
  function valueOf(spec, raw) {
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
  function recordFrom(values, specs, settings, byId, today) {
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
  function shown(name, values, settings) {
    const rule = (settings.shown_when || {})[name];
    return !rule || Object.entries(rule).every(([field, allowed]) => allowed.includes(values[field]));
  }

  function derived(rule, record, today) {
    if ("today" in rule) return today;
    const source = record[rule.slug_of];
    return typeof source === "string" ? slug(source) : undefined;
  }

  /** The file's folder and name, from the settings' pattern (data/practices/{country}, {id}.yml). */
  function location(record, settings) {
    const fill = (pattern) => pattern.replace(/\{(\w+)\}/g, (whole, name) => String(record[name] || ""));
    return { folder: fill(settings.path.folder), filename: fill(settings.path.filename) };
  }

  // ---- Checking: the schema (Ajv) and the validator's other rules, as messages a person can act on ----

  /** Ajv with the schemas, the project's date format and its annotations: the one way the form checks. */
  function schemaChecker(schemas) {
    const Ajv = window.ajv2020.default || window.ajv2020;
    // strictRequired would reject `then: {required: [consensus]}`, whose property is defined one level up.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
    ajv.addFormat("date", { type: "string", validate: (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && partialDate(text) !== null });
    for (const keyword of annotations(schemas)) ajv.addKeyword(keyword);
    for (const schema of schemas) ajv.addSchema(schema);
    return ajv;
  }

  function createValidator(settings) {
    return schemaChecker(settings.schemas).getSchema(settings.schema);
  }

  /** What the form says about one value checked against one schema node (the parity test's way in). */
  function valueProblems(schemas, node, value) {
    const validate = schemaChecker(schemas).compile(node);
    return validate(value) ? [] : validate.errors.map((error) => explain(error, undefined));
  }

  /** The schemas' own annotations (`x-message`, `x-refused`, ...): Ajv's strict mode must be told they are not typos. */
  function annotations(schemas) {
    const found = new Set();
    const walk = (node) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key.startsWith("x-")) found.add(key);
          walk(value);
        }
      }
    };
    walk(schemas);
    return [...found];
  }

  /** A text rule's sentence from the schema (`x-message`), as the checker writes it (schemas.rule_message). */
  function ruleMessage(rule, text) {
    const found = typeof text === "string" ? new RegExp(rule.not.pattern, "u").exec(text) : null;
    const match = found ? found.slice(1).find(Boolean) || found[0] : "";
    const code = match ? `U+${match.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}` : "";
    return schemaText(rule["x-message"]).replace("{match}", match).replace("{code}", code);
  }

  /** What to do about one Ajv error, in plain words. */
  function explain(error, spec) {
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
      case "not": return schema["x-message"] ? ruleMessage(schema, error.data) : _("This value is not allowed here.");
      default: return _("This value is not allowed here.");
    }
  }

  function lowerFirst(text) {
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
  function ruleProblems(record) {
    const found = [];
    for (const [path, text] of strings(record, "")) {
      if (/^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$/.test(text) && partialDate(text) === null) found.push([path, _("This is not a real date.")]);
    }
    return found;
  }

  /** Problems by the path of the field that should show them; the first found for a path is kept. */
  function problemsOf(record, validate, settings, specs) {
    const problems = new Map();
    const add = (path, message) => {
      const shown = path.split(".")[0] in settings.derived ? settings.derived[path.split(".")[0]].slug_of || path : path;
      if (!problems.has(shown)) problems.set(shown, message);
    };
    if (!validate(record)) {
      // An `if` fails only with its `then`, whose own error says what to do.
      for (const error of validate.errors.filter((found) => found.keyword !== "if")) add(pathOf(error), explain(error, specAt(specs, pathOf(error))));
    }
    for (const [path, message] of ruleProblems(record)) add(path, message);
    const key = `${record.country}/${record.id}`;
    if (record.id && key in settings.existing) {
      add("id", _("An entry with the short name \"%(id)s\" exists already: \"%(title)s\". " +
        "If it is the same practice, use Suggest an edit on its page instead; if not, make the title more specific.",
      { id: record.id, title: settings.existing[key] }));
    }
    return problems;
  }

  /** The field spec at a path such as `sources.0.url`, or undefined. */
  function specAt(specs, path) {
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

  // ---- Body Markdown for the preview: a small safe subset, built with DOM nodes only ----

  const INLINE = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|!\[[^\]]*\]\([^)]*\)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__|\*(?=[^\s*])([\s\S]*?[^\s*])\*|\b_(?=[^\s_])([\s\S]*?[^\s_])_\b|\[([^\]]+)\]\(\s*<?([^\s)>]*)>?(?:\s+"[^"]*")?\s*\)|<(https?:\/\/[^\s>]+)>/g;

  function el(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
    }
    node.append(...children);
    return node;
  }

  function safeLink(href, children) {
    if (!/^https?:\/\/\S+$/i.test(href)) return children;
    const link = el("a", { rel: "nofollow noopener noreferrer", target: "_blank" }, children);
    link.href = href;
    return [link];
  }

  /** Inline Markdown (code, emphasis, http(s) links) as nodes; anything else stays text. */
  function inlineNodes(text) {
    const nodes = [];
    let last = 0;
    for (const match of text.matchAll(INLINE)) {
      nodes.push(document.createTextNode(text.slice(last, match.index)));
      const [whole, , code, strong, strong2, em, em2, label, href, auto] = match;
      if (code !== undefined) nodes.push(el("code", {}, [code.trim() || code]));
      else if (whole.startsWith("!")) nodes.push(document.createTextNode(""));
      else if (strong !== undefined || strong2 !== undefined) nodes.push(el("strong", {}, inlineNodes(strong ?? strong2)));
      else if (em !== undefined || em2 !== undefined) nodes.push(el("em", {}, inlineNodes(em ?? em2)));
      else if (label !== undefined) nodes.push(...safeLink(href, inlineNodes(label)));
      else nodes.push(...safeLink(auto, [auto]));
      last = match.index + whole.length;
    }
    nodes.push(document.createTextNode(text.slice(last)));
    return nodes;
  }

  const BLOCK_START = /^ {0,3}(?:#{1,6}\s|[-*+]\s|\d{1,9}[.)]\s|>|```|~~~)/;

  /** Block Markdown (paragraphs, headings, lists, quotes, fenced code) as nodes. */
  function markdownNodes(text, headingShift) {
    const lines = text.split("\n");
    const nodes = [];
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      let match;
      if (!line.trim()) {
        i += 1;
      } else if ((match = /^ {0,3}(`{3,}|~{3,})/.exec(line))) {
        const end = lines.findIndex((candidate, n) => n > i && candidate.trim().startsWith(match[1]));
        const stop = end === -1 ? lines.length : end;
        nodes.push(el("pre", {}, [el("code", {}, [lines.slice(i + 1, stop).join("\n")])]));
        i = stop + 1;
      } else if ((match = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line))) {
        nodes.push(el(`h${Math.min(6, match[1].length + headingShift)}`, {}, inlineNodes(match[2])));
        i += 1;
      } else if (/^ {0,3}([-*+]|\d{1,9}[.)])\s/.test(line)) {
        i = listNodes(lines, i, nodes);
      } else if (/^ {0,3}>/.test(line)) {
        const quoted = [];
        while (i < lines.length && /^ {0,3}>/.test(lines[i])) quoted.push(lines[i++].replace(/^ {0,3}> ?/, ""));
        nodes.push(el("blockquote", {}, markdownNodes(quoted.join("\n"), headingShift)));
      } else {
        const paragraph = [];
        while (i < lines.length && lines[i].trim() && (!paragraph.length || !BLOCK_START.test(lines[i]))) paragraph.push(lines[i++].trim());
        nodes.push(el("p", {}, inlineNodes(paragraph.join("\n"))));
      }
    }
    return nodes;
  }

  /** A list starting at line `start`; returns the line after it. */
  function listNodes(lines, start, nodes) {
    const ordered = /^ {0,3}\d/.test(lines[start]);
    const marker = ordered ? /^ {0,3}\d{1,9}[.)]\s+/ : /^ {0,3}[-*+]\s+/;
    const items = [];
    let i = start;
    while (i < lines.length) {
      if (marker.test(lines[i])) items.push([lines[i].replace(marker, "")]);
      else if (lines[i].trim() && /^\s/.test(lines[i]) && items.length) items[items.length - 1].push(lines[i].trim());
      else if (!lines[i].trim() && i + 1 < lines.length && marker.test(lines[i + 1])) { i += 1; continue; }
      else break;
      i += 1;
    }
    nodes.push(el(ordered ? "ol" : "ul", {}, items.map((item) => el("li", {}, inlineNodes(item.join("\n"))))));
    return i;
  }

  // ---- The preview: the entry's page as cica_kb/templates/records/practice.md.j2 lays it out ----

  function labelOf(choices, value) {
    const choice = (choices || []).find((candidate) => candidate.value === value);
    return choice ? choice.label : value;
  }

  function admonition(kind, title, children) {
    return el("div", { class: `admonition ${kind}` }, [el("p", { class: "admonition-title" }, [title]), ...children]);
  }

  function paragraphs(text) {
    return text.split(/\n\s*\n/).filter((part) => part.trim()).map((part) => el("p", {}, [part.trim().replace(/\s+/g, " ")]));
  }

  function previewNodes(record, settings) {
    const placeholder = (text) => el("span", { class: "kb-submit__placeholder" }, [text]);
    const status = { shared: "success", reference: "info" }[record.status] || "warning";
    const provenance = schemaText(settings.labels.provenance);
    const consensus = schemaText(settings.labels.status);
    const facts = [
      [_("Country"), record.country && labelOf(settings.choices.country, record.country)],
      [_("Kind"), record.kind && kindLabel(record.kind, settings)],
      [_("Year"), record.year],
      [_("Provenance"), provenance],
      [_("Status"), consensus],
      [_("Submitted"), record.submitted && humanDate(record.submitted)],
      [_("Last verified"), record.last_verified && humanDate(record.last_verified)],
    ].filter(([, value]) => value !== undefined && value !== "");
    const topics = (record.topics || []).map((topic) => labelOf(settings.choices.topics, topic));
    const nodes = [
      el("h3", { class: "kb-submit__page-title" }, [record.title || placeholder(_("Title of the entry"))]),
      ...(record.original_title && record.original_title.text
        ? [el("p", { class: "kb-submit__original", lang: /^[a-z]{2}$/.test(record.original_title.language || "") ? record.original_title.language : false },
          [record.original_title.text])]
        : []),
      admonition(status, consensus, [el("p", {}, [_("%(provenance)s.", { provenance })])]),
      el("div", { class: "kb-facts" }, [el("ul", {}, facts.map(([label, value]) => el("li", {}, [el("strong", {}, [_("%(label)s:", { label })]), ` ${value}`])))]),
      el("p", {}, [el("strong", {}, [_("Topics:")]), " ", topics.length ? topics.join(", ") : placeholder(_("none chosen yet"))]),
      el("h4", {}, [_("Summary")]),
      ...(record.summary ? paragraphs(record.summary) : [el("p", {}, [placeholder(_("The summary appears here."))])]),
    ];
    if (record.body) nodes.push(el("h4", {}, [_("Details")]), el("div", { class: "kb-body" }, markdownNodes(record.body, 3)));
    if (record.caveats) nodes.push(admonition("warning", _("Unconfirmed details"), [el("ul", {}, record.caveats.map((text) => el("li", {}, [text])))]));
    const sources = (record.sources || []).filter((source) => source.title || source.url);
    nodes.push(el("h4", {}, [_("Sources")]), sources.length
      ? el("ol", {}, sources.map((source) => el("li", {}, [
        ...safeLink(source.url || "", [source.title || source.url]),
        ...(source.date ? [` (${humanDate(source.date)})`] : []),
      ])))
      : el("p", {}, [placeholder(_("No source yet."))]));
    return nodes;
  }

  /** A kind's label: the schema's title of the value (`oneOf [{const, title}]`), in the build's language. */
  function kindLabel(kind, settings) {
    const schema = settings.schemas.find((candidate) => candidate.$id === settings.schema);
    const branch = ((schema && schema.properties.kind.oneOf) || []).find((candidate) => candidate.const === kind);
    return schemaText((branch && branch.title) || humanise(kind));
  }

  // ---- The form: controls made from the field specs, state kept in one object ----

  /** A group of choices by its key: the states by their status in CICA (cica_kb/submission.py STATE_GROUPS). */
  function groupName(group) {
    if (group === "member") return _("Member states");
    if (group === "observer") return _("Observer states");
    return group;
  }

  /** `Source 2`: one row of a list of groups. */
  function itemName(spec, index) {
    return _("%(item)s %(number)s", { item: spec.itemLabel, number: index + 1 });
  }

  const idOf = (path) => "kb-f-" + path.replace(/[^A-Za-z0-9]+/g, "-");

  function getAt(values, path) {
    return path.split(".").reduce((value, step) => (value === undefined || value === null ? undefined : value[step]), values);
  }

  function setAt(values, path, value) {
    const steps = path.split(".");
    let target = values;
    steps.slice(0, -1).forEach((step, n) => {
      if (target[step] === undefined || target[step] === null) target[step] = /^\d+$/.test(steps[n + 1]) ? [] : {};
      target = target[step];
    });
    target[steps[steps.length - 1]] = value;
  }

  /** Label, help, error slot and (for text) a character count around a control. */
  function fieldFrame(spec, path, label, control, context) {
    const id = idOf(path);
    const wrapper = el("div", { class: "kb-submit__field", "data-field": path });
    const required = spec.required ? [" ", el("span", { class: "kb-submit__required" }, [_("(required)")])] : [];
    const within = context ? [el("span", { class: "kb-submit__hidden" }, [_("%(group)s: ", { group: context })])] : []; // "Source 1: Title" when heard alone
    wrapper.append(el("label", { for: id }, [...within, label, ...required]));
    if (spec.help) wrapper.append(el("p", { class: "kb-submit__hint", id: `${id}-hint` }, [spec.help]));
    wrapper.append(el("p", { class: "kb-submit__error", id: `${id}-error`, hidden: true }));
    control.id = id;
    control.dataset.path = path;
    if (spec.required) control.setAttribute("aria-required", "true");
    wrapper.append(control);
    if (spec.control === "text" && spec.schema.maxLength) wrapper.append(el("p", { class: "kb-submit__count", id: `${id}-count` }));
    return wrapper;
  }

  function controlFor(spec, value) {
    if (spec.control === "select") {
      const control = el("select", {}, [el("option", { value: "" }, [_("Choose…")])]);
      const groups = new Map();
      for (const choice of spec.choices) {
        const option = el("option", { value: choice.value }, [choice.detail ? `${choice.label} (${choice.detail})` : choice.label]);
        if (!choice.group) { control.append(option); continue; }
        if (!groups.has(choice.group)) groups.set(choice.group, control.appendChild(el("optgroup", { label: groupName(choice.group) })));
        groups.get(choice.group).append(option);
      }
      control.value = value || "";
      return control;
    }
    const multiline = spec.control === "text";
    const rows = (spec.schema.maxLength || 0) > 2000 ? 12 : (spec.schema.maxLength || 0) > 300 ? 3 : 4;
    const control = multiline ? el("textarea", { rows }) : el("input", { type: "text", spellcheck: spec.control === "line" ? "true" : "false" });
    if (spec.control === "integer") { control.setAttribute("inputmode", "numeric"); control.classList.add("kb-submit__short"); }
    if (/^\^https\?/.test(spec.schema.pattern || "")) { control.setAttribute("inputmode", "url"); control.placeholder = "https://"; }
    control.value = value === undefined || value === null ? "" : String(value);
    return control;
  }

  function checkboxes(spec, path, values) {
    const id = idOf(path);
    const chosen = new Set(getAt(values, path) || []);
    const legend = el("legend", {}, [spec.label, ...(spec.required ? [" ", el("span", { class: "kb-submit__required" }, [_("(required)")])] : [])]);
    const boxes = spec.choices.map((choice) => {
      const box = el("input", { type: "checkbox", value: choice.value, "data-path": path, checked: chosen.has(choice.value) });
      return el("label", { class: "kb-submit__choice" }, [box, ` ${choice.label}`, ...(choice.detail ? [" ", el("span", { class: "kb-submit__detail" }, [`(${choice.detail})`])] : [])]);
    });
    return el("fieldset", { class: "kb-submit__field", "data-field": path, id }, [
      legend,
      el("p", { class: "kb-submit__hint", id: `${id}-hint` }, [spec.help]),
      el("p", { class: "kb-submit__error", id: `${id}-error`, hidden: true }),
      el("div", { class: "kb-submit__choices" }, boxes),
    ]);
  }

  /** One field: a control, a group of check boxes, a group of sub-fields or a list of rows. */
  function fieldNode(spec, path, values, label = spec.label, context = "") {
    if (spec.control === "checkboxes") return checkboxes(spec, path, values);
    if (spec.control === "rows") return rowsNode(spec, path, values);
    if (spec.control === "group") {
      const id = idOf(path);
      return el("fieldset", { class: "kb-submit__group", "data-field": path, id }, [
        el("legend", {}, [label]),
        ...(spec.help ? [el("p", { class: "kb-submit__hint", id: `${id}-hint` }, [spec.help])] : []),
        el("p", { class: "kb-submit__error", id: `${id}-error`, hidden: true }),
        ...spec.fields.map((field) => fieldNode(field, `${path}.${field.name}`, values, field.label, label)),
      ]);
    }
    return fieldFrame(spec, path, label, controlFor(spec, getAt(values, path)), context);
  }

  function rowsNode(spec, path, values) {
    const id = idOf(path);
    const rows = getAt(values, path) || [];
    const grouped = spec.item.control === "group";
    const noun = lowerFirst(spec.itemLabel);
    const items = rows.map((row_, n) => {
      const label = grouped ? itemName(spec, n) : _("%(list)s, item %(number)s", { list: spec.label, number: n + 1 });
      const row = fieldNode(spec.item, `${path}.${n}`, values, label);
      row.classList.add("kb-submit__row");
      if (rows.length > spec.min) {
        const remove = grouped ? _("Remove %(item)s %(number)s", { item: noun, number: n + 1 }) : _("Remove item %(number)s", { number: n + 1 });
        row.append(el("button", { type: "button", class: "md-button kb-submit__remove", "data-remove": `${path}.${n}` }, [remove]));
      }
      return row;
    });
    const list = lowerFirst(spec.label);
    const add = grouped
      ? (rows.length ? _("Add another %(item)s", { item: noun }) : _("Add a %(item)s", { item: noun }))
      : (rows.length ? _("Add another item to %(list)s", { list }) : _("Add an item to %(list)s", { list }));
    return el("fieldset", { class: "kb-submit__field", "data-field": path, id }, [
      el("legend", {}, [spec.label, ...(spec.required ? [" ", el("span", { class: "kb-submit__required" }, [_("(required)")])] : [])]),
      ...(spec.help ? [el("p", { class: "kb-submit__hint", id: `${id}-hint` }, [spec.help])] : []),
      el("p", { class: "kb-submit__error", id: `${id}-error`, hidden: true }),
      el("div", { class: "kb-submit__rows" }, items),
      el("button", { type: "button", class: "md-button kb-submit__add", "data-add": path }, [add]),
    ]);
  }

  /** Fresh values: empty rows for lists that need some (sources: one). */
  function emptyValues(specs) {
    const values = {};
    for (const spec of specs) {
      if (spec.control === "rows") values[spec.name] = Array.from({ length: spec.min }, () => (spec.item.control === "group" ? {} : ""));
      if (spec.control === "checkboxes") values[spec.name] = [];
    }
    return values;
  }

  /** What was typed before, as far as it still fits: a choice the data no longer offers is dropped. */
  function loadValues(specs) {
    const values = emptyValues(specs);
    let saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null"); } catch (error) { /* storage off or unreadable */ }
    if (!isObject(saved)) return values;
    for (const spec of specs) {
      const value = saved[spec.name];
      const offered = new Set((spec.choices || []).map((choice) => choice.value));
      if (spec.control === "checkboxes") values[spec.name] = Array.isArray(value) ? value.filter((item) => offered.has(item)) : [];
      else if (spec.control === "select") values[spec.name] = offered.has(value) ? value : "";
      else if (spec.control === "rows") values[spec.name] = Array.isArray(value) && value.length >= spec.min ? value : values[spec.name];
      else if (spec.control === "group" && isObject(value)) values[spec.name] = value;
      else if (typeof value === "string") values[spec.name] = value;
    }
    return values;
  }

  function saveValues(values) {
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(values)); } catch (error) { /* storage off: nothing kept */ }
  }

  // ---- The page: wiring state, checks, preview and actions together ----

  function start(root) {
    const settings = JSON.parse(root.dataset.kbSubmit);
    schemaTexts = settings.translations || {};
    const byId = new Map(settings.schemas.map((schema) => [schema.$id, schema]));
    const specs = fieldSpecs(settings, byId);
    const validate = createValidator(settings);
    const $ = (selector) => root.querySelector(selector);
    const state = { values: loadValues(specs), touched: new Set(), showAll: false, record: {}, problems: new Map(), yaml: "", url: "" };

    function renderFields() {
      $(".kb-submit__fields").replaceChildren(...specs.map((spec) => fieldNode(spec, spec.name, state.values)));
    }

    function refresh() {
      for (const name of Object.keys(settings.shown_when || {})) {
        const field = root.querySelector(`.kb-submit__fields > [data-field="${CSS.escape(name)}"]`);
        if (field) field.hidden = !shown(name, state.values, settings);
      }
      state.record = recordFrom(state.values, specs, settings, byId, isoDate(new Date()));
      state.problems = problemsOf(state.record, validate, settings, specs);
      state.yaml = toYaml(state.record);
      const where = location(state.record, settings);
      state.url = newFileUrl(settings.repository, where.folder, where.filename, state.yaml);
      showErrors();
      showCounts();
      $(".kb-submit__page").replaceChildren(...previewNodes(state.record, settings));
      showActions(where);
      saveValues(state.values);
    }

    function visible(path) {
      return state.showAll || state.touched.has(path) || [...state.touched].some((touched) => touched.startsWith(`${path}.`));
    }

    function showErrors() {
      for (const slot of root.querySelectorAll(".kb-submit__error")) {
        const path = slot.closest("[data-field]").dataset.field;
        const message = visible(path) ? state.problems.get(path) : undefined;
        slot.textContent = message || "";
        slot.hidden = !message;
        const controls = root.querySelectorAll(`[data-path="${CSS.escape(path)}"]`);
        for (const control of controls) {
          control.setAttribute("aria-invalid", message ? "true" : "false");
          const ids = [`${idOf(path)}-hint`, message && `${idOf(path)}-error`, `${idOf(path)}-count`];
          control.setAttribute("aria-describedby", ids.filter((id) => id && document.getElementById(id)).join(" "));
        }
      }
    }

    function showCounts() {
      for (const count of root.querySelectorAll(".kb-submit__count")) {
        const field = count.closest("[data-field]").dataset.field;
        const limit = specAt(specs, field).schema.maxLength;
        const used = length(clean(getAt(state.values, field) || "", true));
        count.textContent = used > limit
          ? ngettext("%(num)d character too many (at most %(limit)s)", "%(num)d characters too many (at most %(limit)s)", used - limit, { limit: t.number(limit) })
          : ngettext("%(used)s of %(limit)s character", "%(used)s of %(limit)s characters", limit, { used: t.number(used), limit: t.number(limit) });
        count.classList.toggle("kb-submit__count--over", used > limit);
      }
    }

    /** `Source 1, Web address` for `sources.0.url`. */
    function labelAt(path) {
      const [name, ...steps] = path.split(".");
      let spec = specs.find((candidate) => candidate.name === name);
      let words = [spec ? spec.label : schemaText(humanise(name))];
      for (const step of steps) {
        if (spec && spec.control === "rows") {
          words = spec.item.control === "group" ? [itemName(spec, Number(step))] : [...words, _("item %(number)s", { number: Number(step) + 1 })];
          spec = spec.item;
        } else if (spec && spec.control === "group") {
          spec = spec.fields.find((field) => field.name === step);
          words.push(spec ? spec.label : schemaText(humanise(step)));
        }
      }
      return words.join(", ");
    }

    /** Problems in the order of the form's fields. */
    function inFormOrder(problems) {
      const rank = (path) => specs.findIndex((spec) => spec.name === path.split(".")[0]);
      return [...problems].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, "en", { numeric: true })); // paths: ASCII
    }

    function showSummary() {
      const summary = $(".kb-submit__summary");
      if (!state.showAll || !state.problems.size) { summary.replaceChildren(); return; }
      const items = inFormOrder(state.problems).map(([path, message]) => {
        const target = root.querySelector(`[data-path="${CSS.escape(path)}"]`) || document.getElementById(idOf(path));
        const text = _("%(field)s: %(problem)s", { field: labelAt(path), problem: message });
        return el("li", {}, target ? [el("a", { href: `#${target.id || idOf(path)}`, "data-focus": target.id || idOf(path) }, [text])] : [text]);
      });
      summary.replaceChildren(el("div", { class: "admonition failure" }, [
        el("p", { class: "admonition-title" }, [ngettext("%(num)d problem to fix before you continue", "%(num)d problems to fix before you continue", state.problems.size)]),
        el("ul", {}, items),
      ]));
    }

    function showActions(where) {
      const ready = state.problems.size === 0;
      const continueLink = $(".kb-submit__continue");
      if (ready) {
        continueLink.href = state.url;
        continueLink.target = "_blank";
        continueLink.rel = "noopener";
        for (const name of ["aria-disabled", "role", "tabindex"]) continueLink.removeAttribute(name);
      } else {
        // Without an address it cannot be followed; it stays focusable so that it is found, with the reason.
        // target and rel are only valid on a link with an address (W3C Nu checker).
        for (const name of ["href", "target", "rel"]) continueLink.removeAttribute(name);
        continueLink.setAttribute("aria-disabled", "true");
        continueLink.setAttribute("role", "link");
        continueLink.setAttribute("tabindex", "0");
      }
      for (const button of root.querySelectorAll(".kb-submit__download, .kb-submit__copy")) button.disabled = !ready;
      // The status text changes in place; its button stays, so a click that moves focus still lands on it.
      $(".kb-submit__status-text").replaceChildren(...(ready
        ? parts(_("Ready. %(continue)s opens a new tab with your entry as the file %(file)s."),
          { continue: el("strong", {}, [_("Continue on GitHub")]), file: el("code", {}, [`${where.folder}/${where.filename}`]) })
        : [ngettext("%(num)d problem to fix before you can continue, download or copy the entry.",
          "%(num)d problems to fix before you can continue, download or copy the entry.", state.problems.size)]));
      $(".kb-submit__show").hidden = ready;
      const long = $(".kb-submit__long");
      long.hidden = !(ready && state.url.length > LONG_URL);
      if (!long.hidden) {
        const upload = el("a", { target: "_blank", rel: "noopener" }, [_("upload it in %(folder)s", { folder: where.folder })]);
        upload.href = `${settings.repository.url}/upload/${settings.repository.branch}/${quote(where.folder, "/")}`;
        long.replaceChildren(...parts(ngettext(
          "Your entry is long: the link to GitHub has %(count)s character, and browsers or GitHub may cut links this long. " +
          "If GitHub shows an empty or shortened file, use %(download)s, then %(upload)s (GitHub: Add file, Upload files).",
          "Your entry is long: the link to GitHub has %(count)s characters, and browsers or GitHub may cut links this long. " +
          "If GitHub shows an empty or shortened file, use %(download)s, then %(upload)s (GitHub: Add file, Upload files).",
          state.url.length, { count: t.number(state.url.length) }), { download: el("strong", {}, [_("Download YAML")]), upload }));
      }
      $(".kb-submit__filled").replaceChildren(filledIn(where));
      continueLink.setAttribute("aria-describedby", long.hidden ? "kb-submit-status" : "kb-submit-status kb-submit-long");
    }

    /** What the form sets for the contributor, named as the schema names it. */
    function filledIn(where) {
      const properties = byId.get(settings.schema).properties;
      const name = (key) => _("%(label)s:", { label: schemaText(properties[key].title || humanise(key)) });
      const made = (key, rule) => ("slug_of" in rule
        ? _(" (made from the %(field)s; the file is %(file)s)", { field: lowerFirst(schemaText(properties[rule.slug_of].title || humanise(rule.slug_of))), file: `${where.folder}/${where.filename}` })
        : _(" (today)"));
      const items = [
        ...Object.keys(settings.fixed).map((key) => el("li", {}, [el("strong", {}, [name(key)]), ` ${schemaText(settings.labels[key]) || settings.fixed[key]}`])),
        ...Object.entries(settings.derived).map(([key, rule]) => el("li", {}, [el("strong", {}, [name(key)]), " ",
          "today" in rule ? humanDate(state.record[key]) : state.record[key] ? el("code", {}, [state.record[key]]) : "", made(key, rule)])),
      ];
      return el("div", {}, [el("p", {}, [_("The form fills in for you:")]), el("ul", {}, items),
        el("p", {}, [_("The Secretariat records the member states' consensus; only then is the entry published.")])]);
    }

    function say(text) {
      $(".kb-submit__done").textContent = text;
    }

    function download() {
      const { filename } = location(state.record, settings);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([state.yaml], { type: "application/yaml;charset=utf-8" }));
      link.download = filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      say(_("Downloaded %(file)s.", { file: filename }));
    }

    async function copy() {
      try {
        await navigator.clipboard.writeText(state.yaml);
        say(_("The YAML is copied. Paste it into a new file on GitHub."));
      } catch (error) {
        say(_("Your browser did not allow copying; use Download YAML instead."));
      }
    }

    function clear() {
      if (!window.confirm(_("Clear the form? What you typed will be deleted from this browser."))) return;
      state.values = emptyValues(specs);
      state.touched.clear();
      state.showAll = false;
      renderFields();
      refresh();
      showSummary();
      say(_("The form is cleared."));
      root.querySelector("[data-path]").focus();
    }

    function changeRows(button) {
      const path = button.dataset.add || button.dataset.remove;
      const field = path.split(".")[0];
      const spec = specs.find((candidate) => candidate.name === field);
      const rows = getAt(state.values, field) || [];
      if (button.dataset.add) rows.push(spec.item.control === "group" ? {} : "");
      else rows.splice(Number(path.split(".")[1]), 1);
      setAt(state.values, field, rows);
      for (const touched of [...state.touched]) if (touched.startsWith(`${field}.`)) state.touched.delete(touched);
      renderFields();
      refresh();
      const focus = button.dataset.add ? root.querySelector(`[data-path^="${CSS.escape(`${field}.${rows.length - 1}`)}"]`) : root.querySelector(`[data-add="${CSS.escape(field)}"]`);
      if (focus) focus.focus();
    }

    root.addEventListener("input", (event) => {
      const path = event.target.dataset && event.target.dataset.path;
      if (!path) return;
      if (event.target.type === "checkbox") {
        const chosen = [...root.querySelectorAll(`input[type=checkbox][data-path="${CSS.escape(path)}"]`)].filter((box) => box.checked).map((box) => box.value);
        setAt(state.values, path, chosen);
        state.touched.add(path);
      } else {
        setAt(state.values, path, event.target.value);
      }
      refresh();
    });
    // A field's message appears when the contributor leaves it. When they leave it by pressing the
    // mouse on something else, the message waits for the release: appearing at once, it would move
    // what they are clicking from under the pointer.
    let pointerDown = false;
    let waiting = false;
    function touch(path) {
      state.touched.add(path);
      if (pointerDown) { waiting = true; return; }
      refresh();
      showSummary();
    }
    function released() {
      pointerDown = false;
      if (waiting) { waiting = false; setTimeout(() => { refresh(); showSummary(); }, 0); }
    }
    root.addEventListener("pointerdown", () => {
      pointerDown = true;
      document.addEventListener("pointerup", released, { once: true, capture: true });
      document.addEventListener("pointercancel", released, { once: true, capture: true });
    }, true);
    root.addEventListener("change", (event) => {
      if (event.target.dataset && event.target.dataset.path) touch(event.target.dataset.path);
    });
    root.addEventListener("focusout", (event) => {
      const path = event.target.dataset && event.target.dataset.path;
      if (path && !state.touched.has(path)) touch(path);
    });
    root.addEventListener("click", (event) => {
      const target = event.target.closest("button, a[data-focus]");
      if (!target) return;
      if (target.dataset.focus) {
        // Focus the field itself; stopPropagation keeps Material's instant navigation out of it.
        event.preventDefault();
        event.stopPropagation();
        const field = document.getElementById(target.dataset.focus);
        const control = field.matches("input, select, textarea") ? field : field.querySelector("input, select, textarea, button");
        (control || field).focus();
        (control || field).scrollIntoView({ block: "center" });
      } else if (target.dataset.add || target.dataset.remove) changeRows(target);
      else if (target.classList.contains("kb-submit__show")) { state.showAll = true; refresh(); showSummary(); $(".kb-submit__summary").focus(); }
      else if (target.classList.contains("kb-submit__download")) download();
      else if (target.classList.contains("kb-submit__copy")) copy();
      else if (target.classList.contains("kb-submit__clear")) clear();
    });
    $(".kb-submit__form").addEventListener("submit", (event) => event.preventDefault());

    $(".kb-submit__status").replaceChildren(el("span", { class: "kb-submit__status-text" }), " ",
      el("button", { type: "button", class: "md-button kb-submit__show" }, [_("Show the problems")]));
    renderFields();
    refresh();
    $(".kb-submit__app").hidden = false;
  }

  /** Start once Ajv and the strings are there: Material's instant navigation inserts both scripts at once, so either may run first. */
  function startWhenReady(root) {
    const validator = document.querySelector('script[src*="ajv2020"]');
    const begin = () => {
      try {
        start(root);
      } catch (error) {
        root.append(el("p", { class: "kb-submit__error" }, [_("The form could not start. Please reload the page, or use one of the other ways on the Contribute page.")]));
        throw error;
      }
    };
    const ajvLoaded = window.ajv2020 || !validator ? Promise.resolve() : new Promise((resolve) => validator.addEventListener("load", resolve, { once: true }));
    Promise.all([ajvLoaded, loadStrings()]).then(begin);
  }

  window.CicaKbSubmit = Object.freeze({ slug, quote, newFileUrl, toYaml, humanDate, markdownNodes, previewNodes, valueProblems, ruleMessage });
  const root = document.querySelector("[data-kb-submit]");
  if (root) startWhenReady(root);
})();
