"""Hostile round 23, claim 1: the public-edit path and a page that imports document.html with context.

base.html, on a document page (`doc is defined`), imports document.html *with context* once (a guard
variable stops the recursion) and shows the length of the rendered module: the page's own HTML, body
included. No template names a body attribute, `self`, or `body` outside document.html's one
`{{ body | safe_html }}`, so render/bodyframe.single_body proves the theme safe and the record has no `b`.
With the argument `include`, an include inside a `{% set %}` block instead of the import.
Then a public document's body edit (same links) is built incrementally and compared with a clean build.
"""

import sys
from pathlib import Path

from scripts.attacks.r21_common import build, compare, default_text, excerpt, fast_note, generate, override, say

SNIPPET = ('{% if meta_rows is defined and doc and inner is not defined %}{% set inner = 1 %}'
           '{% import "document.html" as p with context %}<p id=len>{{ p | string | length }}</p>{% endif %}')
if sys.argv[1:] == ["include"]:  # the same through an include: `{% set %}` the page into a variable
    SNIPPET = ('{% if meta_rows is defined and doc and inner is not defined %}{% set inner = 1 %}'
               '{% set p %}{% include "document.html" %}{% endset %}<p id=len>{{ p | length }}</p>{% endif %}')
site = generate("r23-import-body", 12)
base = default_text("base.html")
override(site, "base.html", base.replace("</body>", SNIPPET + "</body>", 1))
rc, out = build(site)
say("first build rc", rc, excerpt(out, 160))
victim = sorted(Path(site / "content").rglob("*.md"))[0]
text = victim.read_text(encoding="utf-8")
victim.write_text(text + "\n这是新增加的一段正文，用来改变页面的长度。\n", encoding="utf-8")
verdict, rc, out, out2, differ = compare(site)
say("path:", fast_note(out), excerpt(out[out.find("已生成"):], 200))
say(verdict)
for name in differ[:1]:
    for folder in (site / "public", Path(str(site) + "-clean")):
        page = (folder / name).read_text(encoding="utf-8")
        i = page.find("<p id=len>")
        say(" ", folder.name, name, page[i:i + 30])
