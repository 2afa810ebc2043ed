// The scripts' interface strings in the build's language: gettext's `_()` and `ngettext()` over a catalogue.
// The catalogue is assets/kb-strings.js, written per language by the build (cica_kb/js_strings.py) from
// locale/<language>/LC_MESSAGES/js.po; English, the source language, is the msgids themselves. Pure: no DOM,
// so `node --test` checks it (tests/js/).
//
// Placeholders are Python's named ones, as in the other catalogue: `%(name)s` for text, `%(name)d` for a whole
// number, `%%` for a percent sign. ngettext passes its count as `num`.

const PLACEHOLDER = /%(?:\((\w+)\)([sd])|%)/g;

/** `text` with its placeholders filled from `values`; a placeholder without a value is a mistake, kept visible. */
export function format(text, values = {}) {
  return text.replace(PLACEHOLDER, (whole, name, kind) => {
    if (name === undefined) return "%";
    if (!(name in values)) return whole;
    return kind === "d" ? String(Math.trunc(Number(values[name]))) : String(values[name]);
  });
}

/** English's rule: one, or other. */
const ENGLISH_PLURAL = (n) => (n === 1 ? 0 : 1);

/**
 * The functions a script translates with: `_(msgid, values)`, `ngettext(singular, plural, n, values)`, the
 * language (for numbers and dates), the folder of the language's pages in the site ("" or "ru/"), where the
 * search index is from the root of those pages (`searchIndex`: "pagefind/" or "../pagefind/"), `number(n)`
 * (digits grouped as the language groups them) and `parts` (below, for classic scripts that cannot import it).
 * `catalogue`: {language, prefix, plural(n) → index of the form, messages: {msgid: msgstr or [forms]}}.
 */
export function translator(catalogue = {}) {
  const messages = catalogue.messages || {};
  const plural = catalogue.plural || ENGLISH_PLURAL;
  const language = catalogue.language || "en";
  const numbers = new Intl.NumberFormat(language);
  const _ = (msgid, values) => format(typeof messages[msgid] === "string" && messages[msgid] ? messages[msgid] : msgid, values);
  const ngettext = (singular, pluralText, n, values = {}) => {
    const forms = messages[singular];
    const chosen = Array.isArray(forms) && forms[plural(n)] ? forms[plural(n)] : n === 1 ? singular : pluralText;
    return format(chosen, { num: n, ...values });
  };
  return Object.freeze({
    _,
    ngettext,
    language,
    prefix: catalogue.prefix || "",
    searchIndex: catalogue.searchIndex || "pagefind/",
    number: (n) => numbers.format(n),
    parts,
  });
}

/** The source language's strings: what the scripts say when no catalogue is given (and in `node --test`). */
export const ENGLISH = translator();

/**
 * A translated sentence split at its placeholders, each replaced by its value as it is (a DOM node, say):
 * `parts(_("Showing results for %(words)s."), { words: strong })` → ["Showing results for ", strong, "."].
 */
export function parts(text, values) {
  const found = [];
  let last = 0;
  for (const match of text.matchAll(/%\((\w+)\)s/g)) {
    if (!(match[1] in values)) continue;
    found.push(text.slice(last, match.index), values[match[1]]);
    last = match.index + match[0].length;
  }
  found.push(text.slice(last));
  return found.filter((part) => part !== "");
}
