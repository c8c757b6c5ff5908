"""Hostile round 20: long hostile queries (each cut to MAX_QUERY = 100 characters by both readers) timed through
`gkssg search` (whoosh) and the search page (search.js in Chromium), with agreement of page 1. Usage:
r20_slow.py [real|demo|/path/to/built/site]. Record `uptime` beside the figures."""
import os
import random
import sys
from pathlib import Path

import r20_common
from r20_common import compare

rng = random.Random(20)
CJK = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(300))
QUERIES = [
    "2019年" * 20, "国发〔2019〕" * 12, "0" * 99 + "号", "渝府办发" + "2019" * 24, CJK, CJK[:100] + "号文件",
    "政府信息公开" * 17, "年报" * 50, "解读" * 50, "号文件" * 33, "1号" * 50, "第" + "0" * 98 + "1号",
    "a1" * 50, "市政府县政府区政府省政府" * 8, "十四五预决算" * 16, "2023年年报" * 14, "2015[4]号" * 12,
    "(" * 50 + "2019" + ")" * 45, "20" * 50, "2019 " * 20, "政府信息公开工作年度报告" * 8 + "乌恰",
    " ".join(CJK[i:i + 3] for i in range(0, 150, 3)), "国发〔2019〕1号文件" * 7, "国发2019年" + "第" * 90 + "1号",
]

if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else "real"
    if "/" in name:  # an already built site folder
        r20_common.site = lambda _n, root=Path(name): root
    os.system("uptime")
    rows = compare(name, QUERIES, show=False)
    for q, same, _p, _j, total, pt, jt, res in rows:
        print(f"{'SAME' if same else 'DIFFER'} n={total} py={pt:.3f}s js={jt:.3f}s {q[:30]!r}…")
    print("slowest py %.3fs js %.3fs; differ %d" % (max(r[5] for r in rows), max(r[6] for r in rows), sum(not r[1] for r in rows)))
