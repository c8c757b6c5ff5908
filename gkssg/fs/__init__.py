"""File-system primitives every stage shares: atomic files, fast stat, symlink-safe paths, the publish gate."""
