"""Round 9, attack 3 (default theme): a sequence of resident body edits (serve/resident.Resident, then
settle()) of a 单页栏目's document (政府信息公开指南), the 依申请公开 guide, an annual report, a 解读 and its
policy, a document without 内容概述, mixed with a front-matter edit: after each, the output byte for
byte a clean build's?"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from conftest import copy_demo  # noqa: E402
from test_serve_resident import clean_build, tree  # noqa: E402

from gkssg.serve.resident import Resident  # noqa: E402

DATE = dt.date(2026, 11, 20)
TMP = Path("/tmp/hostile9/serveseq")
STEPS = [
    ("body", "content/ydz/2024-90001.md"),  # 政府信息公开指南 (kind: page)
    ("body", "content/ysq/2025-90027.md"),  # 依申请公开
    ("body", "content/cqszfbgt/2023-90001.md"),  # 年度报告
    ("body", "content/ysq/2025-90025.md"),  # 解读
    ("body", "content/ysq/2025-90003.md"),  # its policy
    ("body", "content/ljxq/2021-90001.md"),  # no 内容概述
    ("title", "content/ysq/2025-90003.md"),
    ("body", "content/ysq/2025-90003.md"),
    ("summary-empty", "content/ysq/2025-90025.md"),
    ("body", "content/ysq/2025-90025.md"),
]


def main() -> int:
    shutil.rmtree(TMP, ignore_errors=True)
    TMP.mkdir(parents=True)
    site = copy_demo(TMP / "site")
    resident = Resident(site, site / "public", DATE)
    ok, message = resident.rebuild(set())
    assert ok, message
    resident.settle()
    bad = 0
    for i, (how, rel) in enumerate(STEPS):
        path = site / rel
        text = path.read_text(encoding="utf-8")
        if how == "body":
            text = text.rstrip("\n") + f"\n\n第{i}次改动补充的一段正文，检验旧正文是否残留。\n"
        elif how == "title":
            text = re.sub(r"^标题: (.*)$", r"标题: \1（修订）", text, count=1, flags=re.M)
        else:
            text = re.sub(r"^(内容概述|摘要): .*\n", "", text, flags=re.M)
        path.write_text(text, encoding="utf-8")
        ok, message = resident.rebuild({path})
        last = resident.last
        resident.settle()
        mine, clean = tree(site / "public"), clean_build(site, TMP)
        differ = sorted(k for k in set(mine) | set(clean) if mine.get(k) != clean.get(k))
        print(f"[{'held' if ok and not differ else 'FINDING'}] 3/step {i} {how} {rel}: ok={ok} {last} {message[-30:]}; "
              f"differs from clean: {differ[:6]}", flush=True)
        bad += bool(differ) or not ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
