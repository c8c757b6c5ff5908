"""Jinja2 caches an imported template's module (Template._get_default_module: `{% import "x" as m %}` and
`{% from "x" import v %}` without `with context` are evaluated once per process): its module-level `{% set %}`
reads the public documents / the build date during the FIRST page that imports it, and only that page's
record notes them. Every later page prints the cached value with an empty record, so the next build skips it.

Site: 24 generated documents; SITE/themes/default/templates/partials/r21facts.html holds a module-level
`{% set %}`, base.html prints it on every page (`<p class="r21">…</p>` after <body>). Change: a public
document's title (00002) or `--date` one day on; incremental build vs `build --clean`.

    PYTHONPATH=$PWD python scripts/attacks/r21_import.py [CASE ...]
"""

import sys
from pathlib import Path

from r21_common import DATE, build, compare, edit, excerpt, generate, in_block, override, say

EDIT = "content/ysgz/2026/00002.md"
CASES = {
    # name: (partials/r21facts.html, what base.html prints, change)
    "import-set-documents": ('{% set titles = site.documents | map(attribute="title") | join("|") %}',
                             '{% import "partials/r21facts.html" as f %}<p class="r21">{{ f.titles }}</p>', "title"),
    "from-import-documents": ('{% set titles = site.public_documents() | map(attribute="title") | join("|") %}',
                              '{% from "partials/r21facts.html" import titles %}<p class="r21">{{ titles }}</p>', "title"),
    "import-set-build-date": ('{% set day = build_date %}',
                              '{% import "partials/r21facts.html" as f %}<p class="r21">{{ f.day }}</p>', "date"),
    "import-count": ('{% set n = site.documents | length %}',
                     '{% import "partials/r21facts.html" as f %}<p class="r21">{{ f.n }}</p>', "withdraw"),
    # control: with context the module is made again on every import (no cache)
    "import-with-context": ('{% set titles = site.documents | map(attribute="title") | join("|") %}',
                            '{% import "partials/r21facts.html" as f with context %}<p class="r21">{{ f.titles }}</p>',
                            "title"),
}


def withdraw_leak():
    """The safety invariant: 00002 (title marked R21WITHDRAWN, its 公开路径 that of 00001's column so no column
    empties when it goes) is printed on every page by the cached module, then withdrawn (依申请公开)."""
    site = generate("imp-withdraw-leak")
    other = (site / "content/ysgz/2026/00001.md").read_text(encoding="utf-8")
    where = next(line for line in other.splitlines() if line.startswith("公开路径: "))
    text = (site / EDIT).read_text(encoding="utf-8")
    mine = next(line for line in text.splitlines() if line.startswith("公开路径: "))
    (site / EDIT).write_text(text.replace(mine, where).replace("标题: ", "标题: R21WITHDRAWN", 1), encoding="utf-8")
    override(site, "partials/r21facts.html", CASES["import-set-documents"][0])
    override(site, "base.html", in_block("base.html", CASES["import-set-documents"][1]))
    rc, out = build(site)
    assert rc == 0, out
    edit(site, EDIT, "公开属性: 主动公开", "公开属性: 依申请公开")
    verdict, rc, out, _, differ = compare(site)
    leaked = sorted(p.relative_to(site / "public").as_posix() for p in (site / "public").rglob("*")
                    if p.is_file() and b"R21WITHDRAWN" in p.read_bytes())
    clean = [p for p in Path(str(site) + "-clean").rglob("*") if p.is_file() and b"R21WITHDRAWN" in p.read_bytes()]
    say(f"import-withdraw-leak\trc {rc}\t{verdict}\twithdrawn title in {len(leaked)} output files "
        f"({leaked[:3]}), in the clean build: {len(clean)}")


def one(name):
    if name == "import-withdraw-leak":
        return withdraw_leak()
    partial, shown, change = CASES[name]
    site = generate("imp-" + name)
    override(site, "partials/r21facts.html", partial)
    override(site, "base.html", in_block("base.html", shown))
    rc, out = build(site)
    assert rc == 0, out
    date = DATE
    if change == "title":
        edit(site, EDIT, "标题: ", "标题: 改过的")
    elif change == "withdraw":
        edit(site, EDIT, "公开属性: 主动公开", "公开属性: 依申请公开")
    else:
        date = "2026-12-02"
    verdict, rc, out, _, differ = compare(site, date)
    say(f"{name}\trc {rc}\t{verdict}\t{excerpt(out[-120:], 120)}")


if __name__ == "__main__":
    for n in sys.argv[1:] or [*CASES, "import-withdraw-leak"]:
        one(n)
