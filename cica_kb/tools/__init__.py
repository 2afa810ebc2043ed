"""Commands: the command line, scaffolding a record, the pull-request summary, link checks, CODEOWNERS, the browser."""
