"""Hostile round 27a: the search site of the differential — the real corpus (tests/real) plus three withheld
documents (依申请公开, 不予公开, and a 发布日期 after the build date), each with a unique title word (秘匣甲, 秘匣乙,
秘匣丙), a unique Latin word (withheldqa, withheldqb, withheldqc) and an 索引号 in today's new shapes. Built with
`gkssg build --date 2026-12-07`. Usage: r27a_site.py (prints the site folder)."""
from __future__ import annotations

import sys

from r27a_common import DATE, gkssg, real_site

SD = "content/sdtpz/2026-00001.md"
WITHHELD = [  # (file, disclosure, 发布日期, word, latin, 索引号)
    ("content/sdtpz/2026-00091.md", "依申请公开", "2026-02-01", "秘匣甲", "withheldqa", "01525939-X/20260201-00091"),
    ("content/sdtpz/2026-00092.md", "不予公开", "2026-02-02", "秘匣乙", "withheldqb", "01525939X/20260202-00092"),
    ("content/cntyz/2026-00093.md", "主动公开", "2027-01-05", "秘匣丙", "withheldqc", "115330250152645191/20270105-00093"),
]
TITLES = [w for _f, _d, _p, w, _l, _i in WITHHELD]
LATIN = [l for _f, _d, _p, _w, l, _i in WITHHELD]
NUMBERS = [i for _f, _d, _p, _w, _l, i in WITHHELD]


def make(name: str = "search"):
    root = real_site(name)
    for source, disclosure, day, word, latin, number in WITHHELD:
        base = (root / ("content/cntyz/2026-00001.md" if "cntyz" in source else SD)).read_text(encoding="utf-8")
        head, body = base.split("\n---\n", 1)
        lines = []
        for line in head.splitlines():
            if line.startswith("标题:"):
                line = f"标题: {word}关于{latin}的报告"
            elif line.startswith("索引号:"):
                line = f"索引号: {number}"
            elif line.startswith(("发布日期:", "成文日期:")):
                line = f"{line.split(':')[0]}: {day}"
            lines.append(line)
        lines.append(f"公开属性: {disclosure}")
        (root / source).write_text("\n".join(lines) + f"\n---\n{word}{latin}。\n\n" + body, encoding="utf-8")
    return root


if __name__ == "__main__":
    root = make()
    p = gkssg(root, "build", "--date", DATE)
    print(root, "build exit", p.returncode)
    print("\n".join(l for l in (p.stdout + p.stderr).splitlines() if "错误" in l)[:3000])
    sys.exit(p.returncode)
