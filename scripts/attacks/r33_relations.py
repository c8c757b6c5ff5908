"""Round 33, D: relations naming a withheld (2025-90071) or future-dated (2025-90072) document from public ones:
替代文件, 修改文件, 解读对象 (by 索引号), each alone on a demo copy; check codes, build rc, and every output byte searched
for the two documents' markers (r33_leak.scan)."""
from __future__ import annotations

import sys

from r33_common import build, check, codes, demo, set_field
from r33_leak import FUTURE, HELD, scan

CASES = {
    "replaced-by-held": ("content/ysq/2025-90003.md", [("替代文件", "ZBJG0003/2025-90071"), ("有效性", "失效")]),
    "replaced-by-future": ("content/ysq/2025-90003.md", [("替代文件", "ZBJG0003/2025-90072"), ("有效性", "失效")]),
    "amended-by-held": ("content/ysq/2025-90003.md", [("修改文件", "ZBJG0003/2025-90071"), ("有效性", "已修改")]),
    "amended-by-future": ("content/ysq/2025-90003.md", [("修改文件", "ZBJG0003/2025-90072"), ("有效性", "已修改")]),
    "interprets-held": ("content/ysq/2025-90025.md", [("解读对象", "ZBJG0003/2025-90071")]),
    "interprets-future": ("content/ysq/2025-90025.md", [("解读对象", "ZBJG0003/2025-90072")]),
}


def main(names):
    for name in names:
        site = demo(f"rel-{name}")
        ysq = site / "content/ysq"
        (ysq / "2025-90071.md").write_text(HELD, encoding="utf-8")
        future = FUTURE.replace("附件:\n  - {name: 未来乙附件名, file: files/wlyi-only.pdf}\n", "")
        (ysq / "2025-90072.md").write_text(future, encoding="utf-8")
        rel, fields = CASES[name]
        for k, v in fields:
            set_field(site / rel, k, v)
        c = check(site)
        b = build(site)
        hits = scan(site / "public") if b.returncode == 0 else {}
        print(f"{name:20} check rc {c.returncode} {[x for x in codes(c) if x[2] in '28']}; build rc {b.returncode}; leaks "
              f"{ {k: v[:3] for k, v in hits.items()} }", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(CASES))
