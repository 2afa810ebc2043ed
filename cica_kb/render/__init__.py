"""Knowledge base → Markdown pages: Jinja templates, safe text, the structure diagram, the form's settings,
the scripts' strings."""
