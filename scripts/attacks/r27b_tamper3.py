"""Hostile round 27b: cache tampering with builds that pass, so outputs are compared: the contexts table's
fingerprints (base) rotated with their keys (inputs) kept, then an edit; the whole cache.db cut in half;
the checks blobs rotated with a document withdrawn."""
from __future__ import annotations

import sqlite3
import sys

from r27b_common import Steps

s = Steps(sys.argv[1] if len(sys.argv) > 1 else "tamper3")
db = s.root / ".gkssg/cache.db"
c = s.root / "content"


def rotate(table, key, cols):
    con = sqlite3.connect(db)
    rows = con.execute(f"select {key}, {', '.join(cols)} from {table} order by {key}").fetchall()
    for i, row in enumerate(rows):
        nxt = rows[(i + 1) % len(rows)]
        con.execute(f"update {table} set {', '.join(x + '=?' for x in cols)} where {key}=?", (*nxt[1:], row[0]))
    con.commit(); con.close()
    return len(rows)


n = rotate("contexts", "path", ["base"])
d = c / "ysq/2025-90002.md"
d.write_text(d.read_text(encoding="utf-8").replace("标题: 演示区人民政府办公室关于", "标题: 演示区人民政府办公室（改）关于"), encoding="utf-8")
s.step(f"contexts base rotated ({n}) then a title edit")
n = rotate("contexts", "path", ["inputs"])
s.step(f"contexts inputs rotated ({n})")
n = rotate("checks", "source", ["blob"])
t = c / "ysq/2025-90003.md"
t.write_text(t.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"), encoding="utf-8")
s.step(f"checks blobs rotated ({n}), a document withdrawn")
size = db.stat().st_size
with open(db, "r+b") as f:
    f.truncate(size // 2)
s.step("cache.db truncated to half")
for label, v in s.rows:
    print(f"| {label} | {v} |")
