"""Round 35b: script URLs by many spellings (Markdown links, references, autolinks, raw HTML, entities, escapes,
controls, <!--> and CDATA that hide a tag from the link checks): does any reach the page (markdown_fragment +
rewrite_links) as a scheme other than http/https/mailto/tel or with an event handler / style / srcset?"""
from __future__ import annotations

import html
import itertools
import re
import sys

from gkssg.model import Document
from gkssg.render.markdown import LinkMap, followed_target, markdown_fragment, rewrite_links

SCHEMES = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java&#x09;script:alert(1)",
           "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "javascript&colon;alert(1)", "javascript&#58alert(1)",
           "\x01javascript:alert(1)", " javascript:alert(1)", "java\\script:alert(1)", "javascript\\:alert(1)",
           "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
           "data:image/svg+xml,<svg onload=alert(1)>", "jav&#x0A;ascript:alert(1)", "javascript&NewLine;:alert(1)",
           "&Tab;javascript:alert(1)", "javas\x1bcript:alert(1)", "doc:x\" onerror=\"alert(1)"]
FORMS = ["[x]({u})", "[x](<{u}>)", "![x]({u})", "[x][r]\n\n[r]: {u}", "<{u}>", '<a href="{u}">x</a>',
         "<img src=\"{u}\">", "<!--> <a href=\"{u}\">x</a> -->", "<![CDATA[ > <a href=\"{u}\">x</a> ]]>",
         "[x]\x1b({u})", '<a href="x" onclick="{u}">x</a>', '<img src=x onerror="{u}">',
         '<a href="{u}" style="x">x</a>', '<svg><a xlink:href="{u}">x</a></svg>', '<iframe src="{u}"></iframe>',
         '<form action="{u}"><button>x</button></form>', '<math href="{u}">x</math>']
BAD = re.compile(r"^(?!(?:https?|mailto|tel):)[A-Za-z][A-Za-z0-9+.-]*:", re.I)  # another scheme


def main():
    doc = Document(source="content/x/a.md", index_no="X/1")
    found = 0
    for form, url in itertools.product(FORMS, SCHEMES):
        body = form.replace("{u}", url)
        frag, _ = markdown_fragment(body)
        page = rewrite_links(doc, frag, LinkMap()).html
        for tag, attr, value in re.findall(r"<(\w+)[^>]*?\s([\w:-]+)=\"([^\"]*)\"", page):
            v = followed_target(html.unescape(value))
            if attr.startswith("on") or attr in ("style", "srcset", "xlink:href", "action", "formaction") or \
                    (attr in ("href", "src") and BAD.match(v) and not v.startswith("doc:")):
                found += 1
                print("REACHED", repr(body), "->", page[:160])
    print(found, "script-capable attributes on", len(FORMS) * len(SCHEMES), "pages")
    sys.exit(0)


if __name__ == "__main__":
    main()
