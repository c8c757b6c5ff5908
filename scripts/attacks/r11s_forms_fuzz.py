"""Round 11s: the query rewriting of search.js against rewrite.py on random hostile strings (digits, Latin,
simplified and traditional Chinese, full-width forms, lone 年/号/第, brackets of 发文字号, punctuation, astral
characters, spaces): forms, relaxed forms, loose forms and exact keys must be equal, or the page and the
command search different things.

Run: python scripts/attacks/r11s_forms_fuzz.py OUT [N]
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

from r11s_common import Browser, verdict

ALPHABET = (list("政务公开信息年度报告工作重庆市人民政府办公厅关于通知渝府办发號國務院辦公廳規範檔案")
            + list("年号第项条款") + list("0123456789０１２３４５６７８９") + list("abcXYZＡＢＣｘ")
            + list("〔〕[]()（）【】《》“”\"'‘’、，。；：？！…—-_/\\|.*+?^$ ") + ["𠀀", "𪚥", "\u3000", "\t", "é", "ß", "İ", "ﬁ"])


def strings(n: int) -> list[str]:
    rng = random.Random(11)
    out = []
    for _ in range(n):
        k = rng.choice([3, 5, 8, 12, 20, 40])
        out.append("".join(rng.choice(ALPHABET) for _ in range(k)))
    return out


def main(out: Path, n: int) -> bool:
    from gkssg.search.rewrite import exact_keys, forms, loose_forms, relaxed_forms
    b = Browser(out)
    try:
        b.page.evaluate("() => gkssgSearch.loadFoldTable()")
        cases = strings(n)
        got = b.page.evaluate("cs => cs.map(c => [gkssgSearch.forms(c), gkssgSearch.exactKeys(c), "
                              "gkssgSearch.relaxedForms(c), gkssgSearch.looseForms(c)])", cases)
    finally:
        b.close()
    differ = []
    for c, js in zip(cases, got):
        py = [forms(c), exact_keys(c), relaxed_forms(c), loose_forms(c)]
        if js != py:
            which = [name for name, a, b_ in zip(("forms", "keys", "relaxed", "loose"), js, py) if a != b_]
            differ.append((c, which, [x for x, y in zip(js, py) if x != y][0], [y for x, y in zip(js, py) if x != y][0]))
    return verdict(f"{n} random strings", not differ, f"{len(differ)} differ: {differ[:3]}", "search.js = rewrite.py")


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3000) else 1)
