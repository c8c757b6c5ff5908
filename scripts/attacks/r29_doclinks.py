"""Round 29, target 5: doc: links. Script through doc:, raw HTML, images, reference links, entities; a
withheld (依申请公开) or future-dated document's 索引号/page/title reaching any output byte through a doc: link;
an unresolved doc: href left anywhere in public/ (pages, feeds, search index, sitemap); check/render agreement."""
from __future__ import annotations

import re
import sys

from r29_common import WORK, attack_sites, build, check, grep_tree, set_field, tail

PUB = "ZBJG0003/2021-90001"
HELD = "ZBJG0003/2022-90003"     # made 依申请公开
FUT = "ZBJG0003/2022-90002"      # made future-dated
SRC = "content/ysq/2025-90023.md"

VARIANTS = {
    "md-held": f"[甲]({'doc:' + HELD})",
    "img-held": f"![乙](doc:{HELD})",
    "raw-a-held": f'<a href="DOC:{HELD}">丙</a>',
    "raw-img-held": f'<img src="doc:{HELD}" alt="丁">',
    "ref-held": f"[戊][r1]\n\n[r1]: doc:{HELD} \"标题\"",
    "entity-held": f'<a href="&#100;oc:{HELD}">己</a>',
    "img-fut": f"![庚](doc:{FUT})",
    "raw-img-fut": f'<img src="DOC:{FUT}" alt="辛">',
    "js": "[壬](doc:javascript:alert(1))",
    "js-raw": '<a href="doc:javascript:alert(1)">癸</a>',
    "js-img": '<img src="doc:javascript:alert(1)" onerror="alert(1)" alt="x">',
    "frag-pub": f"[子](doc:{PUB}#sec)",
    "pct-pub": f"[丑](doc:{PUB.replace('/', '%2F')})",
    "space-pub": f"[寅](doc: {PUB})",
    "lower-pub": f"[卯](doc:{PUB.lower()})",
    "self": "[辰](doc:ZBJG0003/2025-90023)",
    "autolink-held": f"<doc:{HELD}>",
    "srcset": f'<img src="media/yitu.png" srcset="doc:{HELD} 2x" alt="巳">',
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
        return f"{name}: check rc {c.returncode} {codes}; build rc {b.returncode}: {tail(b, 200)}"
    leaks = {k: [p.replace(str(out), '') for p in grep_tree(out, k)] for k in
             (HELD, "2022-90003", FUT, "2022-90002", "生态环境保护专项规划", "javascript", "alert(1)")}
    leaks = {k: v for k, v in leaks.items() if v}
    docrefs = []
    for p in out.rglob("*"):
        if p.is_file() and not p.is_symlink():
            data = p.read_bytes()
            for m in re.finditer(rb'(?i)(href|src|srcset|url)\W{0,6}doc:[^"\'<> ]{0,40}', data):
                docrefs.append(f"{p.relative_to(out)}: {m.group().decode(errors='replace')}")
    page = next((out / "docs").glob("ZBJG0003-2025-90023.html")).read_text(encoding="utf-8")
    m = re.search(r"五、(.{0,300}?)</p>", page, re.S)
    return (f"{name}: check rc {c.returncode} {codes}; build rc 0; page: {m.group(1) if m else '?'!r}\n"
            f"   leaks {leaks}\n   doc: refs {docrefs[:6]}")


if __name__ == "__main__":
    names = sys.argv[1:] or list(VARIANTS)
    for n in names:
        print(run(n, VARIANTS[n]), flush=True)
