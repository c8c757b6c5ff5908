"""Round 28, targets 1-2: the one-edit path (a body edit only): the edit adds a link or an image to a file that
was already in content/ at the last build but never named (a valid image, a FIFO, a same-name <script> file, a
folder): the incremental build must do what a clean build does (rc, and the output when both pass)."""
from __future__ import annotations

import os

from r28_common import WORK, attack_sites, build, clean_build, diff, settle, tree

DOC = "content/ysq/2025-90023.md"
CASES = {
    "valid-image": ("![图](media/yitu.png)", None),
    "fifo-link": ("[表](files/stray.pdf)", lambda s: os.mkfifo(s / "content/ysq/files/stray.pdf")),
    "script-link": ("[表](files/bad.pdf)", lambda s: (s / "content/ysq/files/bad.pdf").write_bytes(
        b"<html><script>alert(28)</script>" + b"x" * 100)),
    "script-image": ("![图](media/bad.png)", lambda s: (s / "content/ysq/media/bad.png").write_bytes(
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(28)</script></svg>")),
    "folder-image": ("![图](media)", None),
    "missing-image": ("![图](media/none.png)", None),
}
for name, (text, prep) in CASES.items():
    site = attack_sites.demo_copy(WORK, "oel-" + name)
    if prep:
        prep(site)
    assert build(site).returncode == 0
    settle()
    p = site / DOC
    p.write_text(p.read_text(encoding="utf-8").replace("三、报名方式", f"{text}\n\n三、报名方式"), encoding="utf-8")
    settle()
    r = build(site, "-v")
    c = clean_build(site, WORK / f"oel-{name}-clean")
    d = diff(tree(site / "public"), tree(WORK / f"oel-{name}-clean")) if r.returncode == 0 == c.returncode else "n/a"
    path = [l for l in r.stderr.splitlines() if "one-edit" in l or "一次" in l or "快速" in l][:1]
    leaked = [k for k, v in tree(site / "public").items() if b"alert(28)" in v]
    print(f"{name:14} incremental rc {r.returncode} / clean rc {c.returncode}; differ "
          f"{d if isinstance(d, str) else (len(d), d[:3])}; leaked {leaked}; {path}", flush=True)
