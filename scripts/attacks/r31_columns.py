"""Round 31, target 2: a body shown on another page (Build.body_html_on + rebase_links, 077b82d): the 依申请公开
column shows its guide (content/ysq/2025-90027.md), the single-page column 政府信息公开指南 its latest document
(content/ydz/2024-90001.md); a nested single-page column is added (catalog: zwgk/zfxxgk/fdzdgknr/.../nested page).
Each link in the body shown there must lead, as a browser reads it from that page, where it leads on the document's
own page (both resolved with urljoin after the WHATWG preprocessing: strip C0/space, drop tab/LF/CR)."""
from __future__ import annotations

import html
import re
import sys
from urllib.parse import urljoin

from r31_common import WORK, append_body, attack_sites, build, check, tail

BASE = "https://www.example.gov.cn/"
LINKS = """
## 第九节 {: #sec9 }

[政策](doc:ZBJG0003/2021-90001) [政策锚](doc:ZBJG0003/2021-90001#第二条) [表](files/bmb.docx) ![图](media/yitu.png)
[本页锚](#sec9) [外](https://example.com/a) [相对md](2021-90001.md#x)
[查询](files/bmb.docx?v=1#p) [邮件](mailto:x@example.com)
<a href=" https://example.com/sp">外空格</a> <a href="ht&#9;tps://example.com/tab">外tab</a>
<a href="&#10;mailto:y@example.com">邮件换行</a> <a href="https://example.com/tr ">尾空格</a>
<a href="&#1;https://example.com/c1">外控制</a>
<a href="tel:&#9;+861234">电话</a> <a href="HTTPS://EXAMPLE.COM/UP">大写</a>
[上级](../ysq/2021-90001.md) [脚注][^9]

[^9]: 见[注](files/bmb.docx)
"""
NESTED = """
          - name: 嵌套单页
            slug: qtdy
            kind: page
            description: 嵌套的单页栏目（攻击用）。
            column_type: 信息公开指南
"""


def browser(value: str) -> str:
    v = html.unescape(value).strip("".join(map(chr, range(0x21))))
    return re.sub("[\t\n\r]", "", v)


def links_in_body(page_text: str) -> list[tuple[str, str]]:
    m = re.search(r'<div class="doc-body">(.*?)</div>\s*(?:</section>|</article>|<)', page_text, re.S)
    body = page_text[page_text.find('<div class="doc-body">'):]
    out = []
    for a in re.finditer(r'<(a|img)\b([^>]*)>', body):
        attr = re.search(r'\b(href|src)="([^"]*)"', a.group(2))
        if attr and 'id="sec9"' in body[:a.start()]:
            out.append((a.group(0)[:60], attr.group(2)))
            if attr.group(2) == "#fnref:9":
                break
    return out


def add_nested(site) -> dict:
    """A top-level single-page column (dy/index.html) and one five levels down under 疫情防控>重要政策's sibling
    (zwgk/zfxxgkml/yqfk/zyzc2/dy5/index.html); the guide 2025-90027 is put in both."""
    cat = site / "catalog.yaml"
    text = cat.read_text(encoding="utf-8")
    deep = """              - name: 重要政策二
                slug: zyzc2
                description: 嵌套用。
                children:
                  - name: 深层单页
                    slug: dy5
                    kind: page
                    description: 第五层的单页栏目（攻击用）。
                    column_type: 信息公开指南
"""
    text = text.replace("              - name: 政策解读\n                slug: zcjd\n", deep + "              - name: 政策解读\n                slug: zcjd\n", 1)
    text = text.rstrip("\n") + """
  - name: 单页顶层
    slug: dy
    kind: page
    description: 顶层单页栏目（攻击用）。
    column_type: 信息公开指南
"""
    cat.write_text(text, encoding="utf-8")
    g = site / "content/ysq/2025-90027.md"
    g.write_text(g.read_text(encoding="utf-8").replace("  - 政府信息公开>依申请公开\n",
                 "  - 政府信息公开>依申请公开\n  - 单页顶层\n  - 政府信息公开目录>疫情防控>重要政策二>深层单页\n", 1), encoding="utf-8")
    return {"docs/ZBJG0003-2025-90027.html": ["dy/index.html", "zwgk/zfxxgkml/yqfk/zyzc2/dy5/index.html"]}


def main(nested: bool) -> None:
    site = attack_sites.demo_copy(WORK, "cols" + ("-nested" if nested else ""))
    more = add_nested(site) if nested else {}
    append_body(site / "content/ysq/2025-90027.md", LINKS)
    ydz = LINKS.replace("(files/", "(../ysq/files/").replace("(media/", "(../ysq/media/").replace(
        "(2021-90001.md", "(../ysq/2021-90001.md")
    append_body(site / "content/ydz/2024-90001.md", ydz)
    c = check(site)
    print("check rc", c.returncode, sorted(set(re.findall(r"GK7\d\d", c.stdout + c.stderr))))
    b = build(site)
    print("build rc", b.returncode, tail(b, 300) if b.returncode else "")
    out = site / "public"
    pairs = {"docs/ZBJG0003-2025-90027.html": "zwgk/zfxxgk/ysqgk/index.html"}
    index = re.search(r"^索引号: *(\S+)", (site / "content/ydz/2024-90001.md").read_text(encoding="utf-8"), re.M).group(1)
    ydz_page = "docs/" + index.replace("/", "-") + ".html"
    pairs[ydz_page] = "zwgk/zfxxgk/zfxxgkzn/index.html"
    todo = [(own, shown) for own, shown in pairs.items()] + [(own, s) for own, ss in more.items() for s in ss]
    bad = 0
    for own, shown in todo:
        a = links_in_body((out / own).read_text(encoding="utf-8"))
        b2 = links_in_body((out / shown).read_text(encoding="utf-8"))
        print(f"== {own} ({len(a)} links) shown on {shown} ({len(b2)} links)")
        for (tag1, v1), (tag2, v2) in zip(a, b2):
            u1, u2 = urljoin(BASE + own, browser(v1)), urljoin(BASE + shown, browser(v2))
            ok = u1 == u2 or (v1 == v2 and v1.startswith("#") and f'id="{v1[1:]}"' in (out / shown).read_text(encoding="utf-8"))
            exists = ""
            if u2.startswith(BASE):
                path = u2[len(BASE):].split("#")[0].split("?")[0]
                exists = " (file exists)" if (out / path).is_file() else " (NO SUCH FILE)"
            bad += not ok
            print(f"  {'ok ' if ok else 'BAD'} {v1!r} -> {u1}\n      shown {v2!r} -> {u2}{exists}")
    print("BAD links:", bad)


if __name__ == "__main__":
    main("nested" in sys.argv)
