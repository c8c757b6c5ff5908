"""Round 35b: find_links (targets and lines) of the same bodies under the code on PYTHONPATH; run once with
PYTHONPATH=$PWD and once with PYTHONPATH=/tmp/h35b/old (d2d6e89) to tell a regression from an old fault."""
from __future__ import annotations

import os

from gkssg.checks.links import find_links
from gkssg.model import Document

A = '<a href="缺少.pdf">旧附件</a>'
BODIES = {
    "<!--> hides": '<!--> <a href="http://192.0.2.7/x">x</a> -->',
    "CDATA hides": '<![CDATA[ > <a href="http://192.0.2.7/x">x</a> ]]>',
    "&copy2024": '<a href="年报&copy2024.pdf">年报</a>',
    "comment -- >": "<!-- -- > " + A + " -->",
    "textarea": "x <textarea>" + A + "</textarea>",
    "noscript": "x <noscript>" + A + "</noscript>",
    "line: quoted before": '说明："files/缺少.pdf" 是附件名。\n\n\n\n[附件](files/缺少.pdf)',
    "line: code before": "写法：`[附件](files/缺少.pdf)`\n\n\n\n[附件](files/缺少.pdf)",
    "line: control in target": "[a](b.pdf)\n\n\n\n[附件](files/缺\x1b少.pdf)",
    "a without href": 'x <a name="n">http://192.0.2.1/a</a>',
}

for name, body in BODIES.items():
    doc = Document(source="content/x/a.md")
    doc.body = body
    doc.body_line = 1
    got = [(link.target, link.line) for link in find_links(doc)]
    print(f"{os.environ.get('PYTHONPATH', '')[-12:]:12} {name:24} {got}")
