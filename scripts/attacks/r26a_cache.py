"""Hostile round 26a: the build cache's `contexts` table tampered with, dropped, the cache file truncated or
garbage, the cache read-only, rows swapped between pages or carried from another site; after each, a change
and an incremental build vs a clean build of the same inputs.
Usage: python scripts/attacks/r26a_cache.py [CASE ...]"""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26a_common import build, clean_twin, demo_site, edit, verdict  # noqa: E402

D = "2026-01-10"
P3 = "content/ysq/2025-90003.md"


def db(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(root / ".gkssg/cache.db")


def swap_bases(root):
    c = db(root)
    rows = c.execute("SELECT path, inputs, base FROM contexts ORDER BY path").fetchall()
    bases = [r[2] for r in rows]
    bases = bases[1:] + bases[:1]
    c.executemany("UPDATE contexts SET base=? WHERE path=?", [(b, r[0]) for b, r in zip(bases, rows)])
    c.commit()


def null_rows(root):
    c = db(root)
    c.execute("UPDATE contexts SET base=NULL WHERE rowid % 3 = 0")
    c.execute("UPDATE contexts SET inputs=7 WHERE rowid % 3 = 1")
    c.execute("INSERT OR REPLACE INTO contexts VALUES ('../../etc/passwd', 'x', 'y')")
    c.commit()


def drop(root):
    c = db(root)
    c.execute("DROP TABLE contexts")
    c.commit()


def truncate(root):
    f = root / ".gkssg/cache.db"
    f.write_bytes(f.read_bytes()[:5000])


def garbage(root):
    (root / ".gkssg/cache.db").write_bytes(os.urandom(40000))


def readonly(root):
    for p in [root / ".gkssg", *(root / ".gkssg").rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)


def foreign(root):
    """The contexts rows of a site whose 2025-90003 has another title, under the same paths."""
    other = demo_site("cache_foreign_src")
    edit(other / "content/ysq/2022-90002.md", "老旧小区改造实施办法的通知", "老旧小区改造实施办法的通知（别站）")
    build(other, D)
    src = db(other).execute("SELECT path, inputs, base FROM contexts").fetchall()
    c = db(root)
    c.executemany("INSERT OR REPLACE INTO contexts VALUES (?, ?, ?)", src)
    c.commit()


CASES = {"swap_bases": swap_bases, "null_rows": null_rows, "drop": drop, "truncate": truncate,
         "garbage": garbage, "readonly": readonly, "foreign": foreign}


def run(name, tamper):
    root = demo_site(f"cache_{name}")
    build(root, D)
    build(root, D)
    tamper(root)
    edit(root / P3, "（2025年版）", "（2025年修订版）")
    p = build(root, D, check=False)
    print(f"   rc={p.returncode} {p.stdout.strip().splitlines()[-1][:100] if p.stdout.strip() else ''}"
          f" {p.stderr.strip()[-300:]}")
    if p.returncode == 0:
        verdict(name, root / "public", clean_twin(root, D))
    p2 = build(root, D, check=False)  # and the build after
    if p2.returncode == 0:
        verdict(name + " (next build)", root / "public", clean_twin(root, D))
    if name == "readonly":
        for q in [root / ".gkssg", *(root / ".gkssg").rglob("*")]:
            q.chmod(0o755 if q.is_dir() else 0o644)


if __name__ == "__main__":
    for n in sys.argv[1:] or CASES:
        run(n, CASES[n])
