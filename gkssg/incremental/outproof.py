"""The folder proof: an output folder is as its manifest says without a `stat` of every file.

A no-op build used to stat every file of the manifest (805,000 at 100,000 documents: 1.3 s).
Deleting, adding or renaming a file changes its folder's mtime, so after a successful build
the cache keeps, per folder of the manifest, the folder's (mtime, ctime, inode, device), and
the time the build started. The next build stats the folders only (a few hundred) and the files
of a folder only where the folder does not prove itself:

  - its stat differs from the recorded one (a file deleted, added or renamed there, the folder
    replaced), or it is missing;
  - its recorded mtime is not older than the recording build's start minus RACY_SECONDS: the
    build (or someone else meanwhile) changed it so recently that a second change within the
    same timestamp tick would not show (the "racy git" problem, for folders). The ctime is
    compared too but need not be old: a file added or removed changes the mtime.

Those folders' files are checked as before (every name with its recorded size), and when they
pass, the proof is refreshed (their stat as taken before that check). A build that changed the
output does that check itself right after recording the proof (`record(..., settle=True)`), so
the first no-op after it pays only for the folders it changed in its last RACY_SECONDS, not for
every folder it wrote (at 100,000 documents all 98,000 pages share one folder).

The proof names the manifest it was taken from by the manifest's identity (the file's stat, the
build its output marker names, the cache version: cache.manifest_identity) and its number of
files: a no-op whose proof holds for every folder compares those and reads no manifest at all.
A proof vouches only for the manifest it names: with another manifest in its place (a cache
copied or restored by hand; a build drops the proof before it replaces the manifest), every
folder is checked file by file, and the refreshed proof names that manifest.

The accepted risk: a file of the output rewritten in place (same name, any size) does not
change its folder, and is not seen by a build that trusts the proof. `gkssg build --verify`
renders and writes every file again (docs/build-engine.md).

Standard library only: a no-op build imports this.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

from gkssg.fs.foreign import foreign_files
from gkssg.incremental import manifest
from gkssg.incremental.cache import RACY_SECONDS, BuildCache, output_key

RACY_NS = int(RACY_SECONDS * 1e9)


def _key(out: Path) -> str:
    return "output_proof " + output_key(out)


def _stats(out: str, folders: list[str]) -> list[list[int] | None]:
    found: list[list[int] | None] = []
    for folder in folders:
        try:
            st = os.lstat(os.path.join(out, folder) if folder else out)
        except OSError:
            found.append(None)
            continue
        found.append([st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev] if stat.S_ISDIR(st.st_mode)
                     else None)
    return found


def _proof(since_ns: int, listing: manifest.Listing, stats: list, identity: list | None) -> str:
    return json.dumps({"since": since_ns, "folders": listing[0], "stats": stats, "manifest": identity,
                       "files": manifest.count(listing)})


def record(cache: BuildCache, out: Path, since_ns: int, processes: int | None = None, settle: bool = False) -> None:
    """Store the proof of `out` as its manifest now lists it; `since_ns`: when the build started
    (a folder changed after that minus RACY_SECONDS proves nothing). `settle`: then check the
    folders it cannot vouch for file by file, as the next no-op would (`intact`), so that the next
    no-op does not have to."""
    identity = cache.manifest_identity(out)
    listing = cache.manifest_listing(out)
    if listing is None:
        forget(cache, out)
        return
    if identity != cache.manifest_identity(out):
        identity = None  # replaced while it was read: the proof does not name it
    cache.put_meta(_key(out), _proof(since_ns, listing, _stats(str(out), listing[0]), identity))
    if settle:
        intact(cache, out, listing, processes, identity)


def forget(cache: BuildCache, out: Path) -> None:
    cache.put_meta(_key(out), None)


def _parsed(stored: str | None) -> dict | None:
    try:
        proof = json.loads(stored) if stored else None
        return proof if isinstance(proof, dict) else None
    except ValueError:
        return None


def _proven(proof: dict | None, folders: list[str], now: list[list[int] | None], identity: list | None) -> list[bool]:
    """Per folder: whether its stat `now` is the recorded one, recorded long enough after a change,
    by a proof of the manifest whose identity is `identity` (a proof of another manifest, or of
    none, vouches for nothing: the names that manifest lists were never checked)."""
    try:
        if proof is not None and identity is not None and proof["manifest"] == identity \
                and proof["folders"] == folders and len(proof["stats"]) == len(folders):
            limit = int(proof["since"]) - RACY_NS
            return [old is not None and old == new and old[0] < limit for old, new in zip(proof["stats"], now)]
    except (ValueError, KeyError, TypeError):
        pass
    return [False] * len(folders)


def doubtful(cache: BuildCache, out: Path, folders: list[str]) -> list[str]:
    """The folders of `out` the proof does not vouch for (all without a proof): the only ones where a file
    can have been added since the proof was taken (build/outguard.py looks for files gkssg did not write there)."""
    identity = cache.manifest_identity(out)
    proven = _proven(_parsed(cache.get_meta(_key(out))), folders, _stats(str(out), folders), identity)
    return [folder for folder, ok in zip(folders, proven) if not ok]


def holds(cache: BuildCache, out: Path, files: int, processes: int | None = None) -> bool:
    """Whether `out` holds every file of its manifest, which lists `files` files (the build stamp's
    question). When the proof names the manifest as it is now and vouches for every folder, that
    is all: no manifest is read and no file stat'ed; else the manifest's listing is checked (`intact`)."""
    identity = cache.manifest_identity(out)
    proof = _parsed(cache.get_meta(_key(out)))
    if identity is not None and proof is not None and proof.get("manifest") == identity \
            and proof.get("files") == files and isinstance(proof.get("folders"), list):
        folders = proof["folders"]
        if all(_proven(proof, folders, _stats(str(out), folders), identity)):
            return True
    listing = cache.manifest_listing(out)
    if listing is None or manifest.count(listing) != files:
        return False
    return intact(cache, out, listing, processes, identity)


def intact(cache: BuildCache, out: Path, listing: manifest.Listing, processes: int | None,
           identity: list | None) -> bool:
    """Whether `out` holds every file of `listing` with its size: proven by the folders' stats where
    the proof allows, by each file's stat elsewhere (manifest.intact). `identity`: the manifest's
    (cache.manifest_identity) as the caller took it before reading `listing` from it (None: unknown;
    the refreshed proof then names no manifest). Taken after the read, it could name a manifest
    that replaced the one read."""
    stored = cache.get_meta(_key(out))
    proof = _parsed(stored)
    folders, names, sizes = listing
    now_ns = time.time_ns()
    now = _stats(str(out), folders)
    proven = _proven(proof, folders, now, identity)
    doubtful = [at for at, ok in enumerate(proven) if not ok]
    if not doubtful:
        return True
    part = ([folders[at] for at in doubtful], [names[at] for at in doubtful], [sizes[at] for at in doubtful])
    if not manifest.intact(out, part, processes):
        return False
    # Every file is there: the stats taken before that check prove these folders from now on
    # (unless the proof changed meanwhile: another build wrote its own), except a folder that
    # holds files gkssg did not write: it stays doubtful, so the next build that changes the
    # output looks there again and refuses to delete them (GK059).
    foreign = foreign_files(str(out), {folder: set(n) for folder, n in zip(folders, names)}, part[0])
    looked = set(part[0])
    for rel in foreign:
        folder = rel.rstrip("/").rpartition("/")[0]
        while folder and folder not in looked:
            folder = folder.rpartition("/")[0]
        if folder in looked:
            now[folders.index(folder)] = None
    if identity != cache.manifest_identity(out):
        identity = None  # the manifest was replaced meanwhile: this proof does not name it
    cache.replace_meta(_key(out), stored, _proof(now_ns, listing, now, identity))
    return True
