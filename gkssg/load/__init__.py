"""Load: catalog.yaml, content files and the site model built from them (no checks, no output)."""
