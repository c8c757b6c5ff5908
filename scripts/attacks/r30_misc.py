"""Round 30, misc: a body link to the 附件 of a withheld document; a dangling document symlink; a public
target's doc: link spelled with a leading space (check accepts, page drops?); img src doc: with a tab to a
public target."""
from __future__ import annotations

import os
import re
import sys

from r30_common import WORK, attack_sites, build, check, grep_tree, set_field

SRC = "content/ysq/2025-90023.md"
PUB = "ZBJG0003/2021-90001"


def attach_of_withheld():
    site = attack_sites.demo_copy(WORK, "misc-attach")
    set_field(site / "content/ysq/2025-90014.md", "公开属性", "依申请公开")
    md = site / SRC
    md.write_text(md.read_text(encoding="utf-8") + "\n五、[预算表](files/ysfa.pdf)\n", encoding="utf-8")
    c, b = check(site), build(site)
    codes = sorted(set(re.findall(r"GK\d{3}", c.stdout + c.stderr)))
    return f"check rc {c.returncode} {codes}; build rc {b.returncode}; ysfa.pdf in public: {[p for p in grep_tree(site / 'public', 'ysfa.pdf')][:3]}; files: {[str(p) for p in (site / 'public').rglob('ysfa.pdf')]}"


def dangling_doc():
    site = attack_sites.demo_copy(WORK, "misc-dangdoc")
    build(site)
    os.replace(site / SRC, WORK / "misc-dangdoc-moved.md")
    os.symlink("/nonexistent/2025-90023.md", site / SRC)
    c, b = check(site), build(site)
    codes = sorted(set(re.findall(r"GK\d{3}", c.stdout + c.stderr)))
    msg = [ln.strip() for ln in (c.stdout + c.stderr).splitlines() if "GK116" in ln]
    return f"check rc {c.returncode} {codes}; build rc {b.returncode}; page still there: {(site / 'public/docs/ZBJG0003-2025-90023.html').exists()}; {msg}"


def space_pub():
    site = attack_sites.demo_copy(WORK, "misc-spacepub")
    md = site / SRC
    md.write_text(md.read_text(encoding="utf-8") + f'\n五、<a href=" doc:{PUB}">甲</a> <img src="do&#9;c:{PUB}" alt="乙">\n', encoding="utf-8")
    c, b = check(site), build(site)
    codes = sorted(set(re.findall(r"GK7\d\d", c.stdout + c.stderr)))
    page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
    m = re.search(r"五、(.{0,200}?)</p>", page, re.S)
    return f"check rc {c.returncode} {codes}; build rc {b.returncode}; page: {m.group(1) if m else '?'!r}"


if __name__ == "__main__":
    for f in sys.argv[1:] or ("attach_of_withheld", "dangling_doc", "space_pub"):
        print(f, "::", globals()[f](), flush=True)
