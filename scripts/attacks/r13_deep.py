"""Round 13: phrases whose bigrams fill the first 8 positions a posting keeps (field code 9): in 25 documents the
bigrams of 雪松翠柏 each occur 12 times apart, in 5 of them the phrase comes once after those (only the text
can decide it), in 5 others the phrase is in the title only; 雪松翠柏青 the same with a fifth character. Copies 0
and the default; relevance, date, a year; = `gkssg search`, and the strict results hold the phrase.

Run: python scripts/attacks/r13_deep.py
"""
from __future__ import annotations

import sys

import r6_common
from r6_common import DATE, GEN, build
from r13_common import Page, compare, doc_text, index_of, verdict

APART = "雪松在此。" * 12 + "松翠相映。" * 12 + "翠柏成行。" * 12 + "柏青如故。" * 12


def main() -> bool:
    where = r6_common.fresh("deep")
    s = r6_common.site(where, 60, body_chars=200)
    for i in range(20, 45):
        f = s / GEN / f"d{i:06d}.md"
        t = f.read_text(encoding="utf-8")
        if 30 <= i < 35:
            t = t.replace("标题: ", "标题: 雪松翠柏青", 1)
        extra = APART + ("结尾处写雪松翠柏青。" if i < 25 else "")
        f.write_text(t.rstrip("\n") + "\n\n" + extra + "\n", encoding="utf-8")
    out = where / "out"
    rc, o, e = build(s, out, DATE)
    if rc != 0:
        print(o[-300:], e[-1500:])
        return False
    ix = index_of(s, DATE)
    from gkssg.search.query import Filters, search
    ok = True
    for q in ("雪松翠柏", "雪松翠柏青", "松翠柏青", "翠柏青", "雪松翠"):
        total, res = search(ix, q, Filters(), limit=None)
        bad = [r.url for r in res if not r.relaxed and q not in doc_text(out, r.url)]
        ok &= verdict(f"command {q}: {total} results", total == 10 and not bad, f"{total}, without it: {bad[:3]}",
                      "10 (5 in the body after the apart ones, 5 titles), each holding it")
    for c in ("0", "default"):
        page = Page(out, None if c == "default" else int(c))
        try:
            for q in ("雪松翠柏", "雪松翠柏青", "松翠柏青", "翠柏青", "雪松翠", "雪松翠柏 翠柏"):
                mism = [(f, sort, d) for f, sort in (({}, "relevance"), ({}, "date"), ({"year": "2024"}, "relevance"))
                        for d in [compare(ix, out, page, q, f, sort)] if d]
                ok &= verdict(f"copies={c} {q}", not mism, f"{mism[:2]}", "= command, count honest")
        finally:
            page.close()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
