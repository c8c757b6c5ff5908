"""Round 13: phrases of three or four bigrams (4–5 Chinese characters) on a built site, with
window.gkssgCopiesFrom = 0 (candidates from the scores-only copies) and search.js's default: every page of
search.js = `gkssg search`'s documents in order, pages 1–3 as shown, the count line honest, no console error,
and each strict (not relaxed) result of the command really holds the phrase (its text, tags and spaces removed).
Phrases: the commonest 4- and 5-character runs of the public documents; two common bigrams glued that are
rarely adjacent; runs across punctuation (the punctuation dropped); each with year / topic / agency filters,
with a second word, and by date.

Run: python scripts/attacks/r13_phrases.py SITE OUT [COPIES ...]   (COPIES: 0 or default)
"""
from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

from r13_common import Page, compare, doc_text, index_of, load_date, verdict

HAN = re.compile(r"[\u4e00-\u9fff]+")


def phrases(out: Path) -> dict[str, list[str]]:
    texts = [doc_text(out, "docs/" + p.name) for p in sorted((out / "docs").glob("*.html"))]
    four, five, bi, punct = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
    for t in texts:
        for run in HAN.findall(t):
            for i in range(len(run) - 1):
                bi[run[i:i + 2]] += 1
            for i in range(len(run) - 3):
                four[run[i:i + 4]] += 1
            for i in range(len(run) - 4):
                five[run[i:i + 5]] += 1
        for m in re.finditer(r"([\u4e00-\u9fff]{2})[，。、；：]([\u4e00-\u9fff]{2})", t):
            punct[m.group(1) + m.group(2)] += 1
    common_bi = [b for b, _n in bi.most_common(40)]
    joined = " ".join(texts)
    apart = []
    for a in common_bi[:20]:
        for b in common_bi[:20]:
            if a != b and joined.count(a + b) <= 2 and len(apart) < 6:
                apart.append(a + b)
    return {"four": [w for w, _n in four.most_common(6)], "five": [w for w, _n in five.most_common(4)],
            "apart": apart, "punct": [w for w, _n in punct.most_common(4)]}


def main(s: Path, out: Path, copies: list[str]) -> bool:
    date = load_date(s)
    ix = index_of(s, date)
    kinds = phrases(out)
    print(kinds, flush=True)
    from gkssg.search.query import Filters, search
    ok = True
    # each result of the command really holds the phrase
    for kind, ws in kinds.items():
        bad = []
        for w in ws:
            _t, res = search(ix, w, Filters(), limit=None)
            bad += [(w, r.url) for r in res if not r.relaxed and w not in doc_text(out, r.url)]
        ok &= verdict(f"command {kind}: results hold the phrase", not bad, f"{bad[:4]}", "every result holds it")
    import json
    facets = json.loads((out / "search" / "manifest.json").read_text(encoding="utf-8"))["facets"]
    year, topic, agency = facets["year"][2][0], facets["topic"][0][0], facets["agency"][1][0]
    for c in copies:
        page = Page(out, None if c == "default" else int(c))
        try:
            for kind, ws in kinds.items():
                for w in ws:
                    cases = [({}, "relevance"), ({}, "date"), ({"year": year}, "relevance"), ({"topic": topic}, "relevance"),
                             ({"agency": agency}, "date")]
                    mism = []
                    for f, sort in cases:
                        d = compare(ix, out, page, w, f, sort)
                        if d:
                            mism.append((f, sort, d))
                    d = compare(ix, out, page, w + " " + kinds["four"][0][:2], {}, "relevance")
                    if d:
                        mism.append(("+word", d))
                    ok &= verdict(f"copies={c} {kind} {w}", not mism, f"{mism[:2]}", "= command, count honest")
        finally:
            page.close()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:] or ["0", "default"]) else 1)
