"""Round 35b: links the checks judge that the page does not have (text there, or inside a comment): a false GK722
error (a missing file) refuses the build. Prints the page's links and what find_links judges."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from r35b_diff import check_urls, page_urls  # noqa: E402

A = '<a href="缺少.pdf">旧附件</a>'
BODIES = ["<!-- -- > " + A + " -->", "<!-- --> " + A, "x <textarea>" + A + "</textarea>", "x <title>" + A + "</title>",
          "x <xmp>" + A + "</xmp>", "x <noscript>" + A + "</noscript>", "x <iframe>" + A + "</iframe>",
          "x <noembed>" + A + "</noembed>", "x <noframes>" + A + "</noframes>", "x <plaintext>" + A,
          "x <svg><title>" + A + "</title></svg>", "x <svg><desc>" + A + "</desc></svg>",
          "x <math><mi>" + A + "</mi></math>", "x <template>" + A + "</template>", "x <script>" + A + "</script>",
          "x <select><option>" + A + "</option></select>", "x <object>" + A + "</object>"]


def main():
    over = 0
    for body in BODIES:
        _, page = page_urls(body)
        links, _ = check_urls(body)
        judged = [link.target for link in links]
        bad = "缺少.pdf" in judged and "缺少.pdf" not in [u for _, u in page]
        over += bad
        print("OVER " if bad else "ok   ", repr(body)[:70], "| page:", [u for _, u in page], "| judged:", judged)
    print(over, "bodies whose missing file is judged though the page has no such link")


if __name__ == "__main__":
    main()
