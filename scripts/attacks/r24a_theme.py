"""Hostile themes written for the old pager: column.html / browse_list.html using page_number, page_count,
total, page_urls as numbers on every page (None on a deep page now). The failure must be a clear Chinese
message with a GK code naming the template, never a traceback, and never silent wrong output.

    PYTHONPATH=$PWD python scripts/attacks/r24a_theme.py
"""
import re
import shutil
from pathlib import Path

from r21_common import in_block
from r24a_common import build, excerpt, generate, override, page_size, say

SNIPPETS = {
    "arith": "<p id=r24a>{{ page_count - page_number }}</p>",
    "range": "{% for i in range(page_count) %}<a href=\"p{{ i }}\">{{ i }}</a>{% endfor %}",
    "total_fmt": "<p id=r24a>共 {{ '%d'|format(total) }} 条</p>",
    "urls_index": "<a id=r24a href=\"{{ page_urls[page_number] }}\">下一页</a>",
    "urls_len": "<p id=r24a>{{ page_urls|length }}</p>",
    "compare": "{% if page_number < page_count %}<p id=r24a>more</p>{% endif %}",
    "plain": "<p id=r24a>第{{ page_number }}页/共{{ page_count }}页，共{{ total }}条</p>",
}
site = generate("theme", 40)
page_size(site, 3)
base = build(site)
for tpl in ("column.html", "browse_list.html"):
    for name, snippet in SNIPPETS.items():
        t = Path(site) / "themes" / "default" / "templates"
        shutil.rmtree(t, ignore_errors=True)
        override(site, tpl, in_block(tpl, snippet))
        rc, out = build(site)
        tb = "Traceback" in out
        gk = re.findall(r"GK\d{3}", out)
        named = tpl in out
        pub = Path(site) / "public"
        shown = ""
        if rc == 0:
            deep = next(iter(sorted(pub.glob("zwgk/index_1.html" if tpl == "column.html" else "flml/nf-2026_1.html"))), None)
            if deep:
                text = deep.read_text(encoding="utf-8")
                i = text.find("r24a")
                shown = text[i - 10:i + 60] if i >= 0 else "(snippet output absent)"
        verdict = "BROKEN" if tb or (rc != 0 and not (gk and named)) else ("BROKEN(silent 'None' on a public page)" if rc == 0 and "None" in shown else "holds ")
        say(f"{verdict}\t{tpl}:{name}\trc={rc}\t{gk[:2]} names template={named}\t{shown!r}"
            f"\t{excerpt(out[-260:], 260) if rc else ''}")
