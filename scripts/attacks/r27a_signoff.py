"""Hostile round 27a, 落款 marking before an issued document's heading (mark_signoff, no 此件 note): hostile
Markdown through render.markdown.markdown_fragment (in-process; no `# ` level-1 heading, which crashes: r27a_h1.py).
Prints which paragraphs got class="signoff", and the time for long bodies of many headings."""
from __future__ import annotations

import re
import sys
import time

from r27a_common import REPO

sys.path.insert(0, str(REPO))
from gkssg.render.markdown import mark_signoff, markdown_fragment  # noqa: E402

CASES = {
    "real shape (office, date, heading)": "正文。\n\n高青县人民政府\n\n2021年3月26日\n\n## 高青县行政规范性文件管理办法\n\n第一条",
    "date alone before heading (never)": "正文。\n\n2021年3月26日\n\n## 附件\n\n表",
    "forged: a deadline label and a date in a 通知 body": "请于下列时间前报名。\n\n报名截止时间\n\n2024年5月6日\n\n## 二、报名方式\n\n现场报名。",
    "forged: a 大事记 entry": "## 大事记\n\n召开全体会议\n\n2023年1月5日\n\n## 其他事项\n\n无",
    "forged: a 年报 section ending with a place and date": "## 一、总体情况\n\n统计期限\n\n2025年12月31日\n\n## 二、主动公开政府信息情况\n\n见下表",
    "heading that is a link": "正文。\n\n某某县人民政府\n\n2021年3月26日\n\n## [管理办法](https://example.gov.cn/a)\n\n第一条",
    "raw HTML heading": "正文。\n\n某某县人民政府\n\n2021年3月26日\n\n<h2>管理办法</h2>\n\n第一条",
    "raw <script> as office": "正文。\n\n<script>alert(1)</script>\n\n2021年3月26日\n\n## 办法\n\n第一条",
    "office with inline HTML <b>": "正文。\n\n<b>某某县人民政府</b>\n\n2021年3月26日\n\n## 办法\n\n第一条",
    "office and date inside a nested list": "- 某某县人民政府\n    - 2021年3月26日\n\n## 办法\n\n第一条",
    "office and date in a blockquote": "> 某某县人民政府\n>\n> 2021年3月26日\n\n## 办法\n\n第一条",
    "office and date in a table": "| 某某县人民政府 |\n|---|\n| 2021年3月26日 |\n\n## 办法\n\n第一条",
    "office with {: .signoff} forged on a later paragraph": "正文。\n\n某某县人民政府\n\n2021年3月26日\n\n## 办法\n\n第一条\n{: .signoff }",
    "heading in a fenced code block": "正文。\n\n某某县人民政府\n\n2021年3月26日\n\n```\n<h2>x</h2>\n```\n\n第一条",
    "office line in <br> pair (one paragraph)": "正文。\n\n某某县人民政府  \n2021年3月26日\n\n## 办法\n\n第一条",
    "three offices (联合发文) then date": "正文。\n\n甲县人民政府\n\n乙县人民政府\n\n丙县人民政府\n\n2021年3月26日\n\n## 办法\n\n第一条",
    "（此页无正文） before date": "正文。\n\n（此页无正文）\n\n2021年3月26日\n\n## 办法",
    "Chinese-numeral date": "正文。\n\n某某县人民政府\n\n二〇二一年三月二十六日\n\n## 办法",
    "date with 32nd day": "正文。\n\n某某县人民政府\n\n2021年13月32日\n\n## 办法",
    "h6 heading (markdown ######)": "正文。\n\n某某县人民政府\n\n2021年3月26日\n\n###### 办法",
    "setext heading": "正文。\n\n某某县人民政府\n\n2021年3月26日\n\n办法\n----\n\n第一条",
}


def marked(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<p class="signoff">(.*?)</p>', html, re.S)]


def main() -> int:
    for name, body in CASES.items():
        try:
            html, _ = markdown_fragment(body)
        except Exception as exc:
            print(f"[{name}] EXCEPTION {type(exc).__name__}: {exc}")
            continue
        print(f"[{name}] signoff: {marked(html)}{'  RAW SCRIPT' if '<script' in html else ''}")
    # quadratic? N headings, none preceded by a 落款 (so every heading is tried)
    for n in (2000, 8000, 32000):
        frag = "".join(f"<p>第{i}段</p>\n<h2>标题{i}</h2>\n" for i in range(n))
        t = time.time()
        mark_signoff(frag)
        print(f"[mark_signoff, {n} headings, {len(frag) // 1024} KB] {time.time() - t:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
