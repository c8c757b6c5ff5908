"""Site-wide reads by the routes the brief lists (Python-side filters, macros, caller, loop.cycle, self, blocks,
a module-level set of an extended template, nav_columns): 404.html (or base.html) shows a value, then the
change it depends on; incremental vs `build --clean`. Site: 24 generated documents.

    PYTHONPATH=$PWD python scripts/attacks/r21_routes.py [CASE ...]
"""

import sys

from r21_common import DATE, build, compare, edit, excerpt, generate, in_block, override, say

EDIT = "content/ysgz/2026/00002.md"
CASES = {
    # name: (template, snippet, change)
    "tojson": ("404.html", '{{ site.documents | map(attribute="title") | list | tojson }}', "title"),
    "pprint": ("404.html", '{{ site.documents | pprint | length }}', "title"),
    "groupby-sum-unique-max": ("404.html", '{% for g in site.documents | groupby("publisher") %}{{ g.grouper }}'
                               '{{ g.list | sum(attribute="year") }}{% endfor %}'
                               '{{ site.documents | unique(attribute="title") | list | length }}'
                               '{{ (site.documents | max(attribute="title")).title }}', "title"),
    "selectattr-string": ("404.html", '{{ site.documents | selectattr("title", "ne", "") | map(attribute="title") | select("in", "改过的" ~ "演示") | list | string | length }}',
                          "title"),
    "macro-caller-cycle": ("404.html", '{% macro m() %}{{ caller(site) }}{% endmacro %}'
                           '{% call(s) m() %}{% for d in s.documents %}{{ loop.cycle(d.title, "x") }}{% endfor %}{% endcall %}',
                           "title"),
    "self-block": ("base.html", '{% block r21 %}{{ site.documents | length }}{{ build_date }}{% endblock %}'
                   '{{ self.r21() }}', "date"),
    "format-object": ("404.html", '{{ "{0.documents}".format(site) | length }}{{ "%s" | format(site.documents) | length }}',
                      "title"),
    "namespace-cross": ("404.html", '{% set ns = namespace(d=site) %}{{ ns.d.build_date }}', "date"),
}


def one(name):
    rel, snippet, change = CASES[name]
    site = generate("routes-" + name)
    override(site, rel, in_block(rel, '<p class="r21">' + snippet + "</p>"))
    rc, out = build(site)
    assert rc == 0, out
    date = DATE
    if change == "title":
        edit(site, EDIT, "标题: ", "标题: 改过的")
    else:
        date = "2026-12-02"
    verdict, rc, out, _, differ = compare(site, date)
    say(f"{name}\trc {rc}\t{verdict}\t{excerpt(out[-100:], 100) if rc else ''}")


if __name__ == "__main__":
    for n in sys.argv[1:] or CASES:
        one(n)
