"""Round 7: the fact index rows the one-edit build path writes (fastpath._remember → facts.update,
from a mini-site of the changed documents) must be the rows a full check writes from the whole
site: `check --changed` answers from them. After each fast-path build, every table of
.gkssg/facts.db (meta left out) is compared with that of a fresh full build of a copy.
"""
from __future__ import annotations

import shutil
import sqlite3
import sys
import time
from pathlib import Path

from r7_common import DATE, GEN, append, build, built, said_fast, verdict

TABLES = ("facts", "links", "owned", "refs", "columns", "hosts")


def rows(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    try:
        return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}"))) for t in TABLES}
    finally:
        conn.close()


def fresh_rows(s: Path) -> dict[str, list]:
    twin = s.parent / "twin"
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(s, twin / "site", ignore=shutil.ignore_patterns(".gkssg"))
    build(twin / "site", twin / "out")
    found = rows(twin / "site" / ".gkssg" / "facts.db")
    shutil.rmtree(twin, ignore_errors=True)
    return found


EDITS = [
    ("public body: external link", lambda s: append(s / GEN / "d000006.md", "\n见[国务院](https://www.gov.cn/zhengce/)。\n")),
    ("public body: second link same host", lambda s: append(s / GEN / "d000007.md", "\n见[国务院](https://www.gov.cn/a)。\n")),
    ("public body: doc: link to another", lambda s: append(s / GEN / "d000008.md", "\n另见[文件](doc:11500000009275780L/2022-00002)。\n")),
    ("non-public body: link to a public doc", lambda s: append(s / GEN / "d000011.md", "\n另见[文件](doc:11500000009275780L/2022-00002)。\n")),
    ("non-public body: relative .md link", lambda s: append(s / GEN / "d000011.md", "\n另见[文件](d000013.md)。\n")),
    ("future body: external link", lambda s: append(s / GEN / "d000012.md", "\n见[网](https://example.org/x)。\n")),
    ("public body: link to the future doc", lambda s: append(s / GEN / "d000006.md", "\n另见[将来](d000012.md)。\n")),
    ("public body: image", lambda s: append(s / GEN / "d000013.md", "\n![图](https://www.gov.cn/a.png)\n")),
]


def main() -> bool:
    d, s, out, (rc, o, e) = built("facts_rows", 60)
    ok = True
    for name, edit in EDITS:
        time.sleep(0.2)
        edit(s)
        rc, o, e = build(s, out, DATE, "-v")
        mine, theirs = rows(s / ".gkssg" / "facts.db"), fresh_rows(s)
        diff = {t: (sorted(set(mine[t]) - set(theirs[t]))[:3], sorted(set(theirs[t]) - set(mine[t]))[:3])
                for t in TABLES if mine[t] != theirs[t]}
        ok &= verdict(f"facts rows after: {name}", rc in (0, 1) and not diff,
                      f"rc {rc} {said_fast(o, e)}; tables differ: {diff}", "the full build's rows")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
