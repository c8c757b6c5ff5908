"""Round 11r: what the resident records (the build stamp's result) after scoped body edits: a later
`gkssg build` over the same output (nothing changed since) must report the findings a clean build of
the same files reports, and write the same output."""
from __future__ import annotations

import re
import shutil
import sys

from r6_common import gk, tree
from r11r_common import BODY, DOC, FUTURE, PDF, Run, verdict

Y = "content/ydz/2024-90001.md"
YLINK = "原网页 http://cqxs.gov.cn/jz/ydx/zwgk_78906/zfxxgkzn_78907 。"


def lines(o: str, e: str) -> list[str]:
    found = []
    for line in (o + e).splitlines():
        if re.search(r"GK\d{3}|检查完成|篇公开文件", line):
            found.append(re.sub(r"（本次写入 \d+ 个）|用时.*|\d+(\.\d+)? ?(秒|s)\b|，输出到 \S+", "", line).strip())
    return sorted(found)


def prepare(run: Run) -> None:
    (run.folder / "future.pdf").write_bytes(PDF)
    (run.folder / "2019-90077.md").write_text(FUTURE, encoding="utf-8")


def main() -> int:
    run = Run("stamp", prepare)
    run.step("GK712 + host moved", {run.edit(DOC, BODY, BODY + "详见[通知](doc:11500000009275780L/2019-90077)，见 http://cqxs.gov.cn/a 。"),
                                    run.edit(Y, YLINK, "原网页。")})
    rc, o, e = gk("build", "--site", run.site, "--out", run.site / "public", "--date", "2026-11-20", "-j1")
    twin = run.base / "twin"
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(run.site, twin, ignore=shutil.ignore_patterns("public", ".gkssg"), symlinks=True)
    crc, co, ce = gk("build", "--site", twin, "--out", twin / "public", "--date", "2026-11-20", "-j1")
    mine, theirs = lines(o, e), lines(co, ce)
    a, b = tree(run.site / "public"), tree(twin / "public")
    od = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    ok = verdict("r11r stamp: a later gkssg build reports = a clean build's", rc == crc and mine == theirs and not od,
                 f"rc={rc}/{crc} only later {sorted(set(mine) - set(theirs))[:4]} only clean {sorted(set(theirs) - set(mine))[:4]} differs {od[:4]}",
                 "the same report and output")
    rc, o, e = gk("check", "--site", run.site, "--date", "2026-11-20")
    crc, co, ce = gk("check", "--site", twin, "--date", "2026-11-20")
    ok &= verdict("r11r stamp: gkssg check = a clean check", rc == crc and lines(o, e) == lines(co, ce),
                  f"rc={rc}/{crc} only {sorted(set(lines(o, e)) - set(lines(co, ce)))[:4]} only clean {sorted(set(lines(co, ce)) - set(lines(o, e)))[:4]}", "same")
    return 0 if run.ok and ok else 1


if __name__ == "__main__":
    sys.exit(main())
