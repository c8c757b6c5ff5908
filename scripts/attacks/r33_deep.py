"""Round 33, C: deep nesting as bad input: a front-matter value of 5,000 nested flow lists, a body of 5,000 nested
blockquotes / list items / emphasis / brackets, catalog.yaml with 5,000 nested lists: rc 70 (internal error) or a
traceback instead of a Chinese finding?"""
from __future__ import annotations

import sys

from r33_common import build, check, codes, demo

N = 5000
A = "content/ysq/2025-90023.md"
CASES = {
    "fm-nested-list": ("fm", "关键词: " + "[" * N + "]" * N),
    "fm-nested-map": ("fm", "关键词: " + "{a: " * N + "1" + "}" * N),
    "body-blockquote": ("body", ">" * N + " 深"),
    "body-list": ("body", "\n".join("  " * i + "- x" for i in range(800))),
    "body-emphasis": ("body", "*" * N + "x" + "*" * N),
    "body-brackets": ("body", "[" * N + "x" + "]" * N + "(a.pdf)"),
    "body-html-nest": ("body", "<div>" * N + "x" + "</div>" * N),
    "catalog-nested": ("catalog", "extra_genres: " + "[" * N + "]" * N),
}


def main(names):
    for name in names:
        where, text = CASES[name]
        site = demo(f"deep-{name}")
        if where == "catalog":
            p = site / "catalog.yaml"
            p.write_text(p.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
        else:
            p = site / A
            t = p.read_text(encoding="utf-8")
            t = t.replace("公开属性: 主动公开", text + "\n公开属性: 主动公开", 1) if where == "fm" else t + "\n\n" + text + "\n"
            p.write_text(t, encoding="utf-8")
        c = check(site)
        out = c.stdout + c.stderr
        b = build(site) if c.returncode in (0,) else None
        bo = (b.stdout + b.stderr) if b else ""
        last = [x for x in out.strip().splitlines() if x.strip()][-1:] or [""]
        print(f"{name:16} check rc {c.returncode} {codes(c)[:5]} 内部错误 {'内部错误' in out} | build rc {b.returncode if b else '-'} "
              f"内部错误 {'内部错误' in bo} | {last[0][:120]!r}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(CASES))
