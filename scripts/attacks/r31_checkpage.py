"""Round 31: a link `check` accepts that the page drops in silence (data-unpublished, an <img> without src), or a
finding for a link the page does not have. The check reads links with its own patterns over the Markdown source
(checks/links.find_links); the page is what Python-Markdown + nh3 + rewrite_links make of it.
PUB = a public document, NOPE = no such 索引号, HELD = 依申请公开 (2022-90003)."""
from __future__ import annotations

import re
import sys

from r31_common import WORK, attack_sites, build, check, set_field

PUB, NOPE, HELD = "ZBJG0003/2021-90001", "ZBJG0003/2099-99999", "ZBJG0003/2022-90003"
SRC = "content/ysq/2025-90023.md"
V = {
    "img-doc-pub": f"![乙](doc:{PUB}) <img src=\"doc:{PUB}\" alt=\"丙\">",
    "unquoted-a-nope": f"<a href=doc:{NOPE}>甲</a>",
    "unquoted-img-missing": "<img src=media/nope.png alt=乙>",
    "ref-quote-nope": f"[甲][z1]\n\n> [z1]: doc:{NOPE}",
    "ref-quote-img-missing": "![乙][z2]\n\n> [z2]: media/nope.png",
    "ref-list-nope": f"[甲][z3]\n\n- 项\n\n    [z3]: doc:{NOPE}",
    "nested-brackets-nope": f"[a [b [c]]](doc:{NOPE})",
    "title-decoy-nope": f"<a title=\"见 href='doc:{PUB}'\" href=\"doc:{NOPE}\">甲</a>",
    "title-decoy-held": f"<a title=\"见 href='doc:{PUB}'\" href=\"doc:{HELD}\">甲</a>",
    "alt-decoy-missing": "<img alt=\"src='media/yitu.png'\" src=\"media/nope.png\">",
    "code-span": f"`[甲](doc:{NOPE})`",
    "comment": f"<!-- [甲](doc:{NOPE}) -->",
    "data-href": f"<a data-href=\"doc:{NOPE}\" href=\"doc:{PUB}\">甲</a>",
    # followed_target drops every C0 and space, also inside: a browser does not (it reads these as relative)
    "space-in-scheme": "<a href=\"https ://example.com/x\">甲</a> <a href=\"mailto :a@example.com\">乙</a>",
    "file-space-colon": "[报告](<Report 10:30.pdf>) ![图](<Chart v1:2.png>)",
    # the attribute filter drops every attribute whose value reads as doc:, alt text too
    "alt-doc": "![Doc: 报名流程图](media/yitu.png) 对照：![](media/yitu.png)",
}


def run(name: str, snippet: str) -> str:
    site = attack_sites.demo_copy(WORK, f"cp-{name}")
    set_field(site / "content/ysq/2022-90003.md", "公开属性", "依申请公开")
    (site / "content/ysq/Report 10:30.pdf").write_bytes((site / "content/ysq/files/ysfa.pdf").read_bytes())
    (site / "content/ysq/Chart v1:2.png").write_bytes((site / "content/ysq/media/yitu.png").read_bytes())
    md = site / SRC
    md.write_text(md.read_text(encoding="utf-8") + f"\n五、\n\n{snippet}\n\n六、尾\n", encoding="utf-8")
    c = check(site)
    found = [ln.strip()[:110] for ln in (c.stdout + c.stderr).splitlines() if re.search(r"GK7[12]\d|替代文本|alt", ln)]
    b = build(site)
    if b.returncode != 0:
        return f"{name}: check rc {c.returncode} {found}; build rc {b.returncode}"
    page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
    m = re.search(r"五、(.*?)六、尾", page, re.S)
    return f"{name}: check rc {c.returncode} {found}; build rc 0; page {(m.group(1).strip() if m else '?')[:300]!r}"


if __name__ == "__main__":
    for n in sys.argv[1:] or V:
        print(run(n, V[n]), flush=True)
