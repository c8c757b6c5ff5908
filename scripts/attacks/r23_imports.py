"""Hostile round 23, claim 1: imports, macros, includes and a captured block against every kind of change.

Site A: m.html (a top-level `{% set %}` of the public titles, two macros) imported without context into
column.html, `{% from … import … with context %}` into document.html, an include with a computed name of
`site.documents` into 404.html. Site B: base.html captures the content block (`{% set %}…{% endset %}`)
and shows its length. Each site then goes through: a title edit, a withdrawal, a body edit, `--date`
earlier, `--date` before everything (no public document), back to the first date. Each step: an
incremental `gkssg build` compared with a clean build.
"""

import re
from pathlib import Path

from scripts.attacks.r21_common import build, compare, default_text, generate, in_block, override, say

M_HTML = ('{% set titles = site.documents | map(attribute="title") | join("|") %}'
          '{% macro count() %}{{ site.documents | length }}{% endmacro %}'
          '{% macro first() %}{{ titles[:60] }}{% endmacro %}')


def site_a():
    site = generate("r23-imports-a", 14)
    override(site, "m.html", M_HTML)
    override(site, "inc.html", '{% set d = site["docu" ~ "ments"] %}<i>{{ (d | first).title if d else "" }}</i>')
    override(site, "column.html", in_block("column.html", '{% import "m.html" as m %}<b>{{ m.count() }}{{ m.first() }}</b>'))
    override(site, "document.html", in_block("document.html",
                                            '{% from "m.html" import first with context %}<b>{{ first() }}</b>'))
    override(site, "404.html", in_block("404.html", '{% include "inc.html" %}'))
    return site


def site_b():
    site = generate("r23-imports-b", 14)
    base = default_text("base.html")
    i = base.index("{% block content %}")
    j = base.index("{% endblock %}", i) + len("{% endblock %}")
    override(site, "base.html", base[:i] + "{% set captured %}" + base[i:j] + "{% endset %}{{ captured }}"
             "<p id=n>{{ captured | length }}</p>" + base[j:])
    return site


def steps(site):
    docs = sorted(Path(site / "content").rglob("*.md"))
    a, b, c = docs[0], docs[1], docs[2]

    def edit(path, fn):
        path.write_text(fn(path.read_text(encoding="utf-8")), encoding="utf-8")

    yield "title edit", "2026-12-01", lambda: edit(a, lambda t: re.sub(r"^标题: ", "标题: 改", t, count=1, flags=re.M))
    yield "withdrawal", "2026-12-01", lambda: edit(b, lambda t: t.replace("公开属性: 主动公开", "公开属性: 依申请公开"))
    yield "body edit", "2026-12-01", lambda: edit(c, lambda t: t + "\n新增的一句话。\n")
    yield "--date earlier", "2026-11-20", lambda: None
    yield "--date before all", "2020-01-01", lambda: None
    yield "back", "2026-12-01", lambda: None


for name, make in (("A imports/include", site_a), ("B captured block", site_b)):
    site = make()
    rc, out = build(site)
    say(name, "first build rc", rc)
    for label, date, change in steps(site):
        change()
        verdict, rc, out, out2, differ = compare(site, date)
        say(f"{name} / {label} ({date}): {verdict}")
