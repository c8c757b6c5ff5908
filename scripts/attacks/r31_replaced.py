"""Round 31: 替代文件 naming a withheld document: the public 2021-90001 (废止) says it was replaced by 2022-90003, which
is made 依申请公开 / 不予公开 / dated 2027-03-01. Does any output byte (pages, the 规范性文件库 listings, search shards)
carry 2022-90003's 索引号, page name, title or 发文字号?"""
from __future__ import annotations

import re
import sys

from r31_common import WORK, attack_sites, build, check, set_field, tail
from r31_scan import scan

T = sys.argv[1] if len(sys.argv) > 1 else "2022-90003"  # 2022-90002 has a 发文字号 (演示区府办发〔2022〕12号)
NEEDLES = [f"ZBJG0003/{T}", f"ZBJG0003-{T}", "生态环境保护专项规划" if T == "2022-90003" else "关于印发演示区老旧小区改造实施办法的通知"]

if __name__ == "__main__":
    for how, (field, value) in {"ysq": ("公开属性", "依申请公开"), "bygk": ("公开属性", "不予公开"),
                                "future": ("发布日期", "2027-03-01"), "public": (None, None)}.items():
        site = attack_sites.demo_copy(WORK, f"repl31-{how}")
        md = site / "content/ysq/2021-90001.md"
        md.write_text(md.read_text(encoding="utf-8").replace("废止日期: 2025-06-30\n", f"废止日期: 2025-06-30\n替代文件: ZBJG0003/{T}\n"), encoding="utf-8")
        fm = (site / f"content/ysq/{T}.md").read_text(encoding="utf-8")
        docno = re.search(r"^发文字号: *(\S+)", fm, re.M)
        needles = NEEDLES + ([docno.group(1)] if docno else [])
        if field:
            set_field(site / f"content/ysq/{T}.md", field, value)
        c = check(site)
        codes = sorted(set(re.findall(r"(?:错误|警告) (GK\d{3})", c.stdout + c.stderr)))
        b = build(site)
        hits = scan(site / "public", needles) if b.returncode == 0 else {}
        hits = {k: [p for p in v if f"{T}.html" not in p] if how == "public" else v for k, v in hits.items()}
        print(f"{how}: check rc {c.returncode} {codes}; build rc {b.returncode}; hits {hits}"
              + ("" if b.returncode == 0 else " :: " + tail(b, 200).replace("\n", " ")), flush=True)
