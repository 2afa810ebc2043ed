/* CICA Knowledge Base: the "Submit a practice" form (docs/submit.md), the page's glue.
 *
 * The fields are made from the practice JSON Schema, which the page carries with the choices from the
 * data (data-kb-submit, written by cica_kb/render/submission.py). The entry is checked with Ajv against the
 * same schemas, previewed like its page, and written as YAML for GitHub's create-file page. The pure
 * parts (fields, record, YAML, checks, the body's Markdown) are in submit-form-model.js, tested with `node --test`.
 * Contributed text is untrusted: it reaches the page through textContent and DOM properties, and the body's
 * Markdown through DOMPurify with the site's own allow-list (settings.body_html, from cica_kb/render/text.py).
 * What the form says is in the build's language: its own sentences from the js catalogue (kb-strings.js,
 * through `_()` and `ngettext()`), the schemas' titles, help and rule sentences from the messages catalogue
 * (settings.translations, written by cica_kb/render/submission.py).
 */

import strings from "./kb-strings.js";
import { parts } from "./kb-i18n.js";
import DOMPurify from "./vendor/purify.es.js";
import {
  attributeAllowed, bodyHtml, clean, createValidator, fieldSpecs, humanDate, humanise, isObject, isoDate, length, location,
  lowerFirst, newFileUrl, problemsOf, quote, recordFrom, ruleMessage, sanitiserSettings, shown, slug, specAt, toYaml,
  valueProblems, wordsOf, yamlHeader,
} from "./submit-form-model.js";

const STORAGE_KEY = "cica-kb:submit-practice";
const LONG_URL = 8000; // beyond this, browsers and GitHub may cut the link
const { _, ngettext } = strings;
// The schemas' text in the build's language: set from the settings when the form starts.
let words = wordsOf(strings);
const schemaText = (text) => words.schemaText(text);

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

/** A sanitiser keeping only the allow-list: each attribute on its own tags, links with the site's `rel`,
 * opening in a new tab so that the form stays. Returns a DocumentFragment. */
function bodySanitiser(allowed) {
  const purify = DOMPurify(window);
  purify.addHook("uponSanitizeAttribute", (node, data) => {
    if (!attributeAllowed(allowed, node.nodeName.toLowerCase(), data.attrName)) data.keepAttr = false;
  });
  purify.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName !== "A") return;
    node.setAttribute("rel", "nofollow noopener noreferrer");
    if (node.hasAttribute("href")) node.setAttribute("target", "_blank");
  });
  const settings = sanitiserSettings(allowed);
  return (html) => purify.sanitize(html, settings);
}

// ---- The preview: the entry's page as cica_kb/render/templates/records/practice.md.j2 lays it out ----

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

/** The entry's page; `sanitise` makes the body's HTML safe (bodySanitiser). */
function previewNodes(record, settings, sanitise) {
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
    [_("Submitted"), record.submitted && humanDate(record.submitted, words.language)],
    [_("Last verified"), record.last_verified && humanDate(record.last_verified, words.language)],
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
  if (record.body) nodes.push(el("h4", {}, [_("Details")]), el("div", { class: "kb-body" }, [sanitise(bodyHtml(record.body))]));
  if (record.caveats) nodes.push(admonition("warning", _("Unconfirmed details"), [el("ul", {}, record.caveats.map((text) => el("li", {}, [text])))]));
  const sources = (record.sources || []).filter((source) => source.title || source.url);
  nodes.push(el("h4", {}, [_("Sources")]), sources.length
    ? el("ol", {}, sources.map((source) => el("li", {}, [
      ...safeLink(source.url || "", [source.title || source.url]),
      ...(source.date ? [` (${humanDate(source.date, words.language)})`] : []),
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
      if (!groups.has(choice.group)) groups.set(choice.group, control.appendChild(el("optgroup", { label: choice.group })));
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
  words = wordsOf(strings, settings.translations || {});
  const sanitise = bodySanitiser(settings.body_html);
  const byId = new Map(settings.schemas.map((schema) => [schema.$id, schema]));
  const specs = fieldSpecs(settings, byId, words);
  const validate = createValidator(window.ajv2020, settings);
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
    state.problems = problemsOf(state.record, validate, settings, specs, words);
    state.yaml = toYaml(state.record, yamlHeader(words));
    const where = location(state.record, settings);
    state.url = newFileUrl(settings.repository, where.folder, where.filename, state.yaml);
    showErrors();
    showCounts();
    $(".kb-submit__page").replaceChildren(...previewNodes(state.record, settings, sanitise));
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
        ? ngettext("%(num)d character too many (at most %(limit)s)", "%(num)d characters too many (at most %(limit)s)", used - limit, { limit: strings.number(limit) })
        : ngettext("%(used)s of %(limit)s character", "%(used)s of %(limit)s characters", limit, { used: strings.number(used), limit: strings.number(limit) });
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
        state.url.length, { count: strings.number(state.url.length) }), { download: el("strong", {}, [_("Download YAML")]), upload }));
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
        "today" in rule ? humanDate(state.record[key], words.language) : state.record[key] ? el("code", {}, [state.record[key]]) : "", made(key, rule)])),
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

/** Start once Ajv is there: Material's instant navigation inserts the page's scripts at once, so this one may run first. */
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
  ajvLoaded.then(begin);
}

// The parity tests' way in (tests/test_submit_form.py): the pure functions, in the page's language.
window.CicaKbSubmit = Object.freeze({
  slug,
  quote,
  newFileUrl,
  toYaml: (record) => toYaml(record, yamlHeader(words)),
  humanDate: (text) => humanDate(text, words.language),
  valueProblems: (schemas, node, value) => valueProblems(window.ajv2020, schemas, node, value, words),
  ruleMessage: (rule, text) => ruleMessage(rule, text, words),
});

const started = new WeakSet();

/** Start the form on this page's frame, once. */
function startPage() {
  const root = document.querySelector("[data-kb-submit]");
  if (!root || started.has(root)) return;
  started.add(root);
  startWhenReady(root);
}

// A module runs once per page load: Material's instant navigation, which swaps the page without reloading,
// announces each new page on `document$`. Without it (or before its bundle runs), start once.
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(startPage);
} else {
  startPage();
}
