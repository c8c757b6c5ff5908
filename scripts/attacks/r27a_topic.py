"""Hostile round 27a, 主题分类 with '-' (GK205): odd values written into the demo's 黔江 document (a 行政规范性文件, so
it is in the 规范性文件库 library, whose 按主题分类 views are named by the 大类). Prints each value's GK205 finding;
then builds once with the values GK205 let through and lists the library's 按主题分类 view labels."""
from __future__ import annotations

import json
import re
import sys

from r27a_common import demo_site, findings_for, gkssg, set_field, traceback_in

DOC = "content/qjqzf/2017-00861.md"
DATE = "2026-12-07"
VALUES = [
    "综合政务-政务公开", "综合政务 - 政务公开", "综合政务－政务公开", "综合政务—政务公开", "综合政务-", "-综合政务",
    "-", "--", "综合政务--政务公开", "综合政务-政务公开-文秘工作", "随便写的-其他", "2025-其他", "其他-随便写的",
    "<script>alert(1)</script>-其他", "一-二-三-四-其他", "综合政务-" + "长" * 5000, "其他-其他", "综合政务‐政务公开",
    "综合政务-政务公开;工业、交通-交通", "国民经济管理、国有资产监管-国有资产",
]


def main() -> int:
    passed, bad = [], 0
    for value in VALUES:
        root = demo_site("topic")
        set_field(root / DOC, "主题分类", json.dumps(value, ensure_ascii=False))
        p = gkssg(root, "check", "--date", DATE)
        lines = [l for l in findings_for(p, DOC) if "GK205" in l]
        tb = traceback_in(p)
        bad += tb
        shown = value if len(value) < 40 else value[:20] + f"…({len(value)})"
        print(f"[{shown}] exit {p.returncode}{' TRACEBACK' if tb else ''}: "
              + (lines[0][:160] if lines else "accepted (no GK205)"))
        if not lines:
            passed.append(value)
    # build with each accepted value in turn, collect the library's topic-view labels
    for value in passed:
        root = demo_site("topicb")
        set_field(root / DOC, "主题分类", json.dumps(value, ensure_ascii=False))
        b = gkssg(root, "build", "--date", DATE)
        labels = set()
        for page in (root / "public").rglob("topic-*.html"):
            m = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
            labels.add(re.sub(r"\s+", " ", m.group(1)).strip()[:80] if m else page.name)
        scripts = [str(p_) for p_ in (root / "public").rglob("*.html")
                   if "<script>alert(1)" in p_.read_text(encoding="utf-8")]
        shown = value if len(value) < 40 else value[:20] + f"…({len(value)})"
        print(f"build [{shown}] exit {b.returncode}: topic views {sorted(labels)}; raw <script> in {scripts[:3]}")
        bad += bool(scripts)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
