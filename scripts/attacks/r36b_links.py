"""Round 36b: the link checks (render/targets.py: nh3 with every element kept) against the page
(markdown_fragment: the same HTML, sanitized), on the parts where the two sanitizer runs differ: what the page's
sanitizer removes with its parent (SVG and MathML content whose <svg>/<math> it unwraps: ammonia then finds the
child out of its namespace and drops it with its content), raw-text elements, the footnote classes, tree-builder
moves (foster parenting, the adoption agency, nested <a>). UNDER: the page links what no check judged; OVER: a
missing file judged that the page does not have (GK722 refuses the build).
Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_links.py"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from r35b_diff import check_urls, page_urls  # noqa: E402

M = "缺少.pdf"
A = f'<a href="{M}">旧附件</a>'
BODIES = {
    "svg foreignObject": f"x <svg><foreignObject>{A}</foreignObject></svg>",
    "svg a": f'x <svg><a href="{M}">t</a></svg>',
    "svg a xlink": f'x <svg><a xlink:href="{M}">t</a></svg>',
    "math mi": f"x <math><mi>{A}</mi></math>",
    "math mtext": f"x <math><mtext>{A}</mtext></math>",
    "math annotation-xml html": f'x <math><annotation-xml encoding="text/html">{A}</annotation-xml></math>',
    "svg breakout <p>": f"x <svg><p>{A}</p></svg>",
    "math breakout <b>": f"x <math><b>{A}</b></math>",
    "svg foreignObject math": f"x <svg><foreignObject><math><mi>{A}</mi></math></foreignObject></svg>",
    "svg desc": f"x <svg><desc>{A}</desc></svg>",
    "table foster": f"<table><tr><td>1</td></tr>{A}</table>",
    "table template": f"<table><template>{A}</template></table>",
    "adoption agency": f'<a href="b.pdf">x<div>{A}</div></a>',
    "nested a": f'<a href="b.pdf">x{A}</a>',
    "a in b in a": f'<a href="b.pdf"><b>x<a href="{M}">y</a></b></a>',
    "select": f"x <select><option>{A}</option></select>",
    "select > a direct": f"x <select>{A}</select>",
    "form": f"<form>{A}</form>",
    "object": f"x <object>{A}</object>",
    "image alias": f'x <image src="{M}">',
    "noscript in foreignObject": f"x <svg><foreignObject><noscript>{A}</noscript></foreignObject></svg>",
    "textarea in svg": f"x <svg><textarea>{A}</textarea></svg>",
    "frameset": f"<frameset>{A}</frameset>",
    "head-ish": f"<head><base href='x/'></head>{A}",
    "body tag": f"<body>{A}</body>",
    "html comment bang": f"<!--!-->{A}",
    "pi": f"<?x {A}?>",
    "footnote class": f'<a class="footnote-ref" href="{M}">x</a>',
    "footnote class by attr_list": f"[x]({M}){{: .footnote-backref }}",
    "class on parent only": f'<span class="footnote-ref">{A}</span>',
}


def main():
    under = over = 0
    for name, body in BODIES.items():
        _, page = page_urls(body)
        links, dropped = check_urls(body)
        judged = [link.target for link in links]
        page_urls_ = [u for _, u in page]
        u = [p for p in page_urls_ if p not in judged]
        o = M in judged and M not in page_urls_
        under += bool(u)
        over += o
        verdict = "UNDER" if u else "OVER " if o else "ok   "
        print(verdict, f"{name:28}", "| page:", page_urls_, "| judged:", judged)
    print(f"{under} UNDER, {over} OVER of {len(BODIES)}")


if __name__ == "__main__":
    main()
