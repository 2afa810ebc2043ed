"""The edge of a build: environment and clock, the staged docs tree, the engine run, the search index,
the CSP, the preview."""
