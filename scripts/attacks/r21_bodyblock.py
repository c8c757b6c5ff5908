"""The public-edit path (one-edit path for a public body edit, publicedit.py) and serve's in-place edit
trust `bodyframe.single_body`: document.html shows `{{ body | safe_html }}` once, outside loops / set blocks,
and no template names a body attribute. base.html (which never names `body`) can capture the content block
that holds it: `{% set x %}{% block content %}{% endblock %}{% endset %}{{ x }}` shows it once verbatim, and
`{{ x | length }}` / `{{ x | striptags | wordcount }}` print values that follow from the body. The path then
swaps the body's HTML in the old page and keeps the rest, the stale length included.

Site: 24 generated documents; one public body (00002) gets a paragraph appended; incremental build (which
takes the one-edit path: no 提示 line) vs `build --clean`.

    PYTHONPATH=$PWD python scripts/attacks/r21_bodyblock.py [CASE ...]
"""

import sys

from r21_common import build, compare, default_text, generate, override, say

EDIT = "content/ysgz/2026/00002.md"
CASES = {
    "set-block-length": '{% set x %}{% block content %}{% endblock %}{% endset %}{{ x }}<p class="r21">{{ x | length }}</p>',
    "set-block-wordcount": '{% set x %}{% block content %}{% endblock %}{% endset %}{{ x }}'
                           '<p class="r21">{{ x | striptags | wordcount }}</p>',
    "set-block-in-title": '{% set x %}{% block content %}{% endblock %}{% endset %}{{ x }}'
                          '<script type="application/json" class="r21">{{ x | striptags | truncate(40) | tojson }}</script>',
}


def one(name):
    site = generate("bb-" + name)
    base = default_text("base.html")
    assert "{% block content %}{% endblock %}" in base
    override(site, "base.html", base.replace("{% block content %}{% endblock %}", CASES[name], 1))
    rc, out = build(site)
    assert rc == 0, out
    path = site / EDIT
    path.write_text(path.read_text(encoding="utf-8") + "\n补充的一段正文，让页面变长。\n", encoding="utf-8")
    verdict, rc, out, _, differ = compare(site, extra=("-v",))
    path_taken = "slow path: " + out.split("提示：本次未走单篇改动的快速路径", 1)[1][:60] if "未走" in out else "one-edit path"
    say(f"{name}\trc {rc}\t{path_taken}\t{verdict}")


if __name__ == "__main__":
    for n in sys.argv[1:] or CASES:
        one(n)
