"""Round 9, attack 1: custom themes that leak a document's old body or digest past the one-edit path
(bodyframe.single_body + body_elsewhere's probe), compared with a clean build after a public body edit."""
from __future__ import annotations

import re
import sys
import time

from r9_common import (
    DATE,
    GEN,
    REPO_THEME,
    append,
    build,
    clean_compare,
    fresh,
    said_fast,
    site,
    verdict,
)

LIST = "partials/doc_list.html"
DOCP = "document.html"
TITLE = "{{ d.title }}</a>"


def variants(first_day: str) -> dict[str, dict[str, tuple[str, str]]]:
    """name → {template: (text to find in the default, text put after it)}."""
    return {
        "listing attr(run-time name) body length": {LIST: (TITLE, '<i>{{ (d | attr("bo" ~ "dy")) | length }}</i>')},
        "listing d|string (repr: digest)": {LIST: (TITLE, """<i>{{ (d | string).split("digest='")[1][:16] }}</i>""")},
        "listing d.__dict__ _body_sha": {LIST: (TITLE, '<i>{{ d.__dict__.get("_bo" ~ "dy_sha") }}</i>')},
        "document.html conditional on doc.url (probe doc skipped)": {
            DOCP: ('<div class="doc-body">',
                   '{% if doc.url != "' + first_day + '" %}<i>{{ (doc | attr("bo" ~ "dy")) | length }}</i>{% endif %}')},
        "document.html macro import reading doc": {
            DOCP: ('<div class="doc-body">', '{% import "m9.html" as m %}{{ m.show(doc) }}')},
        "document.html doc.__dict__ _body_sha": {
            DOCP: ('<div class="doc-body">', '<i>{{ doc.__dict__.get("_bo" ~ "dy_sha") }}</i>')},
        "document.html namespace/loop over columns' documents": {
            DOCP: ('<div class="doc-body">',
                   '{% set ns = namespace(s="") %}{% for c in doc.columns %}{% set ns.s = (doc | string).split("digest=" ~ "\x27")[1][:16] %}{% endfor %}<i>{{ ns.s }}</i>')},
    }


EXTRA = {"m9.html": '{% macro show(d) %}<i>{{ (d | attr("bo" ~ "dy")) | length }}</i>{% endmacro %}'}


def one(name: str, edits: dict[str, tuple[str, str]], idx: int) -> bool:
    d = fresh(f"bf{idx}")
    s = site(d, 30)
    tdir = s / "themes" / "default" / "templates"
    for tpl, (find, put) in edits.items():
        text = (REPO_THEME / tpl).read_text(encoding="utf-8")
        assert find in text, (tpl, find)
        (tdir / tpl).parent.mkdir(parents=True, exist_ok=True)
        (tdir / tpl).write_text(text.replace(find, find + put, 1), encoding="utf-8")
    for tpl, text in EXTRA.items():
        (tdir / tpl).write_text(text, encoding="utf-8")
    out = d / "out"
    time.sleep(2.5)
    rc, o, e = build(s, out)
    assert rc == 0, e[-1500:]
    plain = s / GEN / "d000003.md"  # no relations: the one-edit path may take it
    target = plain
    append(target, "\n\n新增的一段正文，用于检验旧正文是否残留。增加长度。\n")
    rc, o, e = build(s, out, DATE, "-v")
    path = said_fast(o, e)
    diff = clean_compare(s, out)
    return verdict(f"1/{name}", rc == 0 and not diff, f"rc={rc} {path}; differs from clean: {diff[:5]}",
                   "the same output as a clean build")


def main() -> int:
    only = sys.argv[1:]
    ok = True
    first_day = None
    for i, (name, edits) in enumerate(variants("{FIRST}").items()):
        if only and str(i) not in only:
            continue
        if "{FIRST}" in str(edits):
            d = fresh("probe-first")  # the probe renders the newest public document's page (the home page's first)
            rc, o, e = build(site(d, 30), d / "out")
            first_day = re.search(r'href="(docs/[^"]+)"', (d / "out" / "index.html").read_text(encoding="utf-8")).group(1)
            edits = variants(first_day)[name]
        ok &= one(name, edits, i)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
