"""Round 35b: random bodies from link-ish pieces; any exception from the link reading (checks.links._read via
render/targets.py) or the page (markdown_fragment) is a traceback for bad input. Also counts UNDER (a page URL the
checks did not judge, footnotes' own links aside) by the first piece that makes it."""
from __future__ import annotations

import os
import random
import sys
import traceback

sys.path.insert(0, os.path.dirname(__file__))
from r35b_diff import check_urls, page_urls  # noqa: E402

PIECES = ["[", "]", "(", ")", "<", ">", "!", "\\", "&", "&amp", "&#", "x", ";", ":", "\n", "\n\n", "    ", "`", "*", "_",
          "\"", "'", "=", "a", "href", "src", "<a ", "<img ", "http://192.0.2.1/", "f.pdf", "[^1]", "{: ", "}", "|",
          "<!--", "-->", "<!-->", "<![CDATA[", "]]>", "<?", "?>", "srcset=", "style=url(", "\x1b", "\x0b", "\t",
          "、", "。", "&copy", "&not", "mailto:", "a@b.cn", "#", "doc:", ".md", "..", "/", "%2e", "<div>", "</div>",
          "<svg>", "<title>", "<textarea>", "<p>", "</a>"]


def main():
    rnd = random.Random(int(os.environ.get("SEED", "35")))
    n = int(os.environ.get("N", "3000"))
    errors = under = 0
    firsts = {}
    for _ in range(n):
        body = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(3, 40)))
        try:
            links, _ = check_urls(body)
            _, page = page_urls(body)
        except Exception:  # noqa: BLE001
            errors += 1
            print("TRACEBACK", repr(body))
            traceback.print_exc(limit=3)
            continue
        checked = {link.target for link in links}
        miss = [u for _, u in page if u not in checked and not u.startswith("#fn")]
        if miss:
            under += 1
            key = next((p for p in ("<!-->", "<![CDATA[", "\x1b", "&copy", "&not", "&amp") if p in body), "other")
            firsts.setdefault(key, (body, miss))
    print(errors, "tracebacks;", under, "bodies of", n, "with a page URL the checks did not judge")
    for key, (body, miss) in firsts.items():
        print("  e.g.", key, repr(body)[:150], miss)


if __name__ == "__main__":
    main()
