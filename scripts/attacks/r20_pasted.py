"""Hostile round 20: a reader pastes a sentence or a long title (up to 100 characters, MAX_QUERY) into the search box:
time `gkssg search` (query.search on whoosh, what the endpoint runs) per phase: the forms, the relaxed forms, the
loose forms. Site: a built synthetic site (default /tmp/h20/gen5000: benchmarks/generate.py 5000 --seed 5, built
--date 2026-11-20). Record `uptime`. `python r20_pasted.py [site]`"""
import os
import sys
import time
from pathlib import Path

from r20_common import DATE

from gkssg.build.pipeline import load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search import query as Qm
from gkssg.search.rewrite import exact_keys, forms, relaxed_forms
from gkssg.search.tokenizer import query_groups

SITE = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/h20/gen5000")
PASTED = [
    "除涉密信息外，各级政府预决算支出应当全部细化公开到功能分类项级科目。要进一步做好依申请公开工作，保障公众依法行使知情权、参与权、表达权、监督权。",
    "充分利用新闻媒体平台,发挥好政府公报的标准文本作用,进一步扩大政务公开的覆盖面和影响力。",
    "演示市人民政府办公厅关于推进加快政府网站和政务新媒体集约化建设的通知 各街道办事处，委机关各部门，各驻区机构",
    "政府信息公开工作年度报告政府信息公开工作年度报告",
    "2023年政府信息公开工作年度报告 2022年政府信息公开工作年度报告 2021年政府信息公开工作年度报告",
    "政府信息公开" * 17,
]


def main():
    os.system("uptime")
    ix = open_updated_index(load_and_check(SITE, DATE)[0])
    for q in PASTED:
        q = q[:Qm.MAX_QUERY]
        with ix.searcher() as s:
            t0 = time.perf_counter(); c0 = time.process_time()
            found, _ = Qm._search_forms(s, [query_groups(f) for f in forms(q)], exact_keys(q), None)
            t1 = time.perf_counter()
            rel = {} if found else Qm._search_forms(s, [query_groups(f) for f in relaxed_forms(q)], [], None, weighted=False)[0]
            t2 = time.perf_counter()
            loose = {} if found or rel else Qm._search_loose(s, q, None)[0]
            t3 = time.perf_counter(); c3 = time.process_time()
        print(f"len={len(q)} forms {t1 - t0:.2f}s ({len(found)}) relaxed {t2 - t1:.2f}s ({len(rel)}) loose {t3 - t2:.2f}s ({len(loose)})"
              f" total wall {t3 - t0:.2f}s cpu {c3 - c0:.2f}s  {q[:24]!r}", flush=True)


if __name__ == "__main__":
    main()
