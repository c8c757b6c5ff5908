"""Features: each column kind and cross-document feature behind one protocol."""
