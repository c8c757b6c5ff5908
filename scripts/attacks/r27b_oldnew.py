"""Hostile round 27b: the commits claim the same bytes as before (feeds gathered bottom up, one newest-first
order for listings, library rows). Ties in 发布日期 within and across columns, index numbers ordered against
file names and titles; a clean build with the code before issue 21's site-stage change (b1b9d96, unpacked
by `git archive` into $OLD) against the current code; the differing files listed."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from r27b_common import DATE, PY, REPO, WORK, demo_site, tree_diff

OLD = Path(os.environ.get("OLD", WORK / "oldcode"))
site = demo_site(sys.argv[1] if len(sys.argv) > 1 else "oldnew")
c = site / "content/cqszfbgt"
cols = ["政府信息公开目录>政策文件>其他文件", "政府信息公开>政府信息公开制度", "法定主动公开内容>行政许可"]
for n in range(9):
    idx = 97100 + (n * 7) % 9  # index numbers ordered unlike file names
    (c / f"2026-9{n:04d}.md").write_text(f"""---
标题: {chr(0x4e00 + 80 - n * 5)}并列文件{n}H27B
索引号: 11500000009275780L/2026-{idx}
发布机构: 重庆市人民政府办公厅
主题分类: 综合政务
体裁分类: 通知
成文日期: 2026-11-30
发布日期: 2026-11-30
公开属性: 主动公开
公开路径:
  - {cols[n % 3]}
  - {cols[(n + 1) % 3]}
---
正文{n}。
""", encoding="utf-8")


def build(code: Path, out: Path):
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    shutil.rmtree(site / ".gkssg", ignore_errors=True)
    return subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--clean", "-j", "1", "--site", str(site),
                           "--date", DATE, "--out", str(out)], env=env, capture_output=True, text=True)


a = build(OLD, WORK / "oldnew-old")
b = build(REPO, WORK / "oldnew-new")
print("rc", a.returncode, b.returncode, a.stderr[-500:])
d = tree_diff(WORK / "oldnew-old", WORK / "oldnew-new")
print(len(d), "differ")
for line in d:
    print(line)
