"""Round 33, C: YAML values that are not text: `!!binary` (bytes holding ESC ] 0 ; … BEL), `!!set`, `!!omap`,
`!!timestamp` with time, `!!float` NaN, big ints, in the title / 关键词 / 附件 name / catalog's site name and a
column's name: check rc, codes, traceback, raw controls on the terminal."""
from __future__ import annotations

import sys

from r33_common import check, codes, demo, has_ctrl

A = "content/ysq/2025-90023.md"
B64 = "G10wO1BXTgc="  # ESC ] 0 ; P W N BEL
FM = {
    "title-binary": ("标题: 演示区2026年度考试录用公务员公告", f"标题: !!binary {B64}"),
    "title-set": ("标题: 演示区2026年度考试录用公务员公告", "标题: !!set {a, b}"),
    "title-omap": ("标题: 演示区2026年度考试录用公务员公告", "标题: !!omap [a: 1]"),
    "title-float-nan": ("标题: 演示区2026年度考试录用公务员公告", "标题: .nan"),
    "title-timestamp": ("标题: 演示区2026年度考试录用公务员公告", "标题: 2025-10-28 10:00:00"),
    "title-bigint": ("标题: 演示区2026年度考试录用公务员公告", "标题: " + "9" * 5000),
    "keywords-binary": ("公开属性: 主动公开", f"关键词: [!!binary {B64}]\n公开属性: 主动公开"),
    "att-name-binary": ("{name: 报名表（DOCX）,", f"{{name: !!binary {B64},"),
    "published-binary": ("发布日期: 2025-10-28", f"发布日期: !!binary {B64}"),
    "paths-binary": ("  - 法定主动公开内容>公务员招考", f"  - !!binary {B64}"),
    "key-binary": ("公开属性: 主动公开", f"? !!binary {B64}\n: x\n公开属性: 主动公开"),
    "title-merge": ("标题: 演示区2026年度考试录用公务员公告", "标题: {<<: {a: 1}}"),
    "anchor-bomb": ("标题: 演示区2026年度考试录用公务员公告", "标题: 演示\n关键词: &a [x, x, x, x, x, x, x, x, x]\n内容概述: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n体裁分类: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n来源: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n演示: [*d, *d, *d, *d, *d, *d, *d, *d, *d]"),
}
CAT = {
    "cat-site-binary": ("catalog.yaml", "name: ", f"name: !!binary {B64}\n  _unused_: "),
}


def main(names):
    for name in names:
        site = demo(f"bin-{name}")
        old, new = FM[name]
        md = site / A
        t = md.read_text(encoding="utf-8")
        assert old in t, old
        md.write_text(t.replace(old, new, 1), encoding="utf-8")
        c = check(site, timeout=120) if False else check(site)
        out = c.stdout + c.stderr
        mine = [x for x in out.splitlines() if "GK" in x][:2]
        print(f"{name:18} check rc {c.returncode} tb {'Traceback' in out} raw {has_ctrl(out)} {codes(c)[:8]}\n   {mine}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(FM))
