"""Round 30, target 1: doc: links past the attribute filter (ffd0e6a) and rewrite_links: whitespace and control
characters in or before the scheme, in img src and a href, reference links, footnotes, tables. Does a withheld
(依申请公开) or future-dated document's 索引号 reach any output byte?"""
from __future__ import annotations

import re
import sys

from r30_common import WORK, attack_sites, build, check, grep_tree, set_field, tail

HELD = "ZBJG0003/2022-90003"     # made 依申请公开
FUT = "ZBJG0003/2022-90002"      # made future-dated
SRC = "content/ysq/2025-90023.md"

VARIANTS = {
    "img-tab": f'<img src="do&#9;c:{HELD}" alt="丁">',
    "img-cr": f'<img src="DO&#x0D;C:{HELD}" alt="丁">',
    "img-sp-tab": f'<img src=" do&#9;c:{HELD}" alt="丁">',
    "img-colon-tab": f'<img src="doc&#9;:{HELD}" alt="丁">',
    "img-nl": f'<img src="d&#10;oc:{FUT}" alt="丁">',
    "a-tab": f'<a href="do&#9;c:{HELD}">丙</a>',
    "a-lead-space": f'<a href=" doc:{HELD}">丙</a>',
    "a-lead-nl": f'<a href="&#10;doc:{HELD}">丙</a>',
    "a-colon-tab": f'<a href="doc&#9;:{HELD}">丙</a>',
    "md-img-pct": f"![乙](do%09c:{HELD})",
    "footnote": f"正文[^1]\n\n[^1]: 见[甲](doc:{HELD})",
    "table": f"| a | b |\n|---|---|\n| [甲](doc:{HELD}) | ![乙](doc:{HELD}) |",
    "imglink": f"[![乙](media/yitu.png)](doc:{HELD})",
    "ref-img": f"![戊][r1]\n\n[r1]: doc:{HELD}",
    "attr-list": f"[甲](doc:{HELD}){{: title=\"doc:{HELD}\" }}",
    "img-md-held": "![乙](2022-90003.md)",
    "rawimg-md-fut": '<img src="2022-90002.md" alt="乙">',
    "img-md-held-dir": "![乙](2022-90003.md/)",
    "img-c01": f'<img src="&#1;doc:{HELD}" alt="丁">',
    "img-c1f": f'<img src="&#x1F;doc:{HELD}" alt="丁">',
    "img-ff": f'<img src="&#12;doc:{HELD}" alt="丁">',
    "a-two-href": f'<a href="doc:{HELD}" href="media/yitu.png">丙</a>',
}


def run(name: str, snippet: str) -> str:
    site = attack_sites.demo_copy(WORK, f"doc-{name}")
    set_field(site / "content/ysq/2022-90003.md", "公开属性", "依申请公开")
    set_field(site / "content/ysq/2022-90002.md", "发布日期", "2027-03-01")
    md = site / SRC
    md.write_text(md.read_text(encoding="utf-8") + f"\n五、{snippet}\n", encoding="utf-8")
    c = check(site)
    codes = sorted(set(re.findall(r"GK\d{3}", c.stdout + c.stderr)))
    b = build(site)
    out = site / "public"
    if b.returncode != 0:
        return f"{name}: check rc {c.returncode} {codes}; build rc {b.returncode}: {tail(b, 300)}"
    leaks = {k: [p.replace(str(out), '') for p in grep_tree(out, k)] for k in
             ("2022-90003", "2022-90002", "生态环境保护专项规划")}
    leaks = {k: v for k, v in leaks.items() if v}
    page = next((out / "docs").glob("ZBJG0003-2025-90023.html")).read_text(encoding="utf-8")
    m = re.search(r"五、(.{0,300}?)</(p|table|div)>", page, re.S)
    return (f"{name}: check rc {c.returncode} {codes}; build rc 0; page: {m.group(1) if m else '?'!r}\n"
            f"   leaks {leaks}")


if __name__ == "__main__":
    names = sys.argv[1:] or list(VARIANTS)
    for n in names:
        print(run(n, VARIANTS[n]), flush=True)
