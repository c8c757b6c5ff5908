"""Round 15: `gkssg search --date D` with D moving back and forth: an earlier date makes later documents
scheduled (deleted from whoosh), a later one expires documents (有效期至: 失效, weight 0.6, fingerprint
changed) — the whoosh index is shared by every date. After each search: its order and scores against
`--reindex` on a copy at the same date; at the build date, against the static pages 1–5.

Run: python scripts/attacks/r15_dates.py SITE
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from r15_common import build, setup
from search_reader import StaticIndexReader

PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
QUERIES = ["工作", "管理", "政府信息"]


def search(site: Path, date: str, q: str, *extra: str) -> list:
    r = subprocess.run([PY, "-c", "from gkssg.commands.cli import main; main()", "search", q, "--json", "--limit",
                        "10000", "--site", str(site), "--date", date, *extra], env=ENV, capture_output=True, text=True,
                       timeout=1200, check=True)
    return [(x["url"], x["score"], x["validity"]) for x in json.loads(r.stdout)]


def main() -> None:
    site, out, date = setup(Path(sys.argv[1]), Path("/tmp/h15/dates"))
    build(site, out, date)
    reader = StaticIndexReader(out)
    for d in [str(date), "2026-12-20", str(date), "2027-01-15", "2026-11-25", "2027-01-15", str(date)]:
        for q in QUERIES:
            a = search(site, d, q)
            copy = site.parent / "copy"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(site, copy)
            b = search(copy, d, q, "--reindex")
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)
            line = f"--date {d} {q}: {len(a)} results vs --reindex {len(b)}: same {a == b} first differing {first}"
            if first is not None:
                line += f" {a[first]} vs {b[first]}"
            if d == str(date):
                urls = [u for u, _s, _v in a]
                pages = [n for n in range(1, 6) if reader.page(q, n) != urls[(n - 1) * 10:n * 10]]
                line += f"; static pages differing {pages}"
            print(line, flush=True)
        from whoosh import index
        ix = index.open_dir(str(site / ".gkssg/search/whoosh"))
        print(f"  whoosh live/all {ix.doc_count()}/{ix.doc_count_all()} segments {len(ix._segments())}", flush=True)


if __name__ == "__main__":
    main()
