"""Round 28, target 5: a 政策解读's policy withheld (依申请公开 / 不予公开 / future 发布日期), before the first build
and after one (incremental): its 发文字号 and title must reach no output byte (public/, .gkssg whoosh/search)."""
from __future__ import annotations

import json

from r28_common import WORK, attack_sites, build, gk, grep_tree, set_field, settle

NO = "演示区府办发〔2025〕4号"
NO_PART = "2025〕4号"
TITLE = "老旧小区改造实施办法（2025年版）的通知"
POLICY = "content/ysq/2025-90003.md"

CASES = {"依申请公开": ("公开属性", "依申请公开"), "不予公开": ("公开属性", "不予公开"),
         "future": ("发布日期", "2027-03-01")}


def leaks(site, label, built):
    out = []
    for needle in (NO, NO_PART, TITLE):
        for folder in ((site / "public",) if built == 0 else ()):  # a failed build leaves the previous output
            hits = grep_tree(folder, needle)
            if hits:
                out.append((needle, hits[:5]))
    s = gk("search", "演示区府办发〔2025〕4号", "--site", str(site), "--json", "--date", "2026-12-07")
    text = s.stdout
    for needle in (NO_PART, TITLE):
        if needle in text:
            out.append(("search --json: " + needle, text[:300]))
    print(label, "LEAK" if out else "clean", json.dumps(out, ensure_ascii=False)[:600])
    return out


for name, (field, value) in CASES.items():
    # (a) withheld before the first build
    site = attack_sites.demo_copy(WORK, f"leak-{name}")
    set_field(site / POLICY, field, value)
    r = build(site)
    print(name, "fresh build rc", r.returncode, r.stderr[-300:] if r.returncode else "")
    leaks(site, f"{name} fresh", r.returncode)
    # (b) public at the first build, withheld afterwards: incremental build
    site = attack_sites.demo_copy(WORK, f"leak-inc-{name}")
    r = build(site)
    settle()
    set_field(site / POLICY, field, value)
    settle()
    r = build(site)
    print(name, "incremental rc", r.returncode, r.stderr[-300:] if r.returncode else "")
    leaks(site, f"{name} incremental", r.returncode)
