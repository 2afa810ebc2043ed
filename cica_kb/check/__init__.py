"""Checking the data: the JSON Schemas, the cross-record rules, the rules for translations; every problem
at once, then the knowledge base."""
