"""Files in an output folder that gkssg did not write (a user's upload, an .htaccess).

gkssg replaces its output folder as a whole, so anything else in it would be deleted by the
next build that changes the output: build/outguard.py refuses such a build (GK059), and the
folder proof (incremental/outproof.py) never vouches for a folder that holds such files.
Standard library only: a no-op build imports this.
"""

from __future__ import annotations

import os

from gkssg.fs.outmarker import MARKER


def foreign_files(path: str, listing: dict[str, set[str]], folders: list[str] | None = None) -> list[str]:
    """Files (and symlinks) in the output `path` that gkssg did not write: not in `listing` (folder →
    names, the last build's manifest). Looked for in every folder (None), or only in `folders`, the
    ones whose folder proof does not hold (incremental/outproof.py: a file added or removed changes
    its folder), and below the folders found there that the manifest does not know at all."""
    known = {""}
    for folder in listing:
        while folder and folder not in known:
            known.add(folder)
            folder = folder.rpartition("/")[0]
    queue = [""] if folders is None else sorted(set(folders) & known)
    foreign: list[str] = []
    while queue:
        folder = queue.pop()
        try:
            with os.scandir(os.path.join(path, folder)) as entries:
                found = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries]
        except (FileNotFoundError, NotADirectoryError):
            continue
        names = listing.get(folder, set())
        for name, is_dir in found:
            rel = f"{folder}/{name}" if folder else name
            if is_dir:
                if rel not in known:
                    foreign.extend(_everything(path, rel))
                elif folders is None:
                    queue.append(rel)
            elif name not in names and rel != MARKER:
                foreign.append(rel)
    return sorted(foreign)


def _everything(path: str, rel: str) -> list[str]:
    """Every file below the folder `path/rel` (the folder itself when it is empty)."""
    found = []
    for folder, dirs, files in os.walk(os.path.join(path, rel)):
        found += [os.path.relpath(os.path.join(folder, name), path).replace(os.sep, "/")
                  for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]]
    return found or [rel + "/"]
