"""Round 11s: what a query costs the search page (seconds, bytes fetched) on a generated site of 10,000
documents (benchmarks/generate.py 10000 DIR --seed 1 --body-chars 300, built at its build date), for queries
built from the index's own document frequencies to be the loose fallback's worst cases, and for long queries
(search.js has no MAX_QUERY). The command's time (query.search in-process) beside it.

Run: python scripts/attacks/r11s_cost.py SITE OUT   (OUT may be a copy served with 8cb03cc's search.js)
"""
from __future__ import annotations

import datetime
import json
import sys
import time
from pathlib import Path

from r11s_common import REPO, Browser, verdict

sys.path.insert(0, str(REPO / "tests"))


def queries(out: Path) -> list[tuple[str, str]]:
    from search_reader import StaticIndexReader
    r = StaticIndexReader(out)
    words = sorted(((k, v[0]) for k, v in r.all_terms().items() if len(k) == 2 and not k.startswith("#")
                    and all("\u4e00" <= c <= "\u9fff" for c in k)), key=lambda x: -x[1])
    common = [w for w, _n in words[:40]]
    near = [w for w, n in words if 560 <= n <= 666]
    rare = [w for w, n in words if 40 <= n <= 60]
    mid = [w for w, n in words if 150 <= n <= 400]
    return [
        ("3 near-cap + 3 common", " ".join(near[:3] + common[:3])),
        ("40 rare words", " ".join(rare[:40])),
        ("100 chars: 33 mid words", " ".join(mid[:33])[:100]),
        ("1000 chars: 333 distinct mid words", " ".join(mid[:400])[:1000]),
        ("1000 chars: 333 distinct common-to-mid words", " ".join(w for w, _n in words[:400])[:1000]),
        ("5,000 chars: distinct words", " ".join(w for w, _n in words[:1700])[:5000]),
    ]  # (the 5,000-character query kept Chromium busy past any timeout: r11s_long.py measures the long ones)


def main(s: Path, out: Path) -> bool:
    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    from gkssg.search.query import search
    date = json.loads((s / "generated.json").read_text(encoding="utf-8"))["build_date"]
    loaded, _ = load_and_check(s, datetime.date.fromisoformat(date))
    ix = open_updated_index(loaded)
    b = Browser(out)
    ok = True
    try:
        for name, q in queries(out):
            if len(q) > 1000:
                continue
            t = time.monotonic()
            total, res = search(ix, q, limit=10)
            py = time.monotonic() - t
            status, links, took, size = b.shown(q)
            requests = len(b.fetched)
            ok &= verdict(f"{name} ({len(q)} chars)", took < 5 and size < 3_000_000,
                          f"page {took:.2f} s, {size:,} B in {requests} requests, '{status[:50]}' | command {py:.2f} s, "
                          f"{total} {'relaxed' if any(r.relaxed for r in res) else ''}",
                          "< 5 s and < 3 MB a query")
    finally:
        b.close()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1]), Path(sys.argv[2])) else 1)
