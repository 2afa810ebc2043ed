"""CICA Knowledge Base: YAML data → validated knowledge base → pages."""
