"""Round 17: a listing that shows something of a document's body, read in many ways; then one body edit.

For each way: the site's partials/doc_list.html shows EXPR for every listed document `d`. The
first build either refuses (GK022: the subscript ways must) or builds; then one public document's
body gets a character in front (length and order change), the incremental build runs, and its
output is compared with a clean build into another folder (tests/test_incremental.py's test).

    PYTHONPATH=/work/wt/hostile17 python r17_body.py [NAME ...]
"""

import re
import shutil
import subprocess
import sys

from r17_common import GK, MARKER, PY, TMP, build, default_text, digest, excerpt, override, say

ROOT = str(TMP / "body")
WAYS = {
    # str.format reached without a Call on a Getattr named format/format_map
    "format-set": '{% set f = ("{0.bo" ~ "dy}").format %}{{ f(d) | length }}',
    "format-attr-filter": '(("{0.bo" ~ "dy}") | attr("format"))(d) | length',
    "format-map-attribute": '(["{0.bo" ~ "dy}"] | map(attribute="format") | first)(d) | length',
    "format-digest-set": '{% set f = ("{0.dig" ~ "est}").format %}{{ f(d) }}',
    # Python object traversal by subscript (Environment.getitem falls back to getattr), no "_" constant
    "traverse-open": '(cycler["x__init__"[1:]]["x__globals__"[1:]]["x__builtins__"[1:]]["open"]'
                     '("' + ROOT + '/" ~ d.source).read()) | length',
    # a macro imported from another template reads it
    "macro-import": '{% from "partials/r17m.html" import show %}{{ show(d) }}',
    # a block filter / set block / call block around a dot read
    "call-caller": '{% macro m() %}{{ caller(d) }}{% endmacro %}{% call(x) m() %}{{ x.body | length }}{% endcall %}',
}

EDIT = "content/ysgz/2026/00002.md"  # generate.py's edit_sample: a public document


def site_for(name, expr):
    site = TMP / "body"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([PY, str(GK / "benchmarks/generate.py"), "24", str(site), "--seed", "3", "--body-chars", "300",
                    "--build-date", "2026-12-01"], check=True, capture_output=True)
    text = default_text("partials/doc_list.html")
    line = next(i for i, s in enumerate(text.split("\n")) if "{% for d in documents %}" in s)
    snippet = expr if expr.startswith("{%") else "{{ " + expr + " }}"
    lines = text.split("\n")
    lines.insert(line + 1, f'  <span class="r17">{snippet}</span>')
    override(site, "partials/doc_list.html", "\n".join(lines))
    if name == "macro-import":
        override(site, "partials/r17m.html", "{% macro show(x) %}{{ x.body | length }}{% endmacro %}")
    return site, line + 2


def edit_body(site):
    path = site / EDIT
    text = path.read_text(encoding="utf-8")
    head, body = re.match(r"(---\n.*?\n---\n)(.*)", text, re.S).groups()
    path.write_text(head + "\n乙" + body.lstrip("\n") + "\n追加的一段正文。\n", encoding="utf-8")


def one(name):
    site, line = site_for(name, WAYS[name])
    rc, out = build(site, 2)
    if rc != 0:
        ok = rc == 2 and "GK022" in out and "Traceback" not in out
        say(f"{name}\tfirst build refused (rc {rc}){'' if ok else ' BROKEN'}\t{excerpt(out, 300)}")
        return
    edit_body(site)
    rc2, out2 = build(site, 2, "-v")
    clean = TMP / "body-clean"
    shutil.rmtree(clean, ignore_errors=True)
    rc3, out3 = build(site, 1, "--clean", "--out", str(clean))
    a, b = digest(site / "public"), digest(clean)
    differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k) and not k.endswith(MARKER))
    hint = re.search(r"提示：本次未走单篇改动的快速路径[^\n]*", out2)
    path = "slow path: " + hint.group(0)[:80] if hint else "one-edit fast path"
    verdict = "holds" if rc2 == rc3 == 0 and not differ else f"BROKEN: {len(differ)} files differ {differ[:4]}"
    shown = re.findall(r'<span class="r17">([^<]*)</span>', (site / "public/index.html").read_text(encoding="utf-8"))[:3]
    say(f"{name}\tbuilt; after the edit rc {rc2}/{rc3} ({path})\t{verdict}\tshown {shown}")



def symlink_include(poison=False):
    """A partial that is a symlink to a public document's file, included by base.html; then that body is edited
    (poison: the edit puts `{{ 1 / 0 }}` in the body, so the partial now fails)."""
    import os

    site, _ = site_for("dot-body", "d.title")
    partial = site / "themes/default/templates/partials/leak.html"
    os.symlink((site / EDIT).resolve(), partial)
    override(site, "base.html", default_text("base.html").replace("<body>", '<body>{% include "partials/leak.html" %}', 1))
    rc, out = build(site, 2)
    assert rc == 0, out
    edit_body(site)
    if poison:
        with open(site / EDIT, "a", encoding="utf-8") as f:
            f.write("\n{{ 1 / 0 }}\n")
    rc2, out2 = build(site, 2, "-v")
    clean = TMP / "body-clean"
    shutil.rmtree(clean, ignore_errors=True)
    rc3, out3 = build(site, 1, "--clean", "--out", str(clean))
    a, b = digest(site / "public"), digest(clean)
    differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k) and not k.endswith(MARKER))
    hint = re.search(r"提示：本次未走单篇改动的快速路径[^\n]*", out2)
    say(f"symlink-include{'-poison' if poison else ''}\tincremental rc {rc2}, clean rc {rc3} "
        f"({'slow path' if hint else 'one-edit fast path'})\t{len(differ)} files differ {differ[:4]}\t"
        f"incremental: {excerpt(out2[-200:], 200)}\tclean: {excerpt(out3[-300:], 300)}")


POISON = {
    "poison-zero": "{{ 1 / 0 }}",
    "poison-surrogate": '{{ "\\ud800" }}',
    "poison-range": "{% for i in range(100001) %}{% endfor %}",
}


def fastpath_poison(kind):
    """document.html fails only for a body holding "乙" (read by a bound str.format, row 2's escape);
    the edit puts "乙" in front of a public body: the clean build must fail (GK022), and so must the
    incremental one (claim 2: also on the one-edit fast path)."""
    site, _ = site_for("format-set", "d.title")
    text = default_text("document.html")
    snippet = '{% set f = ("{0.bo" ~ "dy}").format %}{% if "乙" in f(doc) %}' + POISON[kind] + "{% endif %}"
    override(site, "document.html", text.replace("{% block content %}", "{% block content %}" + snippet, 1))
    rc, out = build(site, 2)
    assert rc == 0, out
    before = digest(site / "public")
    edit_body(site)
    rc2, out2 = build(site, 2, "-v")
    after = digest(site / "public")
    clean = TMP / "body-clean"
    shutil.rmtree(clean, ignore_errors=True)
    rc3, out3 = build(site, 1, "--clean", "--out", str(clean))
    changed = sum(1 for k in set(before) | set(after) if before.get(k) != after.get(k))
    hint = re.search(r"提示：本次未走单篇改动的快速路径[^\n]*", out2)
    verdict = "holds" if rc2 == 2 and rc3 == 2 and changed == 0 else "BROKEN"
    say(f"{kind}\tincremental rc {rc2} ({'slow path' if hint else 'one-edit fast path'}, {changed} files changed), "
        f"clean rc {rc3}\t{verdict}\tclean: {excerpt(out3[-250:], 250)}")


if __name__ == "__main__":
    for n in sys.argv[1:] or WAYS:
        if n in POISON:
            fastpath_poison(n)
        elif n.startswith("symlink-include"):
            symlink_include(poison=n.endswith("poison"))
        else:
            one(n)
