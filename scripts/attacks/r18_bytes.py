"""Round 18, claim (e): bytes fetched under search/ for one query, the new search.js against the one
of 4993de9 (before the exact count: the static index's format is the same), on the same built site
(a copy of public/ with the old search.js put in place of the new one's file). Each query opened in a
fresh context (nothing cached), page 1.

    PYTHONPATH=$PWD:scripts/attacks python scripts/attacks/r18_bytes.py /tmp/h18/s300 q1 q2 …"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from r18_common import Browser, index_of, serve, truth

REPO = Path(__file__).resolve().parents[2]


def old_copy(public: Path) -> Path:
    old = public.parent / "public-4993de9"
    if old.exists():
        shutil.rmtree(old)
    shutil.copytree(public, old)
    js = next((old / "static").glob("search.*.js"))
    js.write_bytes(subprocess.run(["git", "-C", str(REPO), "show", "4993de9:themes/default/static/search.js"],
                                  check=True, capture_output=True).stdout)
    return old


def main() -> int:
    site = Path(sys.argv[1])
    ix = index_of(site)
    old = old_copy(site / "public")
    rows = {q: {"q": q, "truth": truth(ix, q)[0]} for q in sys.argv[2:]}
    for name, folder in (("new", site / "public"), ("old", old)):
        with serve(folder) as base:
            b = Browser(base)
            for q in rows:
                s = b.said(q, 1)
                rows[q][name] = [s["kind"], s["n"], s["requests"], s["bytes"]]
                rows[q][name + "_errors"] = b.errors[:1]
                b.errors.clear()
            b.close()
    for row in rows.values():
        row["ratio"] = round(row["new"][3] / max(1, row["old"][3]), 2)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    shutil.rmtree(old)
    return 0


if __name__ == "__main__":
    sys.exit(main())
