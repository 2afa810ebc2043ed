"""The tests' support code: projects and builds (site), the browser and its local server (browser),
the built site's links (links), examples from the schemas (schema_examples) and hostile text (hostile)."""
