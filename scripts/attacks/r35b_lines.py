"""Round 35b: the line each link finding names (render/targets.py locates a target by searching for its spelling).
Each case: a body, the target, the line (1-based in the body) where the page's link is spelled; prints the line
find_links reports."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from r35b_diff import check_urls  # noqa: E402

CASES = [  # (name, body, target, true line)
    ("quoted before", '说明："files/缺少.pdf" 是附件名。\n\n\n\n[附件](files/缺少.pdf)', "files/缺少.pdf", 5),
    ("code span before", "写法：`[附件](files/缺少.pdf)`\n\n\n\n[附件](files/缺少.pdf)", "files/缺少.pdf", 5),
    ("comment before", "<!-- [附件](files/缺少.pdf) -->\n\n\n\n[附件](files/缺少.pdf)", "files/缺少.pdf", 5),
    ("indented code before", "    [附件](files/缺少.pdf)\n\n\n\n[附件](files/缺少.pdf)", "files/缺少.pdf", 5),
    ("text=before", "参数 file=files/缺少.pdf 说明\n\n\n\n[附件](files/缺少.pdf)", "files/缺少.pdf", 5),
    ("tab in target", "[a](b.pdf)\n\n\n\n[附件](<files/缺\t少.pdf>)", "files/缺   少.pdf", 5),
    ("control in target", "[a](b.pdf)\n\n\n\n[附件](files/缺\x1b少.pdf)", "files/缺少.pdf", 5),
    ("vt in href", '[a](b.pdf)\n\n\n\n<a href="files/缺\x0b少.pdf">x</a>', None, 5),
    ("ref used twice, def last", "[x][r]\n\n[y][r]\n\n[r]: files/缺少.pdf", "files/缺少.pdf", 5),
    ("same target twice", "[a](files/缺少.pdf)\n\n\n\n[b](files/缺少.pdf)", "files/缺少.pdf", 1),
    ("entity spelled", "[a](b.pdf)\n\n\n\n[附件](files/&#x7f3a;少.pdf)", "files/缺少.pdf", 5),
    ("escape spelled", "[a](b.pdf)\n\n\n\n[附件](files/\\_缺少.pdf)", "files/_缺少.pdf", 5),
    ("mailto", "[a](b.pdf)\n\n\n\n<user@192.0.2.1>", "mailto:user@192.0.2.1", 5),
    ("srcset second", '<img src="a.png"\nsrcset="b.png 1x,\n2017-00861.md 2x">', "2017-00861.md", 3),
    ("style url", '<div style="x:1;\n\n\nbackground:url(2017-00861.md)">x</div>', "2017-00861.md", 4),
    ("nested link inner", "[[![图](图1.png)](缺少b.pdf)](\n缺少c.pdf)", "缺少c.pdf", 2),
    ("title before", '[a](b.pdf "see files/缺少.pdf")\n\n\n\n[附件](files/缺少.pdf)', "files/缺少.pdf", 5),
    ("alt before", '![files/缺少.pdf](b.png)\n\n\n\n[附件](files/缺少.pdf)', "files/缺少.pdf", 5),
    ("attr before", '<a title="files/缺少.pdf" href="b.pdf">b</a>\n\n\n\n[附件](files/缺少.pdf)', "files/缺少.pdf", 5),
    ("def not taken before", '[r]: <files/缺少.pdf x> "t"\n\n\n\n[附件](files/缺少.pdf)', "files/缺少.pdf", 5),
]


def main():
    wrong = 0
    for name, body, target, line in CASES:
        links, dropped = check_urls(body)
        got = [(link.target, link.line) for link in links + dropped]
        mine = [ln for t, ln in got if target is None or t == target]
        ok = line in mine
        wrong += not ok
        print("ok   " if ok else "WRONG", f"{name:24}", "want line", line, "got", got)
    print(wrong, "of", len(CASES), "cases name another line")


if __name__ == "__main__":
    main()
