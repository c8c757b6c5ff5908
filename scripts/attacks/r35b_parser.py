"""Round 35b: where Python's HTMLParser (render/targets.py reads the body's HTML with it) and html5ever (nh3, which
makes the page; a browser reads as html5ever does) disagree on what is a tag. UNDER: the page has a link or image
the checks never judged. OVER: the checks judge a link or image (a, img src) the page does not have, though the
sanitizer would have kept it (a false GK7xx error that refuses the build)."""
from __future__ import annotations

import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from r35b_diff import check_urls, page_urls  # noqa: E402

L = '<a href="http://192.0.2.9/p">x</a>'
BODIES = [
    "<!--> " + L + " -->", "<!---> " + L + " -->", "x <!--> " + L + " -->", "<p><!-->" + L + "--></p>",
    "<!-- --!> " + L + " -->", "<!-- -- > " + L + " -->",
    "<![CDATA[ > " + L + " ]]>", "x <![CDATA[ > " + L + " ]]> y", "<![if x]> > " + L + " <![endif]>",
    "x <![if !ie]> > " + L + " ]>", "x <![foo[ > " + L + " ]]>",
    '<!DOCTYPE x "a>b" ' + L + ">", "x <!DOCTYPE x \"a>b\" " + L + ">", "x <!ELEMENT a \"b>\" " + L + ">",
    "x <!x \"a>b\" " + L + ">",
    "x <? a > " + L + " ?>", "x <?xml > " + L + " ?>",
    "<textarea>" + L + "</textarea>", "x <textarea>" + L + "</textarea>", "x <title>" + L + "</title>",
    "x <xmp>" + L + "</xmp>", "x <plaintext>" + L, "x <noscript>" + L + "</noscript>",
    "x <noembed>" + L + "</noembed>", "x <noframes>" + L + "</noframes>", "x <iframe>" + L + "</iframe>",
    "x <script>" + L + "</script>", "x <style>" + L + "</style>",
    "x <script><!--<script>" + L + "</script>" + L + "</script>",
    "x <style></style " + L + "></style>", "x <script></script " + L + ">",
    "x <title></title " + L + ">", "x <textarea></textarea/" + L + ">",
    "x <a href='http://192.0.2.9/q'", "x <img src=http://192.0.2.9/q",
    "x <a href=http://192.0.2.9/q title='>' >y</a>",
    "x <a title=\"\" href=http://192.0.2.9/q\n>y</a>",
    "x <a\x0chref=http://192.0.2.9/q>y</a>", "x <a/href=http://192.0.2.9/q>y</a>",
    "x <a//href=http://192.0.2.9/q>y</a>", "x <a/ /href=http://192.0.2.9/q>y</a>",
    "x <a title=x/href=http://192.0.2.9/q>y</a>", "x <a title='x'href=http://192.0.2.9/q>y</a>",
    "x <a =x href=http://192.0.2.9/q>y</a>", "x <a <x href=http://192.0.2.9/q>y</a>",
    "x <a \"x href=http://192.0.2.9/q>y</a>", "x <a 'x' href=http://192.0.2.9/q>y</a>",
    "x <a x=\"a\"\"b\" href=http://192.0.2.9/q>y</a>", "x <a x='a''b' href=http://192.0.2.9/q>y</a>",
    "x <a x=a\"b href=http://192.0.2.9/q>y</a>", "x <a x==b href=http://192.0.2.9/q>y</a>",
    "x <a href=\"http://192.0.2.9/q\"x=1>y</a>", "x <a href='http://192.0.2.9/q'/x=1>y</a>",
    "x <a\nhref\n=\n'http://192.0.2.9/q'>y</a>", "x <a h\u0130ref=http://192.0.2.9/q>y</a>",
    "x <a hre&#102;=http://192.0.2.9/q>y</a>", "x <a HREF=http://192.0.2.9/q>y</a>",
    "x <a\u00a0href=http://192.0.2.9/q>y</a>", "x <a\x0bhref=http://192.0.2.9/q>y</a>",
    "x <a\x01href=http://192.0.2.9/q>y</a>",
    "x <svg><style>" + L + "</style></svg>", "x <math><style>" + L + "</style></math>",
    "x <svg><title>" + L + "</title></svg>", "x <svg><script>" + L + "</script></svg>",
    "x <svg><![CDATA[ > " + L + " ]]></svg>", "x <math><mtext><textarea>" + L + "</textarea></mtext></math>",
    "x </br " + L + ">", "x </a " + L + ">", "x </" + L + ">", "x </ " + L, "x <//a " + L + ">",
    "x <a href=http://192.0.2.9/q&lt;>y</a>", "x <a href=\"http://192.0.2.9/q?a&notin=b\">y</a>",
    "x <a href=\"http://192.0.2.9/q?&lang=b\">y</a>", "x <a href=\"x.pdf?id=1&sect=2\">y</a>",
    "x <a href=\"x.pdf?id=1&para=2\">y</a>", "x <a href=\"x.pdf?id=1&reg=2\">y</a>",
    "x <a href=\"x.pdf?id=1&times=2\">y</a>", "x <a href=\"x.pdf?id=1&not=2\">y</a>",
    "x <a href=\"x.pdf?id=1&cent=2\">y</a>", "x <a href=\"x.pdf?id=1&pound=2\">y</a>",
]


def main():
    under = over = 0
    for body in BODIES:
        frag, page = page_urls(body)
        links, dropped = check_urls(body)
        checked = [link.target for link in links]
        pg = [u for _, u in page]
        text = html.unescape(re.sub(r"<[^>]*>", " ", frag))  # a bare address in the page's text is judged too
        u = [x for x in pg if x not in checked]
        o = [x for x in checked if x not in pg and x not in text and not x.startswith(("#",))]
        under += bool(u)
        over += bool(o)
        tag = "UNDER" if u else ("OVER " if o else "ok   ")
        print(tag, repr(body)[:90], "| page:", pg, "| checked:", checked)
    print(f"{under} UNDER, {over} OVER of {len(BODIES)}")


if __name__ == "__main__":
    main()
