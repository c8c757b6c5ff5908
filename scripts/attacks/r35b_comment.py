"""Round 35b: `<!-->` (an empty comment to a browser and to nh3/html5ever) starts a comment to Python's HTMLParser
(3.11), which render/targets.py reads the body's HTML with: every link and image after it, up to a later `-->`, is on
the page and never judged. Builds the demo with such a body; prints check codes, whether the build passed, and what
the built page links to. `<![CDATA[ > … ]]>` the same (html5ever: a bogus comment that ends at the first ">")."""
from __future__ import annotations

import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from r35b_common import append_body, build, check, codes, demo  # noqa: E402

HIDDEN = [
    '<a href="http://192.0.2.7/x">ipv4</a>',
    '<img src="缺少的图片.png">',
    '<a href="https:files/bmb.docx">gk731</a>',
    '<a href="不存在.md">gk711</a>',
    '<img src="2017-00861.md">',
    '<a href="/etc/passwd">abs</a>',
    '<a href="../../catalog.yaml">outside</a>',
    '<img src=".secret/id.png">',
    '<a href="withheld.md">withheld</a>',
]
OPENERS = [("<!-->", "-->"), ("<!--->", "-->"), ("<![CDATA[ >", "]]>")]  # empty comments; CDATA ends at ">"
WITHHELD = """---
标题: 不予公开的文件
索引号: 11500114009130039C/2017-00999
发布机构: 重庆市黔江区人民政府
主题分类: 其他
成文日期: 2017-06-01
发布日期: 2017-06-01
公开属性: 不予公开
公开路径:
  - 政府信息公开目录>政策文件>其他文件
---
机密正文 SECRET-35B。
"""


def main():
    for n, (opener, closer) in enumerate(OPENERS[:int(os.environ.get("CASES", "3"))]):
        site = demo(f"comment{n}")
        (site / "content/qjqzf/withheld.md").write_text(WITHHELD, encoding="utf-8")
        (site / "content/qjqzf/.secret").mkdir()
        (site / "content/qjqzf/.secret/id.png").write_bytes(b"\x89PNG secret")
        append_body(site, "正文末尾。\n\n" + opener + " " + " ".join(HIDDEN) + " " + closer + "\n")
        c = check(site)
        print(opener, "check rc", c.returncode, "codes", codes(c))
        b = build(site)
        print(opener, "build rc", b.returncode, "codes", codes(b))
        pages = [p for p in (site / "public").rglob("*.html") if "正文末尾" in p.read_text(encoding="utf-8")]
        for p in pages[:1]:
            t = p.read_text(encoding="utf-8")
            i = t.find("正文末尾")
            print("  page", p.relative_to(site), re.findall(r'<(?:a|img)\b[^>]*>', t[i:i + 3000])[:12])
        leak = [p for p in (site / "public").rglob("*") if p.is_file() and b"SECRET-35B" in p.read_bytes()]
        print("  withheld bytes in output:", leak, " .secret copied:",
              [p for p in (site / "public").rglob("id.png")], " catalog copied:",
              [p for p in (site / "public").rglob("catalog.yaml")])


if __name__ == "__main__":
    main()
