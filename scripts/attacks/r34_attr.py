"""Round 34, D: attr_list attributes that carry an address or run script, not in attrlist.URL_ATTRIBUTES; case
variants; block attribute lists on headings, tables, lists. For each: check codes and what the page keeps."""
from __future__ import annotations

import re
import sys

from r33_common import build, check, codes, demo

LINES = {
    "style-url": '[报名表](files/bmb.docx){: style="background:url(.drafts/secret.png)" }',
    "style-url-img": '![图](media/yitu.png){: style="content:url(https://evil.example/x.png)" }',
    "onclick": '[报名表](files/bmb.docx){: onclick="alert(1)" }',
    "onerror": '![图](media/yitu.png){: onerror="alert(1)" }',
    "ONMOUSEOVER": '[报名表](files/bmb.docx){: ONMOUSEOVER="alert(1)" }',
    "download": '[报名表](files/bmb.docx){: download="报名表.html" }',
    "target-rel": '[报名表](files/bmb.docx){: target="_blank" rel="opener" }',
    "HREF-case": '[报名表](files/bmb.docx){: HREF="https://evil.example/" }',
    "href-entity-name": '[报名表](files/bmb.docx){: h&#114;ef="https://evil.example/" }',
    "xlink": '[报名表](files/bmb.docx){: xlink:href="https://evil.example/" }',
    "data-elder": '[报名表](files/bmb.docx){: data-elder="" }',
    "data-index": '[报名表](files/bmb.docx){: data-index="https://evil.example/manifest.json" }',
    "srcdoc": '![图](media/yitu.png){: srcdoc="<script>alert(1)</script>" }',
    "formtarget": '[报名表](files/bmb.docx){: formtarget="_top" }',
    "overlay": '[报名表](https://www.gov.cn/){: style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9" }',
    "heading-href": '## 附件下载 {: href="https://evil.example/" onclick="alert(1)" }',
    "para-block": '一段文字。\n{: onclick="alert(1)" style="background:url(https://evil.example/p.png)" }',
    "table": '| a | b |\n|---|---|\n| 1 | 2 |\n{: onmouseover="alert(1)" }',
    "list": '- 一项\n- 二项\n{: onclick="alert(1)" }',
    "id-clobber": '[报名表](files/bmb.docx){: #search-more }',
    "name-attr": '![图](media/yitu.png){: name="getElementById" }',
    "srcset-spaced": '![图](media/yitu.png){:  SrcSet="https://evil.example/a.png 1x" }',
    "fp-code-span": '写法示例：`[链接](a.pdf){: href="b.pdf" }` 不会改变地址。',
    "fp-fenced": '```\n[链接](a.pdf){: href="b.pdf" }\n```',
    "fp-title-text": '[报名表](files/bmb.docx){: title="src=说明" }',
    "fp-escaped": '文字 \\{: href="b.pdf" } 结束',
    "is-attr": '[报名表](files/bmb.docx){: is="x-evil" }',
}


def run(name):
    site = demo(f"attr-{name}")
    md = site / "content/ysq/2025-90023.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n\n" + LINES[name] + "\n", encoding="utf-8")
    c = check(site)
    b = build(site)
    page = site / "public/docs/ZBJG0003-2025-90023.html"
    kept = []
    if page.exists():
        html = page.read_text(encoding="utf-8")
        body = html[html.find("<article"):] if "<article" in html else html
        for m in re.finditer(r"<(a|img|h2|p|table|ul|li)\b[^>]*(?:style|on\w+|download|target|rel|data-\w+|srcset|id|name|is|href|xlink\S*)=[^>]*>", body, re.I):
            s = m.group(0)
            if any(k in s for k in ("evil", "alert", "url(", "download", "opener", "data-elder", "data-index",
                                    "search-more", "getElementById", "x-evil", "position:fixed", "_top")):
                kept.append(s[:160])
    cc = [x for x in codes(c) if x not in ("GK402", "GK515", "GK770", "GK921")]
    print(f"{name:16} check rc {c.returncode} {cc} build rc {b.returncode} | page keeps {kept[:2]}", flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or list(LINES):
        run(n)
