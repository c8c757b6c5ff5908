"""Hostile round 27b: the build cache tampered. The checks table's blobs rotated among rows (each row keeps
its source and digest), the contexts table's values rotated, blobs truncated / random; then the cached
check against an empty-cache check and the incremental build against a --clean build."""
from __future__ import annotations

import os
import sqlite3
import sys

from r27b_common import Steps

s = Steps(sys.argv[1] if len(sys.argv) > 1 else "tamper")
db = s.root / ".gkssg/cache.db"
c = s.root / "content"
pdf = c / "ysq/files/ysfa.pdf"


def rotate(table, key, cols):
    con = sqlite3.connect(db)
    rows = con.execute(f"select {key}, {', '.join(cols)} from {table} order by {key}").fetchall()
    for i, row in enumerate(rows):
        nxt = rows[(i + 1) % len(rows)]
        con.execute(f"update {table} set {', '.join(c + '=?' for c in cols)} where {key}=?", (*nxt[1:], row[0]))
    con.commit(); con.close()
    return len(rows)


def blobs(table, fn):
    con = sqlite3.connect(db)
    for rowid, b in con.execute(f"select rowid, blob from {table}").fetchall():
        con.execute(f"update {table} set blob=? where rowid=?", (fn(b), rowid))
    con.commit(); con.close()


# make one document carry a finding kept in the cache: the PDF's head made HTML (GK724)
data = pdf.read_bytes()
pdf.write_bytes(b"<html><script>1</script>" + data[24:])
s.step("pdf head HTML (a GK724 to keep)")
s.step("again (cache warm)")
n = rotate("checks", "source", ["blob"])
s.step(f"checks blobs rotated among {n} rows (source+digest kept)", build=False)
n = rotate("checks", "source", ["blob"])
s.step("rotated again; build too")
n = rotate("contexts", "path", ["inputs", "base"])
s.step(f"contexts rows rotated ({n})")
blobs("checks", lambda b: b[: len(b) // 2])
s.step("checks blobs truncated")
blobs("checks", lambda b: os.urandom(len(b)))
s.step("checks blobs random")
n = rotate("docs", "source", ["blob"])
s.step(f"docs blobs rotated ({n})")
with open(db, "r+b") as f:
    f.seek(8192); f.write(os.urandom(4096))
s.step("cache.db page random bytes")
for label, v in s.rows:
    print(f"| {label} | {v} |")
