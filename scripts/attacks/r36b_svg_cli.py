"""Round 36b: a link inside SVG or MathML content (r36b_links.py OVER rows) through the CLI: GK722 refuses the build
(new and old code alike), while the built page has neither the link nor its text (the sanitizer unwraps <svg>/<math>
and then drops their children, out of their namespace, with their content).
Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_svg_cli.py"""
from __future__ import annotations

from r36b_common import OLD, build, check, codes, demo, lines_with, set_body, traceback

BODY = """正文。

图示：<svg width="10" height="10"><foreignObject><a href="files/旧附件.pdf">旧附件</a></foreignObject></svg>

公式：<math><mi><a href="files/旧附件2.pdf">旧附件二</a></mi></math>
"""


def main():
    site = demo("svg")
    set_body(site, BODY)
    for label, kw in (("new", {}), ("old", {"repo": OLD})):
        c = check(site, **kw)
        print(f"check {label}: rc {c.returncode} {[x for x in codes(c) if x in ('GK722', 'GK732')]} tb {traceback(c)}")
        for line in lines_with(c, "GK722") + lines_with(c, "GK732"):
            print("   ", line.strip()[:120])
    b = build(site)
    print("build rc", b.returncode, [x for x in codes(b) if x.startswith("GK7")])
    page = next((site / "public").rglob("*2017-00861*.html"), None)
    if page:
        html = page.read_text(encoding="utf-8")
        print("page has 旧附件:", "旧附件" in html, "| has <svg/<math:", "<svg" in html or "<math" in html)


if __name__ == "__main__":
    main()
