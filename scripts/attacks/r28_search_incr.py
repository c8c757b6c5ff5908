"""Round 28, target 5: the policy's 发文字号 (now in its 解读's search text) edited, then removed, then the 解读
pointed at another policy, each followed by an incremental build: output equal to a clean build, and the old
number in no file under public/ (nor the Python search)."""
from __future__ import annotations

from r28_common import WORK, attack_sites, build, clean_build, diff, gk, grep_tree, set_field, settle, tree

site = attack_sites.demo_copy(WORK, "sinc")
POLICY = site / "content/ysq/2025-90003.md"
JD = site / "content/ysq/2025-90025.md"
assert build(site).returncode == 0


def step(label, old):
    settle()
    r = build(site)
    c = clean_build(site, WORK / "sinc-clean")
    d = diff(tree(site / "public"), tree(WORK / "sinc-clean")) if r.returncode == 0 and c.returncode == 0 else "n/a"
    hits = grep_tree(site / "public", old) if old else []
    py = gk("search", old or "x", "--site", str(site), "--json", "--date", "2026-12-07").stdout if old else ""
    print(f"{label:40} rc {r.returncode}/{c.returncode}; differ {d if isinstance(d, str) else len(d)} "
          f"{d[:4] if not isinstance(d, str) else ''}; old text in public: {hits[:4]}; "
          f"python search rows with it as interprets: {py.count(old)}", flush=True)


set_field(POLICY, "发文字号", "演示区府办发〔2025〕77号")
step("1 policy number 4号 -> 77号", "〔2025〕4号")
POLICY.write_text(POLICY.read_text(encoding="utf-8").replace("发文字号: 演示区府办发〔2025〕77号\n", ""), encoding="utf-8")
step("2 policy number removed", "〔2025〕77号")
set_field(JD, "解读对象", "ZBJG0003/2025-90002")
step("3 解读 now of 2025-90002", "关于印发演示区老旧小区改造实施办法（2025年版）的通知")
