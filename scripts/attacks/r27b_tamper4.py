"""Hostile round 27b: the checks table's blobs rotated (sources and digests kept) on a site whose build
passes: is the output (the annual report pages read their parsed tables from these rows) a clean build's?"""
from __future__ import annotations

import sqlite3
import sys

from r27b_common import Steps

s = Steps(sys.argv[1] if len(sys.argv) > 1 else "tamper4")
db = s.root / ".gkssg/cache.db"
s.step("baseline")
con = sqlite3.connect(db)
rows = con.execute("select state, source, blob from checks order by state, source").fetchall()
for i, (state, src, _) in enumerate(rows):
    con.execute("update checks set blob=? where state=? and source=?", (rows[(i + 1) % len(rows)][2], state, src))
con.commit(); con.close()
d = s.root / "content/ysq/2025-90002.md"
d.write_text(d.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
s.step(f"checks blobs rotated ({len(rows)} rows), one body edit, build")
for label, v in s.rows:
    print(f"| {label} | {v} |")
