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
