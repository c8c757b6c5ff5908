"""Round 33, B: GK713 (an image or media naming a document) against the page. Each variant is appended to the
body of content/ydz/2024-90001.md (public, ydz/) of one demo copy; the check runs in-process (load_and_check, the
real rules) and the body is rendered as the build renders it (markdown_fragment + rewrite_links with the build's
link map). A variant is a disagreement when the page shows an <img> whose src is a document page (docs/*.html)
or keeps a doc:/.md target while the check is silent, or when the check says GK713 while the page shows nothing
of a document. The target document is ysq/2024-90003.md (ZBJG0003/2024-90003, public); `(1).md` variants use
a copy of it named ysq/x(1).md."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys

from r33_common import REPO, demo

sys.path.insert(0, str(REPO))
from gkssg.build.pipeline import link_map, load_and_check  # noqa: E402
from gkssg.render.markdown import markdown_fragment, rewrite_links  # noqa: E402

T = "../ysq/2024-90003"
IDX = "ZBJG0003/2024-90003"
V = {
    # control: must be GK713
    "md-img": f"![图]({T}.md)",
    "md-img-doc": f"![图](doc:{IDX})",
    # query / empty query / fragment forms
    "md-img-query": f"![图]({T}.md?v=1)",
    "md-img-emptyq": f"![图]({T}.md?)",
    "md-img-q-frag": f"![图]({T}.md?#a)",
    "html-img-query": f'<img alt="图" src="{T}.md?x">',
    # raw HTML spellings the checker's regex may miss
    "html-unquoted": f"<img alt=图 src={T}.md>",
    "html-unquoted-doc": f"<IMG ALT=图 SRC=doc:{IDX}>",
    "html-data-src-first": f'<img data-src="a.png" src="{T}.md" alt="图">',
    "html-alt-gt": f'<img alt="a>b" src="{T}.md">',
    "html-apos-in-dq": f'<img alt="图" src="{T}.md" title="it\'s">',
    "html-src-after-title-q": f'<img title="x\'y" src="{T}.md" alt="图">',
    "html-newline-attr": f'<img\nalt="图"\nsrc="{T}.md">',
    "html-entity-src": f'<img alt="图" src="{T}&#46;md">',
    "html-entity-named": f'<img alt="图" src="{T}&period;md">',
    "html-src-space-eq": f'<img alt="图" src = "{T}.md">',
    "html-src-tab-before": f'<img alt="图"\tsrc="{T}.md">',
    "html-slash-sep": f'<img/src="{T}.md"/alt="图">',
    "html-dup-src": f'<img src="a.png" src="{T}.md" alt="图">',
    "html-dup-src2": f'<img src="{T}.md" src="a.png" alt="图">',
    # percent-encoding and case
    "md-pct-dot": f"![图]({T}%2Emd)",
    "md-pct-m": f"![图]({T}.%6Dd)",
    "md-upper": f"![图]({T}.MD)",
    "md-doc-upper": f"![图](DoC:{IDX})",
    "md-doc-pct": f"![图](doc%3A{IDX})",
    "md-doc-space-idx": f"![图](doc:%20{IDX})",
    "md-backslash": "![图](..\\ysq\\2024-90003.md)",
    "md-slash-end": f"![图]({T}.md/)",
    "md-dot-seg": "![图](../ysq/./2024-90003.md)",
    "md-angle-spaces": f"![图](<{T}.md>)",
    # Markdown parser differentials
    "md-parens": "![图](../ysq/x(1).md)",
    "md-nested-alt": f"![a [b [c]]]({T}.md)",
    "md-title-newline": f'![图]({T}.md\n"t")',
    "md-escaped-bracket": f"![图\\]]({T}.md)",
    "ref-blockquote": f"> ![图][q1]\n>\n> [q1]: {T}.md",
    "ref-title-next": f"![图][q2]\n\n[q2]: {T}.md\n    \"t\"",
    "ref-dest-next": f"![图][q3]\n\n[q3]:\n    {T}.md",
    "ref-angle-space": "![图][q4]\n\n[q4]: <../ysq/x(1).md>",
    "ref-in-list": f"- ![图][q5]\n\n    [q5]: {T}.md",
    "ref-label-case": f"![图][Q  6]\n\n[q 6]: {T}.md",
    "ref-shortcut-nested": f"![a [b]]\n\n[a [b]]: {T}.md",
    "ref-collapsed": f"![q7][]\n\n[q7]: {T}.md",
    "ref-4-spaces": f"![图][q8]\n\n   [q8]: {T}.md",
    "ref-used-by-link-and-img": f"[链接][q9] ![图][q9]\n\n[q9]: {T}.md",
    "img-in-link-text-ref": f"[![图][q10]](a.png)\n\n[q10]: {T}.md",
    # attr_list (enabled): an attribute list setting src on an image
    "attr-src": "![图](a.png){: src=\"" + T + ".md\"}",
    "attr-src-doc": "![图](a.png){: src=\"doc:" + IDX + "\"}",
    "attr-src-query": "![图](a.png){: src=\"" + T + ".md?v=1\"}",
    "attr-src-ref": "![图][q12]{: src=\"" + T + ".md\"}\n\n[q12]: a.png",
    "attr-href-on-link": "[看](a.pdf){: href=\"" + T + ".md\"}",
    # an image inside a link's text: the outer link's match swallows it
    "img-in-link-doc": "[![图](" + T + ".md)](files/a.pdf)",
    "img-in-link-doc2": "[![图](" + T + ".md)](doc:" + IDX + ")",
    # false-positive candidates: no image on the page
    "fp-code-span": f"`![图]({T}.md)`",
    "fp-code-block": f"```\n![图]({T}.md)\n```",
    "fp-indented-code": f"\n    <img src=\"{T}.md\">\n",
    "fp-html-comment": f'<!-- <img src="{T}.md"> -->',
    "fp-escaped-bang": f"\\![图]({T}.md)",
    "fp-escaped-lt": f'\\<img src="{T}.md">',
    "fp-src-in-title": "<img title=\"src='" + T + ".md'\" src=\"../ysq/media/yitu.png\" alt=\"图\">",
    "fp-alt-md-syntax": "<img alt=\"![x](" + T + ".md)\" src=\"../ysq/media/yitu.png\">",
    "fp-ref-def-unused-img": f"![图][other]\n\n[q11]: {T}.md\n[other]: a.png",
}


def rendered(site, doc):
    frag = markdown_fragment(doc.body)[0]
    return rewrite_links(doc, frag, link_map(site)).html


def tail_of(html_text):
    at = html_text.find("MARK33")
    return re.sub(r"\s+", " ", html_text[at:])[:300] if at >= 0 else html_text[-300:]


def verdict(has713, shown):
    bad = re.search(r'<img[^>]*src="[^"]*(docs/|\.md|doc:)', shown) or re.search(r'src="[^"]*\.html', shown)
    if has713 and bad:
        return "agree(713, page broken img)"
    if not has713 and bad:
        return "DISAGREE: check silent, page img names a document"
    if has713 and not bad:
        return "DISAGREE?: GK713 but page shows no document image"
    return "agree(silent, none shown)"


def main(names):
    site = demo("g713")
    shutil.copy(site / "content/ysq/2024-90003.md", site / "content/ysq/x(1).md")
    md = site / "content/ydz/2024-90001.md"
    base = md.read_text(encoding="utf-8")
    # the copy needs its own 索引号
    c = site / "content/ysq/x(1).md"
    c.write_text(c.read_text(encoding="utf-8").replace("2024-90003", "2024-90093"), encoding="utf-8")
    for name in names:
        md.write_text(base + "\n\nMARK33\n\n" + V[name] + "\n", encoding="utf-8")
        s, findings = load_and_check(site, dt.date(2026, 12, 7))
        mine = [f for f in findings.items if f.file == "content/ydz/2024-90001.md" and f.severity == "error"]
        has713 = any(f.code == "GK713" for f in mine)
        doc = next(d for d in s.documents if d.source == "content/ydz/2024-90001.md")
        shown = tail_of(rendered(s, doc))
        others = sorted({f.code for f in mine if f.code != "GK713"})
        print(f"{name:26} GK713={has713!s:5} other={others} {verdict(has713, shown)}\n    page: {shown[:220]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(V))
