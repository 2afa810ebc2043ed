"""Adapters to the tools around: the MkDocs hook and Babel's extractors. Only here is MkDocs imported."""
