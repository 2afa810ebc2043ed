"""Knowledge base → every generated file beside the pages (downloads, feeds, calendar, citations, sitemap),
and the whole site source: pages and files as `{path: content}`."""
