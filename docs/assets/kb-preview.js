// Previews only (`make serve`): says whether the page shows the latest edit, from preview.json, which
// the preview loop rewrites after each edit (cica_kb/preview.py). Text only, never markup.
const script = document.currentScript;
const statusUrl = new URL(script.dataset.status, location.href);
const base = new URL("./", statusUrl).pathname;

function message(status, here) {
  if (status.state === "problems") {
    const count = status.problems.length;
    return `The data has ${count} problem${count === 1 ? "" : "s"}; this preview shows the last version without them. ` +
      `First: ${status.problems[0]} (all are listed where make serve runs).`;
  }
  const edited = status.edited.join(", ");
  return status.fresh.includes(here)
    ? `This page shows your edit to ${edited}. Lists, downloads and search follow in a few seconds.`
    : `This page may not show your latest edit to ${edited} yet: it is being rebuilt and reloads by itself.`;
}

function render(status) {
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
  box.textContent = message(status, path.startsWith(base) ? path.slice(base.length) : path);
}

function check() {
  fetch(statusUrl, { cache: "no-store" })
    .then((response) => (response.ok ? response.json() : null))
    .then(render)
    .catch(() => render(null));
}

if (window.document$) window.document$.subscribe(check);
else check();
