"""A listing that shows something of a document's body, read in many ways; then one body edit.

For each way: the site's partials/doc_list.html shows EXPR for every listed document `d`. The
first build either refuses (GK022: the subscript ways must) or builds; then one public document's
body gets a character in front (length and order change), the incremental build runs, and its
output is compared with a clean build into another folder (tests/test_incremental.py's test).

    PYTHONPATH=/work/wt/hostile16 python r16_body.py [NAME ...]
"""

import re
import shutil
import subprocess
import sys

from r16_common import GK, MARKER, PY, TMP, build, default_text, digest, excerpt, override, say

WAYS = {
    # refused by the claim (GK022)
    "sub-body": 'd["body"] | length',
    "sub-concat": 'd["bo" ~ "dy"] | length',
    "sub-_body": 'd["_body"] | length',
    "sub-set-key": '{% set k = "bo" ~ "dy" %}{{ d[k] | length }}',
    "map-attribute": 'documents | map(attribute="body") | map("length") | join(",")',
    "sort-attribute": '(documents | sort(attribute="body") | first).title',
    "groupby-attribute": 'documents | groupby(attribute="body") | length',
    # other ways: either GK022 or an incremental output equal to a clean build
    "dot-body": "d.body | length",
    "groupby-positional": 'documents | groupby("bo" ~ "dy") | map("first") | map("length") | join(",")',
    "sort-positional": '(documents | sort(false, false, "bo" ~ "dy") | first).title',
    "selectattr": '(documents | selectattr("bo" ~ "dy", "lt", "演") | list | length)',
    "rejectattr": '(documents | rejectattr("bo" ~ "dy", "lt", "演") | list | length)',
    "unique": '(documents | unique(false, "bo" ~ "dy") | list | length)',
    "max": '(documents | max(false, "bo" ~ "dy")).title',
    "sum": '(documents | sum("bo" ~ "dy", "")) | length',
    "join-attr": '(documents | join(",", "bo" ~ "dy")) | length',
    "map-attr-filter": 'documents | map("attr", "bo" ~ "dy") | map("length") | join(",")',
    "str-format-literal": '"{0.body}".format(d) | length',
    "str-format-computed": '("{0.bo" ~ "dy}").format(d) | length',
    "str-format-digest": '("{0.dig" ~ "est}").format(d)',
    "attr-literal": '(d | attr("body")) | length',
    "attr-computed": '(d | attr("bo" ~ "dy")) | length',
    "body_sha": "d.body_sha",
    "body_reader": "d.body_reader(d) | length",
    "dunder-dict": '(d.__dict__ | string) | length',
    "getattribute": 'd.__getattribute__("bo" ~ "dy") | length',
    "class-property": '(d.__class__ | attr("bo" ~ "dy")).fget(d) | length',
    "string": "d | string | length",
    "pprint": "d | pprint | length",
    "tojson": "d | tojson | length",
    "getstate": 'd.__getstate__() | string | length',
    "reduce": 'd.__reduce_ex__(2) | string | length',
    "mro-vars": '(d.__class__.__mro__ | string) | length',
    "dict-items": '(d.__dict__.items() | list | string) | length',
    "namespace": '{% set ns = namespace(x=d) %}{{ (ns.x | attr("bo" ~ "dy")) | length }}',
    "loop-class-dict": '{% for k in d.__class__.__dict__ %}{% if k == "bo" ~ "dy" %}{{ (d | attr(k)) | length }}{% endif %}{% endfor %}',
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
    lines.insert(line + 1, f'  <span class="r16">{snippet}</span>')
    override(site, "partials/doc_list.html", "\n".join(lines))
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
    shown = re.findall(r'<span class="r16">([^<]*)</span>', (site / "public/index.html").read_text(encoding="utf-8"))[:3]
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


if __name__ == "__main__":
    for n in sys.argv[1:] or WAYS:
        if n.startswith("symlink-include"):
            symlink_include(poison=n.endswith("poison"))
        else:
            one(n)
