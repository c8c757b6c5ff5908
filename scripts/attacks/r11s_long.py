"""Round 11s: the time a long query takes the search page (search.js has no MAX_QUERY; `gkssg search` reads 100
characters), today's search.js against main's previous one (8cb03cc: no loose fallback) on the same format-9
index, to tell which part costs: OUT is a built site (10,000 generated documents), OLDJS a copy of it with
8cb03cc's search.js under the same name. Queries are distinct two-character words of the index, commonest first,
joined by spaces and cut to N characters.

Run: python scripts/attacks/r11s_long.py OUT OLDJS [N ...]
"""
from __future__ import annotations

import sys
from pathlib import Path

from r11s_common import REPO, Browser, verdict

sys.path.insert(0, str(REPO / "tests"))


def query(out: Path, n: int) -> str:
    from search_reader import StaticIndexReader
    r = StaticIndexReader(out)
    words = sorted(((k, v[0]) for k, v in r.all_terms().items() if len(k) == 2 and not k.startswith("#")
                    and all("\u4e00" <= c <= "\u9fff" for c in k)), key=lambda x: (-x[1], x[0]))
    return " ".join(w for w, _n in words)[:n]


def main(out: Path, oldjs: Path, sizes: list[int]) -> bool:
    ok = True
    for folder, label in ((out, "today's search.js"), (oldjs, "8cb03cc's search.js")):
        b = Browser(folder)
        b.timeout = 60
        try:
            for n in sizes:
                status, links, took, size = b.shown(query(out, n))
                ok &= verdict(f"{label}, {n} characters", took < 10, f"{took:.1f} s, {size:,} B, '{status[:40]}'",
                              "an answer within 10 s")
                if took >= 60:
                    break  # the renderer is still busy: a new page
        finally:
            b.close()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1]), Path(sys.argv[2]), [int(x) for x in sys.argv[3:]] or [1000, 2000, 3000]) else 1)
