"""Round 35b: web addresses written as text are judged outside links (render/targets.py _QUIET has "a"): an <a>
the page keeps without an href (no href, or one the sanitizer drops) shows its address as text, never judged (GK730)."""
from __future__ import annotations

import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from r35b_diff import check_urls, page_urls  # noqa: E402

BODIES = ['x <a name="n">http://192.0.2.1/a</a>', 'x <a href="javascript:void(0)">http://192.0.2.1/a</a>',
          'x <a href="file:///c:/a.pdf">http://192.0.2.1/a</a>', "x [http://192.0.2.1/a](<>)",
          'x <a href="vbscript:x">http://192.0.2.1/a</a>', 'x <a>http://192.0.2.1/a</a>',
          "x <textarea>http://192.0.2.1/a</textarea>", "x <code>http://192.0.2.1/a</code>"]


def main():
    for body in BODIES:
        frag, page = page_urls(body)
        links, _ = check_urls(body)
        text = html.unescape(re.sub(r"<[^>]*>", " ", frag))
        shown = "http://192.0.2.1/a" in text and "http://192.0.2.1/a" not in [u for _, u in page]
        judged = any(link.host == "192.0.2.1" for link in links)
        tag = "UNJUDGED" if shown and not judged else "ok      "
        print(tag, repr(body), "| page:", frag[:90], "| judged hosts:", [link.host for link in links])


if __name__ == "__main__":
    main()
