"""Round 14: the search page (search.js in headless Chromium: gkssgSearch.top for pages 1–5 and a few later,
pages 1–5 as shown, the count line) against `gkssg search` (query.search, limit None) after d8cd392 (both rank by
one integer, search.js's bounds half a point below the k-th). Queries: common words, two words, phrases from
titles, relaxed forms (one wrong character), the most-of-the-words fallback (a long title with three wrong
characters); filters year / topic / agency; date sort; documents 失效/废止 (the 0.6 weight) among them.

Run: python scripts/attacks/r14_pages.py SITE OUT [MAX_QUERIES]   (OUT built from SITE at its build date)
"""
import json
import random
import sys
from pathlib import Path

from r13_common import Page, compare, index_of, load_date

WRONG = "甲乙丙丁戊己庚辛壬癸"


def queries(ix, rng: random.Random) -> list[str]:
    with ix.searcher() as s:
        rows = [json.loads(f["data"]) if isinstance(f["data"], str) else f["data"] for f in s.all_stored_fields()]
    titles = [r["title"] for r in rows if len(r.get("title", "")) >= 14]
    weak = [r["title"] for r in rows if r.get("validity") in ("失效", "废止") and len(r.get("title", "")) >= 8]
    qs = ["工作", "管理", "通知", "建设", "服务", "公开 工作", "加强 管理", "人民政府 通知", "政府信息"]
    for t in rng.sample(titles, 4) + rng.sample(weak, min(3, len(weak))):
        i = rng.randrange(2, len(t) - 6)
        qs.append(t[i:i + 4])  # a phrase
        w = list(t[i:i + 6])
        w[2] = rng.choice(WRONG)
        qs.append("".join(w))  # relaxed: one wrong character
    for t in rng.sample(titles, 3):
        w = list(t)
        for j in rng.sample(range(1, len(t) - 1), 3):
            w[j] = rng.choice(WRONG)
        qs.append("".join(w))  # the most-of-the-words fallback
    return qs


def main() -> None:
    s, out = Path(sys.argv[1]), Path(sys.argv[2])
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    ix = index_of(s, load_date(s))
    rng = random.Random(14)
    with ix.searcher() as se:
        years, topics, agencies = ([t.decode() if isinstance(t, bytes) else t for t in se.lexicon(name)]
                                   for name in ("year", "topic", "agency"))
    settings = [({}, "relevance"), ({}, "date"), ({"year": years[-2]}, "relevance"), ({"topic": topics[0]}, "relevance"),
                ({"agency": agencies[0]}, "relevance"), ({"year": years[-1]}, "date")]
    page = Page(out)
    bad = n = 0
    for q in queries(ix, rng):
        for f, sort in settings:
            if n >= limit:
                break
            n += 1
            try:
                m = compare(ix, out, page, q, f, sort, shown_pages=(1, 2, 3, 4, 5))
            except Exception as e:  # noqa: BLE001 - a throw is a finding
                m = [("throws", repr(e)[:200])]
            if m:
                bad += 1
                print("DIFF", repr(q), f, sort, m[:3], flush=True)
    print(f"{n} query settings, {bad} differing")
    page.close()


if __name__ == "__main__":
    main()
