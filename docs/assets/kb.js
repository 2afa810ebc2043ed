// CICA Knowledge Base: "Skip to content" moves keyboard focus to the page's heading, not only the view.
// A heading is not focusable, so following the link would leave focus on the page itself (WCAG 2.4.1),
// and the browser's own jump fires popstate, on which Material's instant navigation redraws the page.
window.addEventListener("click", (event) => {
  const skip = event.target instanceof Element ? event.target.closest("a.md-skip") : null;
  const target = skip && document.getElementById(decodeURIComponent(skip.hash.slice(1)));
  if (target) {
    event.preventDefault();
    event.stopPropagation();
    history.pushState(history.state, "", skip.hash);
    target.setAttribute("tabindex", "-1");
    target.focus();
  }
}, true);

// A table wider than the screen scrolls sideways in Material's wrapper. The wrapper then takes keyboard focus (the
// arrow keys scroll it) and is a region named after the section it is in, so a keyboard alone reaches every column
// (WCAG 2.1.1; axe: scrollable-region-focusable). A table that fits is left as it is.
function markScrollingTables() {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const before = [...document.querySelectorAll(".md-typeset :is(h1, h2, h3, h4, h5, h6)")]
        .filter((heading) => heading.compareDocumentPosition(wrap) & Node.DOCUMENT_POSITION_FOLLOWING);
      const name = before.pop()?.textContent.replace("¶", "").trim();
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      if (name) wrap.setAttribute("aria-label", name);
    } else if (wrap.getAttribute("role") === "region") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }
}
let tablesTimer = 0;
const markSoon = () => { clearTimeout(tablesTimer); tablesTimer = setTimeout(markScrollingTables, 100); };
window.addEventListener("resize", markSoon);
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(markSoon);
else window.addEventListener("load", markSoon);
