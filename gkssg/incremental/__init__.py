"""Incremental builds: the cache, the manifest and the stamps that skip unchanged work."""
