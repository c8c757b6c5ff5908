"""Round 36, row 3: a stale, damaged or planted fact index (.gkssg/facts.db) under check --changed's GK120.

The index is trusted once its stamp matches and its blob ids agree with git: the columns GK120 reads (idx,
disclosure, published, slug) are not re-derived. Each case: the standard site built and committed, one body edit
(nothing GK120 should say), the index tampered, then check --changed / check / build."""
from __future__ import annotations

import sqlite3
import sys

from r36_common import committed, standard, verdict


def tamper(site, *sql):
    conn = sqlite3.connect(site / ".gkssg/facts.db")
    with conn:
        for statement in sql:
            conn.execute(statement)
    conn.close()


QJ = "source LIKE 'content/qj/%'"
CASES = {
    "published 'garbage' in 14 rows": (f"UPDATE facts SET published='garbage' WHERE {QJ}",),
    "published '2024-3-1' (not zero-padded) in 14 rows": (f"UPDATE facts SET published='2024-3-1' WHERE {QJ}",),
    "published year 0 '0000-01-01' in 14 rows": (f"UPDATE facts SET published='0000-01-01' WHERE {QJ}",),
    "published an integer 20240301 in 14 rows": (f"UPDATE facts SET published=20240301 WHERE {QJ}",),
    "slug NULL in every row": ("UPDATE facts SET slug=NULL",),
    "slug NULL in one row": ("UPDATE facts SET slug=NULL WHERE source='content/qj/2024-00001.md'",),
    "idx NULL and slug NULL in 14 rows": (f"UPDATE facts SET idx=NULL, slug=NULL WHERE {QJ}",),
    "disclosure flipped to 依申请公开 in 14 rows (planted)": (f"UPDATE facts SET disclosure='依申请公开' WHERE {QJ}",),
    "disclosure NULL in 14 rows": (f"UPDATE facts SET disclosure=NULL WHERE {QJ}",),
    "slug column dropped": ("ALTER TABLE facts DROP COLUMN slug",),
    "schema 3 stamp": ("UPDATE meta SET value='3' || substr(value, 2) WHERE key='stamp'",),
    "facts a view over a table with the same rows": (
        "CREATE TABLE f2 AS SELECT * FROM facts", "DROP TABLE facts", "CREATE VIEW facts AS SELECT * FROM f2"),
    "14 rows missing": (f"DELETE FROM facts WHERE {QJ}",),
    "a row for a file that is not there": (
        "INSERT INTO facts SELECT 'content/qj/ghost.md', digest, blob, 'X/ghost', 'X/ghost', 'X/GHOST', NULL, publisher,"
        " genre, disclosure, published, report, lifecycle, 'X-ghost' FROM facts LIMIT 1",),
}


def main() -> int:
    broken = 0
    for n, (label, sql) in enumerate(CASES.items()):
        site = committed(f"facts-{n}", standard())
        path = site / "content/cq/2019-00001.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n补充一段正文。\n", encoding="utf-8")  # a body edit
        tamper(site, *sql)
        found = verdict(f"{label}; submission: one body edit", site)
        if found["quick"]["traceback"]:
            print("   traceback:", found["quick"]["stderr"].splitlines()[-1][:200])
        broken += found["state"] == "BROKEN"
    for label, content in (("facts.db an empty file", b""), ("facts.db garbage bytes", b"SQLite format 3\0" + b"x" * 4000)):
        site = committed(f"facts-file-{len(content)}", standard())
        (site / ".gkssg/facts.db").write_bytes(content)
        for path in sorted((site / "content/qj").glob("*.md")):
            path.unlink()
        found = verdict(f"{label}; submission: qj/ emptied (GK120)", site)
        broken += found["state"] == "BROKEN"
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
