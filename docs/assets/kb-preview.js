// Previews only (`make serve`): says whether the page shows the latest edit, from preview.json, which
// the preview loop rewrites after each edit (cica_kb/preview.py). Text only, never markup, in the build's
// language (kb-strings.js beside this script; English if it does not load).
const script = document.currentScript;
const statusUrl = new URL(script.dataset.status, location.href);
const base = new URL("./", statusUrl).pathname;
const strings = import(new URL("kb-strings.js", script.src).href)
  .catch(() => import(new URL("kb-i18n.js", script.src).href).then((module) => ({ default: module.ENGLISH })))
  .then((module) => module.default);

function message(status, here, t) {
  if (status.state === "problems") {
    return t.ngettext(
      "The data has %(num)d problem; this preview shows the last version without it. First: %(first)s (all are listed where make serve runs).",
      "The data has %(num)d problems; this preview shows the last version without them. First: %(first)s (all are listed where make serve runs).",
      status.problems.length, { first: status.problems[0] });
  }
  const files = status.edited.join(", ");
  return status.fresh.includes(here)
    ? t._("This page shows your edit to %(files)s. Lists, downloads and search follow in a few seconds.", { files })
    : t._("This page may not show your latest edit to %(files)s yet: it is being rebuilt and reloads by itself.", { files });
}

function render(status, t) {
  let box = document.getElementById("kb-preview-status");
  if (!status || status.state === "current") {
    if (box) box.remove();
    return;
  }
  if (!box) {
    box = document.createElement("div");
    box.id = "kb-preview-status";
    box.className = "kb-preview-status";
    box.setAttribute("role", "status");
    document.body.prepend(box);
  }
  const path = location.pathname;
  box.textContent = message(status, path.startsWith(base) ? path.slice(base.length) : path, t);
}

function check() {
  Promise.all([fetch(statusUrl, { cache: "no-store" }).then((response) => (response.ok ? response.json() : null)), strings])
    .then(([status, t]) => render(status, t))
    .catch(() => render(null));
}

if (window.document$) window.document$.subscribe(check);
else check();
