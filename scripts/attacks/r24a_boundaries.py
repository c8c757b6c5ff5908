"""Page boundaries: page_size chosen around the size n of the root column's listing (s = n+1, n, n-1, n/2 …,
1, 10**6) and of a 分类浏览 year value, changed in place (incremental) and checked against a clean build. Every
listing of the output is then verified against render/paging.py's spec: pages front + index_1 … index_{m-1}
(m = max(1, n // s)), each deep page exactly s documents, the front page the rest, index_1 the oldest, every
document once, dates not decreasing from index_1 to the front page; no other index_K file.

    PYTHONPATH=$PWD python scripts/attacks/r24a_boundaries.py [N]
"""
import re
import sys
from collections import defaultdict
from pathlib import Path

from r24a_common import build, check_all, docs, generate, page_size, say

N = int(sys.argv[1]) if len(sys.argv) > 1 else 45
site = generate("bound", N)
page_size(site, 20)
rc, out = build(site)
assert rc == 0, out
pub = Path(site) / "public"
dates = {fm["索引号"].replace("/", "-") + ".html": (fm["发布日期"], fm["索引号"]) for fm in docs(site).values()}
DOC = re.compile(r'href="(?:\.\./)*docs/([^"]+\.html)"')


def listings():
    """front page path → {k: [doc file names]} (k 0: the front page)."""
    groups = defaultdict(dict)
    for p in pub.rglob("*.html"):
        rel = p.relative_to(pub).as_posix()
        m = re.match(r"^(.*?)(?:_(\d+))?\.html$", rel) if rel.startswith("flml/") and rel != "flml/index.html" else \
            re.match(r"^(.*/index)(?:_(\d+))?\.html$", rel)
        if not m or rel == "index.html":
            continue
        body = p.read_text(encoding="utf-8")
        section = body[body.find('id="list-h"'):] if 'id="list-h"' in body else ""
        if not section:
            continue
        groups[m.group(1)][int(m.group(2) or 0)] = DOC.findall(section)
    return groups


def verify(size):
    problems = []
    for base, pages in listings().items():
        n = sum(len(v) for v in pages.values())
        m = max(1, n // size)
        if sorted(pages) != list(range(m)):
            problems.append(f"{base}: pages {sorted(pages)} for n={n} s={size}")
            continue
        seq = []
        for k in list(range(1, m)) + [0]:
            if k and len(pages[k]) != size:
                problems.append(f"{base}_{k}: {len(pages[k])} documents, s={size}")
            seq += list(reversed(pages[k]))
        if len(set(seq)) != len(seq):
            problems.append(f"{base}: a document twice")
        keys = [dates.get(d, ("?", "?")) for d in seq]
        if keys != sorted(keys):
            problems.append(f"{base}: not oldest-first across pages")
    return problems


n_root = sum(len(v) for v in listings()["zwgk/index"].values())
n_year = max((sum(len(v) for v in pages.values()), b) for b, pages in listings().items() if "/nf-" in b)
say(f"root listing n={n_root}; largest year value {n_year}")
n = n_root
sizes = [n + 1, n, n - 1, n // 2 + 1, n // 2, (n - 1) // 2 or 1, n // 2 - 1 or 1, 1, 2, 10 ** 6, n_year[0],
         n_year[0] // 2, 20]
for s in sizes:
    page_size(site, s)
    ok = check_all(site, f"page_size {s}")
    bad = verify(s)
    say(f"{'BROKEN' if bad else 'holds '}\tstructure at page_size {s}\t{bad[:4]} ({len(bad)})")
