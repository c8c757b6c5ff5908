"""Round 28, target 4: `gkssg serve --no-build` over an existing output, then its first edit (a build serve runs
itself), a catalog.yaml edit, a new document and a withdrawal: public/ = clean build, .public.spare = public/."""
from __future__ import annotations

import os
import signal

os.environ.setdefault("SRV_NAME", "srvnb")
import r28_serve as S  # noqa: E402

assert S.build(S.site).returncode == 0
proc = S.start("--no-build")
try:
    import time
    time.sleep(4)
    S.compare("0 --no-build start")
    S.edit(lambda: S.sub(S.DOC, "36名", "38名"), "1 first edit (body)")
    S.edit(lambda: S.sub(S.DOC, "考试录用公务员公告", "考试录用公务员公告（更正）"), "2 title edit")
    S.edit(lambda: S.sub("catalog.yaml", "name: 重庆市人民政府办公厅", "name: 重庆市人民政府办公厅 "), "3 catalog.yaml edit")

    def new_doc():
        t = (S.site / S.DOC).read_text(encoding="utf-8").replace("2025-90023", "2025-90098")
        (S.site / "content/ysq/2025-90098.md").write_text(t, encoding="utf-8")
    S.edit(new_doc, "4 new document")
    S.edit(lambda: S.sub("content/ysq/2025-90098.md", "公开属性: 主动公开", "公开属性: 不予公开"), "5 withdrawn (不予公开)")
    out = S.tree(S.site / "public")
    print("   withdrawn page still served:", [k for k in out if "2025-90098" in k])
finally:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)
