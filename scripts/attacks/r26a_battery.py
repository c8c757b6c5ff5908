"""Hostile round 26a: a change after a build, then an incremental build vs a clean build of the same inputs.
Usage: python scripts/attacks/r26a_battery.py [NAME ...]   (every case by default)"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26a_common import build, clean_twin, demo_site, edit, verdict  # noqa: E402

D1, D2 = "2026-01-10", "2026-01-10"
P3 = "content/ysq/2025-90003.md"  # the policy 2025-90025 (no media) interprets; 2022-90002 is replaced by it
P25 = "content/ysq/2025-90025.md"
P22 = "content/ysq/2022-90002.md"
T3 = "演示区人民政府办公室关于印发演示区老旧小区改造实施办法（2025年版）的通知"


def drop_attachments(root):  # so 2025-90003 itself is memo-eligible too
    text = (root / P3).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    out, skip = [], False
    for line in lines:
        if line.startswith("附件:"):
            skip = True
            continue
        if skip and line.startswith("  "):
            continue
        skip = False
        out.append(line)
    (root / P3).write_text("".join(out), encoding="utf-8")


CASES = {
    "partner_title": lambda r: edit(r / P3, "（2025年版）", "（2025年修订版）"),
    "partner_withheld_nointerp": lambda r: (no_interps(r), drop_attachments(r),
                                               edit(r / P3, "公开属性: 主动公开", "公开属性: 依申请公开")),
    "partner_future_nointerp": lambda r: (no_interps(r), edit(r / P3, "发布日期: 2025-02-14", "发布日期: 2026-05-14")),
    "partner_withheld": lambda r: edit(r / P3, "公开属性: 主动公开", "公开属性: 依申请公开"),
    "partner_future": lambda r: edit(r / P3, "发布日期: 2025-02-14", "发布日期: 2026-05-14"),
    "partner_moved": lambda r: edit(r / P3, "法定主动公开内容>履职依据>规范性文件", "法定主动公开内容>统计信息"),
    "agency_name": lambda r: edit(r / "catalog.yaml", "演示市演示区人民政府", "演示市演示区人民政府X"),
    "site_name": lambda r: edit(r / "catalog.yaml", "name: gkssg 演示站点 政府信息公开", "name: gkssg 演示站点B"),
    "base_url": lambda r: edit(r / "catalog.yaml", "https://www.example.gov.cn/", "https://gk.example.gov.cn/sub/"),
    "template_partial": lambda r: theme_edit(r, "partials/related.html"),
    "template_base": lambda r: theme_edit(r, "base.html"),
    "rename_file": lambda r: (r / P25).rename(r / "content/ysq/zz-2025-90025.md"),
    "interp_title": lambda r: edit(r / P25, "》政策解读", "》政策解读（修订）"),
    "interp_date": lambda r: edit(r / P25, "发布日期: 2025-02-1", "发布日期: 2025-03-1"),
    "interp_withheld": lambda r: (edit(r / P25, "公开属性: 主动公开", "公开属性: 依申请公开"),
                                  edit(r / P25, "标题: ", "标题: r26a-secret")),
    "interp_future": lambda r: (edit(r / P25, "发布日期: 2025-02-1", "发布日期: 2026-03-1"),
                                edit(r / P25, "标题: ", "标题: r26a-secret")),
    "interp_retarget": lambda r: edit(r / P25, "解读对象: ZBJG0003/2025-90003", "解读对象: ZBJG0003/2022-90002"),
}


def no_interps(root):
    for rel in (P25, "content/ysq/2025-90026.md"):
        edit(root / rel, "解读对象: ZBJG0003/2025-90003", "解读对象: ZBJG0003/2022-90002")


def theme_edit(root: Path, name: str) -> None:
    from r26a_common import REPO
    src = REPO / "themes/default/templates" / name
    dst = root / "themes/default/templates" / name  # a site-local theme folder, if the site has one
    text = src.read_text(encoding="utf-8")
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(text.replace("</", "<!-- r26a -->\n</", 1), encoding="utf-8")


def run(name: str, mutate, d1=D1, d2=D2, prep=None) -> bool:
    root = demo_site(name)
    if prep:
        prep(root)
    build(root, d1)
    build(root, d1)  # warm: the memo is filled
    mutate(root)
    shutil.copytree(root / "public", root.with_name(name + "-before"), dirs_exist_ok=True)
    if build(root, d2).returncode != 0:
        print(f"== {name}: n/a (the incremental build failed)")
        return True
    twin = clean_twin(root, d2)
    ok = verdict(name, root / "public", twin)
    leak = subprocess.run(["grep", "-rl", "r26a-secret", str(root / "public")], capture_output=True, text=True).stdout
    if leak:
        print("LEAK", leak)
    return ok


if __name__ == "__main__":
    names = sys.argv[1:] or list(CASES)
    for n in names:
        if n.startswith("date:"):
            _, a, b = n.split(":")
            run(f"date_{a}_{b}", lambda r: None, a, b)
        elif n.endswith("+noatt"):
            run(n.replace("+", "_"), CASES[n[:-6]], prep=drop_attachments)
        else:
            run(n, CASES[n])
