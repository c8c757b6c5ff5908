"""Round 35b: bodies the link reading skips (no "](", "]:", "<") or reads without rendering, whose page still has a
link or image. The page is rendered from without_controls(body) (render/markdown.py), the gate looks at the body."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from r35b_diff import check_urls, page_urls  # noqa: E402

BODIES = [
    "见[附件]\x1b(https:files/bmb.docx)。",
    "见[附件]\x00(../../catalog.yaml)。",
    "见![图]\x7f(缺少.png)。",
    "见![图]\x1b(2017-00861.md)。",
    "见[附件][a]。\n\n[a]\x1b: 缺少.pdf",
    "见[附件]\x85(files/x.pdf)。",
    "见[附件]\x9b(files/x.pdf)。",
    "见 ht\x1btp://192.0.2.1/x 文件",
    "见 http:\x1b//192.0.2.1/x 文件",
    "见[附件]\x1b(http://192.0.2.1/x)。",
    "[^1]\n\n[^1]\x1b: http://192.0.2.1/",
    "见 http://192.0.2.1/x_y 文件",
    "见 http://192.0.2.1/\u3000文件",
    "| http://192.0.2.1/ | b |\n|---|---|\n| c | d |",
    "# http://192.0.2.1/ #",
    "见 http://例子.cn@192.0.2.1/ 文件",
    "见 http://192.0.2.1:80/ 文件",
    "见 http://0xc0.0.2.1/ 文件",
    "见 http://3221225985/ 文件",
    "见 http://192.0.2.1。/ 文件",
    "见 http://192．0．2．1/ 文件",
    "见 http://①92.0.2.1/ 文件",
    "见 HTTPS://192.0.2.1/ 文件",
    "见 https://192.0.2.1\\ 文件",
]


def main():
    bad = 0
    for body in BODIES:
        frag, page = page_urls(body)
        links, dropped = check_urls(body)
        checked = [link.target for link in links]
        under = [u for t, u in page if u not in checked]
        hosts = [link.host for link in links]
        tag = "UNDER" if under else "ok   "
        bad += bool(under)
        print(tag, repr(body), "page:", [u for _, u in page], "checked:", checked, "hosts:", hosts)
    print(bad, "bodies whose page links what the checks did not read")


if __name__ == "__main__":
    main()
