"""The validated knowledge base: immutable records, their indexes, and pure views of them
(dates, languages, profiles, facets, the build's context)."""
