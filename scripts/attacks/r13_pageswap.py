"""Round 13, the reproduction of a BROKEN row: pages 1–3 of the search page, as shown, against `gkssg search`
(query.search, limit None) for one query, copies setting (0 or default) and filters, with the count line.

Run: python scripts/attacks/r13_pageswap.py SITE OUT QUERY COPIES [year=2024 sort=date ...]
e.g. SITE = benchmarks/generate.py 1500 SITE --seed 3 --body-chars 700, built at its build date:
     r13_pageswap.py SITE OUT 政府信息 default year=2024
"""
import sys
from pathlib import Path

from r13_common import Page, index_of, load_date

s, out = Path(sys.argv[1]), Path(sys.argv[2])
q, c = sys.argv[3], sys.argv[4]
f = dict(a.split("=") for a in sys.argv[5:])
ix = index_of(s, load_date(s))
from gkssg.search.query import Filters, search  # noqa: E402

total, res = search(ix, q, Filters(**{k: v for k, v in f.items() if k != "sort"}), limit=None, sort=f.get("sort", "relevance"))
py = [r.url.split("/")[-1] for r in res]
p = Page(out, None if c == "default" else int(c))
for n in (1, 2, 3):
    status, links, t, b = p.shown(q, f, page=n)
    links = [x.split("/")[-1] for x in links]
    want = py[10 * (n - 1):10 * n]
    print(n, status[:40], total, "same" if links == want else "DIFF", round(t, 1), b)
    if links != want:
        for i, (a, x) in enumerate(zip(want, links)):
            print("  ", i, a, x, "" if a == x else "<--")
        print("  missing", set(want) - set(links), "extra", set(links) - set(want))
print(p.errors)
p.close()
