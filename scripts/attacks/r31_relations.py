"""Round 31: documents related to a withheld one by metadata, not links: 2025-90025/26 interpret (解读对象)
2025-90003, which replaces (替代文件 of 2022-90002) 2022-90002. Each of 2025-90003 / 2022-90002 made 依申请公开,
不予公开, or dated after --date: check/build rc and whether its 索引号 / title / 发文字号 reach any output byte."""
from __future__ import annotations

import re
import sys

from r31_common import WORK, attack_sites, build, check, grep_tree, set_field, tail

T = {
    "2025-90003": ("ZBJG0003/2025-90003", "ZBJG0003-2025-90003", "关于印发演示区老旧小区改造实施办法（2025年版）的通知", "演示区府办发〔2025〕4号"),
    "2022-90002": ("ZBJG0003/2022-90002", "ZBJG0003-2022-90002", "关于印发演示区老旧小区改造实施办法的通知", "演示区府办发〔2022〕12号"),
}
HOW = {"ysq": ("公开属性", "依申请公开"), "bygk": ("公开属性", "不予公开"), "future": ("发布日期", "2027-03-01")}

if __name__ == "__main__":
    for target in sys.argv[1:2] or T:
        for how, (field, value) in HOW.items():
            site = attack_sites.demo_copy(WORK, f"rel31-{target}-{how}")
            set_field(site / f"content/ysq/{target}.md", field, value)
            c = check(site)
            codes = sorted(set(re.findall(r"(?:错误|警告) (GK\d{3})", c.stdout + c.stderr)))
            b = build(site)
            hits = {n: [p.replace(str(site / "public"), "") for p in grep_tree(site / "public", n)][:4] for n in T[target]}
            print(f"{target} {how}: check rc {c.returncode} {codes}; build rc {b.returncode}; hits {hits}"
                  + ("" if b.returncode == 0 else " :: " + tail(b, 200).replace("\n", " ")), flush=True)
