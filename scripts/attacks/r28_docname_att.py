"""Round 28, target 1 (false positive): an attachment whose name is a document source's to the gate
(published_files.is_document_name: .md/.markdown, any case) but that the loader does not read as a document
(README.md, NOTE.MD, x.markdown, .hidden.md). The check must say so, or the build must publish it; the render's
GK117 "changed during the build" for a file nobody touched is a false positive."""
from __future__ import annotations

import shutil

from r28_common import WORK, attack_sites, build, check

DOC = "content/ysq/2025-90023.md"
for name in ("README.md", "NOTE.MD", "说明.markdown", ".hidden.md", "x.Md"):
    site = attack_sites.demo_copy(WORK, "dn-" + name.strip("."))
    (site / "content/ysq/files" / name).write_text("# 说明\n\n纯文本说明。\n", encoding="utf-8")
    p = site / DOC
    p.write_text(p.read_text(encoding="utf-8").replace("files/bmb.docx", "files/" + name), encoding="utf-8")
    c = check(site)
    b = build(site)
    msgs = [l.strip() for l in (c.stdout + b.stderr + b.stdout).splitlines() if "GK" in l and ("错误" in l or "GK117" in l)]
    print(f"{name:14} check rc {c.returncode}; build rc {b.returncode}; {msgs[:3]}", flush=True)
    shutil.rmtree(site / "public", ignore_errors=True)
