"""Round 35b: the page's href/src (markdown_fragment: Python-Markdown, nh3) against what the link checks read
(find_links + dropped_embeds, render/targets.py). Prints every body whose page names a URL the checks never judged
(UNDER) or whose link/image the checks judge but the page lacks while the sanitizer would have kept it (OVER)."""
from __future__ import annotations

import sys
from html.parser import HTMLParser

from gkssg.checks.links import _read, dropped_embeds, find_links  # noqa: F401
from gkssg.model import Document
from gkssg.render.markdown import followed_target, markdown_fragment


class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if (tag, k) in (("a", "href"), ("img", "src")):
                self.urls.append((tag, followed_target(v or "")))


def page_urls(body):
    frag, targets = markdown_fragment(body)
    p = P()
    p.feed(frag)
    return frag, p.urls


def check_urls(body):
    doc = Document(source="content/x/a.md")
    doc.body = body
    doc.body_line = 1
    links, dropped = _read.__wrapped__(doc) if hasattr(_read, "__wrapped__") else _read(doc)
    return links, dropped


def run(bodies):
    bad = 0
    for body in bodies:
        frag, page = page_urls(body)
        links, dropped = check_urls(body)
        checked = {link.target for link in links}
        under = [u for t, u in page if u not in checked]
        if under:
            bad += 1
            print("UNDER", repr(body), "page:", under, "checked:", sorted(checked), "frag:", frag[:200])
    return bad


BODIES = [
    "[a](x.pdf)", "<a href=x.pdf>a</a>", "<a/href=x.pdf>a</a>", "<a href=x.pdf/>a",
    "<img/src=x.png>", "<img src=x.png", "<a href='x.pdf'\n>a</a>",
    "<!--> <a href=hid.pdf>x</a> -->", "<!---> <a href=hid.pdf>x</a> -->",
    "<!-- --!> <a href=hid.pdf>x</a> -->",
    "<![CDATA[ <a href=hid.pdf>x</a> ]]>", "x <![CDATA[ ]]> <a href=hid.pdf>x</a>",
    "<?php <a href=hid.pdf>x</a> ?>", "<? > <a href=hid.pdf>x</a>",
    "<!DOCTYPE <a href=hid.pdf>x</a>>",
    '<a href="x.pdf?a=1&copy=2">a</a>', '<a href="files/a&notes.pdf">a</a>', '<a href="a&amp.pdf">a</a>',
    '<a href="a&ampx.pdf">a</a>', "[a](a&notes.pdf)", "[a](a&copy=1.pdf)", "[a](a&#x2e;pdf)",
    "<a href=\"x.pdf\" href=\"y.pdf\">a</a>", "<a hre\x00f=\"x.pdf\">a</a>",
    "<a href\n=\nx.pdf>a</a>", "<a\thref=x.pdf>a</a>", "<a href = 'x.pdf'>a</a>",
    "<a title='>' href=x.pdf>a</a>", '<a title=">" href=x.pdf>a</a>', "<a title=a>b href=x.pdf>a</a>",
    "<a \"href=x.pdf\">a</a>", "<a =href=x.pdf>a</a>", "<a ''href=x.pdf>a</a>",
    "<a href=x.pdf<b>a</a>", "<a <href=x.pdf>a</a>", "<a href=`x.pdf`>a</a>",
    "<A HREF=X.PDF>a</A>", "<a HrEf=x.pdf>a</a>", "<img SRC=x.png>",
    "<textarea><a href=hid.pdf>x</a></textarea>", "<title><a href=hid.pdf>x</a></title>",
    "<xmp><a href=hid.pdf>x</a></xmp>", "<noscript><a href=hid.pdf>x</a></noscript>",
    "<script><a href=hid.pdf>x</a></script>", "<style><a href=hid.pdf>x</a></style>",
    "<iframe><a href=hid.pdf>x</a></iframe>", "<noembed><a href=hid.pdf>x</a></noembed>",
    "<noframes><a href=hid.pdf>x</a></noframes>", "<plaintext><a href=hid.pdf>x</a>",
    "<svg><a href=hid.pdf>x</a></svg>", "<math><a href=hid.pdf>x</a></math>",
    "<template><a href=hid.pdf>x</a></template>", "<select><a href=hid.pdf>x</a></select>",
    "<table><a href=hid.pdf>x</a></table>",
    "<script>x</script><a href=hid.pdf>x</a>", "<style>/*</style><a href=hid.pdf>x</a>",
    "<script><!--<script></script><a href=hid.pdf>x</a></script>",
    "<div>\n[a](hid.pdf)\n</div>", "<div markdown=\"1\">\n[a](hid.pdf)\n</div>",
    "<div>[a](hid.pdf)</div>", "<span>[a](hid.pdf)</span>", "<p>[a](hid.pdf)</p>",
    "[a]: hid.pdf\n\n[a]", "[A]: hid.pdf\n\n[a]", "[ẞ]: hid.pdf\n\n[ß]", "[ß]: hid.pdf\n\n[SS]",
    "[a  b]: hid.pdf\n\n[a b]", "[a\tb]: hid.pdf\n\n[a b]", "[a]:hid.pdf\n\n[a]",
    "[a]: <hid.pdf>\n\n[a]", "  [a]: hid.pdf\n\n[a]", "[a]:\nhid.pdf\n\n[a]",
    "[a]: hid.pdf 'x'\n\n[a][]", "[x][a]\n\n[a]: hid.pdf", "![x][a]\n\n[a]: hid.png",
    "text[^1]\n\n[^1]: [a](hid.pdf)", "text[^1]\n\n[^1]: <http://1.2.3.4/>",
    "| a | b |\n|---|---|\n| [x](hid.pdf) | <a href=y.pdf>y</a> |",
    "| a |\n|---|\n| [x](hid\\|x.pdf) |",
    "<http://1.2.3.4/>", "<https://example.org/a\\b>", "<a@b.cn>", "<mailto:a@b.cn>",
    "<ftp://1.2.3.4/>", "<HTTP://1.2.3.4/>", "<file:///etc/passwd>", "<doc:X>",
    "<javascript:alert(1)>", "<hid.pdf>", "<./hid.pdf>",
    "[a](hid.pdf){: href=other.pdf }", "[a](hid.pdf){: .c }", "![a](h.png){: src=o.png }",
    "para {: #x }\n[a](hid.pdf)",
    "[a](<hid .pdf>)", "[a](hid%20.pdf)", "[a]( hid.pdf )", "[a](hid.pdf 'title')",
    "[a](hid.pdf \"t\")", "[a](hid(1).pdf)", "[a](hid\\(1.pdf)", "[a](hid\\).pdf)",
    "[a](../../etc/passwd)", "[a](..\\..\\x)", "[a](%2e%2e/%2e%2e/x)", "[a](/etc/passwd)",
    "[a](\\\\server\\x)", "[a](C:\\x.pdf)", "[a](//evil.cn/x)", "[a](\\/evil.cn)",
    "[a]( javascript:alert(1))", "[a](jav&#x09;ascript:alert(1))", "[a](java\\script:x)",
    "[[a](x.pdf)](y.pdf)", "[![a](i.png)](y.pdf)", "![[a](x.pdf)](i.png)",
    "`[a](x.pdf)` [b](y.pdf)", "``[a](x.pdf)`` [b](y.pdf)", "\\`[a](x.pdf)\\`",
    "- item\n\n        [a](x.pdf)", "1. item\n\n    ```\n    [a](x.pdf)\n    ```",
    "> [a](x.pdf)", ">     [a](x.pdf)", "- > [a](x.pdf)",
    "Setext\n======\n[a](x.pdf)",
    "见 http://1.2.3.4/a 文件", "见 https://1.2.3.4/a", "见 www.1.2.3.4", "见 http://[::1]/",
    "<div>http://1.2.3.4/</div>", "见 ftp://1.2.3.4/", "见 HTTP://1.2.3.4/a。",
    "<a href=\"&#106;avascript:alert(1)\">x</a>", "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"&#x6a&#x61vascript:1\">x</a>", "<img src=\"&#104;ttp://1.2.3.4/\">",
    "<img src=x.png srcset=\"hid.png 2x\">", "<picture><source srcset=\"h.png\"><img src=x.png></picture>",
    "<video poster=h.png src=v.mp4></video>", "<div style=\"background:url(h.png)\">x</div>",
    "<svg><image xlink:href=h.png /></svg>", "<base href=\"http://evil/\">[a](x.pdf)",
    "<meta http-equiv=refresh content=\"0;url=http://evil\">",
    "<object data=h.pdf></object>", "<embed src=h.pdf>", "<link rel=stylesheet href=h.css>",
    "<form action=h.pdf><button formaction=h2.pdf>x</button></form>",
    "<blockquote cite=\"doc:X\">x</blockquote>", "<q cite=h.pdf>x</q>", "<ins cite=h.pdf>x</ins>",
    "<a href=\"x.pdf\"\x0c>x</a>", "<a\x0chref=x.pdf>x</a>", "<a\rhref=x.pdf>x</a>",
    "<a href=\"x\x0bpdf\">x</a>", "<a href=x.pdf\x00>x</a>",
    "<a href=x.pdf>x</a\n>", "<a href=x.pdf>x</ a>",
]

if __name__ == "__main__":
    bad = run(BODIES)
    print(f"{bad} of {len(BODIES)} bodies: the page names a URL the checks did not judge")
    sys.exit(0)
