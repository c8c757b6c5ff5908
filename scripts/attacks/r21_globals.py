"""Template globals whose value depends on which documents are public, not in any page's record.

`browse_url` (features/browse.py template_globals: INDEX if any public document else "") is printed by the
default base.html, home.html and sitemap.html; it is not a context value, not in GLOBAL_FACTS, and the site
fingerprint sees only the column tree's visibility. Site: 24 generated documents; catalog.yaml gives every
column `always_show: true` (a catalogue option), so the column tree stays as it was when no document is public;
`mandated-column`: catalog.yaml as generated, every document's 公开路径 the mandated 政府信息公开制度 (always shown).
Default theme, no override.

    PYTHONPATH=$PWD python scripts/attacks/r21_globals.py [withdraw-all|date-back|date-back-and-forth]
"""

import re
import sys
from pathlib import Path

from r21_common import DATE, build, compare, excerpt, generate, say

CASES = ("withdraw-all", "date-back", "date-back-and-forth", "mandated-column")


def always_show(site):
    path = site / "catalog.yaml"
    lines, out, in_columns = path.read_text(encoding="utf-8").split("\n"), [], False
    for line in lines:
        out.append(line)
        if line.startswith("columns:"):
            in_columns = True
        m = re.match(r"^(\s*)- name: ", line)
        if in_columns and m:
            out.append(" " * (len(m.group(1)) + 2) + "always_show: true")
    path.write_text("\n".join(out), encoding="utf-8")


def one(name):
    site = generate("glob-" + name)
    if name == "mandated-column":  # catalog.yaml as generated: every document in 政府信息公开制度 (always shown)
        for md in sorted((site / "content").rglob("*.md")):
            text = md.read_text(encoding="utf-8")
            old = next(line for line in text.splitlines() if line.startswith("公开路径: "))
            md.write_text(text.replace(old, "公开路径: [政务公开>政府信息公开>政府信息公开制度]"), encoding="utf-8")
    else:
        always_show(site)
    rc, out = build(site)
    assert rc == 0, out
    first = (site / "public" / "404.html").read_text(encoding="utf-8")
    assert "分类浏览" in first, "the first build has no 分类浏览 link"
    date = DATE
    if name in ("withdraw-all", "mandated-column"):
        for md in sorted((site / "content").rglob("*.md")):
            md.write_text(md.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"), encoding="utf-8")
    else:
        date = "2025-01-01"  # before every 发布日期 of the generated documents
    if name == "date-back-and-forth":
        rc, out = build(site, date)
        date = DATE
    verdict, rc, out, out2, differ = compare(site, date)
    link = "分类浏览" in (site / "public" / "404.html").read_text(encoding="utf-8")
    clean_link = "分类浏览" in (Path(str(site) + "-clean") / "404.html").read_text(encoding="utf-8")
    say(f"{name}\trc {rc}\t{verdict}\t404.html 分类浏览 link: incremental {link}, clean {clean_link}\t"
        f"{excerpt(out[-200:], 200)}")


if __name__ == "__main__":
    for n in sys.argv[1:] or CASES:
        one(n)
