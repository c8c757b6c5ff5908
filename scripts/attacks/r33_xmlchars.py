"""Round 33, C: characters XML 1.0 forbids though they are not Cc: U+FFFE, U+FFFF (noncharacters), and a lone
surrogate, in a title (YAML "\\uFFFE"); check/build rc, then feed.xml and sitemap.xml parsed by an XML parser."""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

from r33_common import build, check, codes, demo

A = "content/ysq/2025-90023.md"
CASES = {"fffe": "\\uFFFE", "ffff": "\\uFFFF", "surrogate": "\\ud800", "fdd0": "\\uFDD0", "nul-free-tag": "\\U000E0001"}


def main(names):
    for name in names:
        site = demo(f"xml-{name}")
        md = site / A
        t = md.read_text(encoding="utf-8")
        md.write_text(t.replace("标题: 演示区2026年度考试录用公务员公告", f'标题: "演示区2026年度考试录用{CASES[name]}公务员公告"'),
                      encoding="utf-8")
        c = check(site)
        b = build(site)
        out = b.stdout + b.stderr
        res = []
        if b.returncode == 0:
            for f in ("feed.xml", "sitemap.xml"):
                p = site / "public" / f
                if p.is_file():
                    try:
                        ET.parse(p)
                        res.append(f"{f} parses")
                    except ET.ParseError as exc:
                        res.append(f"{f} INVALID XML: {exc}")
        print(f"{name:12} check rc {c.returncode} {codes(c)[:6]}; build rc {b.returncode} tb {'Traceback' in out} {res}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(CASES))
