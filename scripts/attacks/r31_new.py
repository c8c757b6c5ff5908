"""Round 31, target 3: `gkssg new` when content/ or the agency's folder is a file, a dangling link, a loop, or a link
leading out of content/ (3dd6a88: GK119 instead of exit 70). rc, message, and where the document was written."""
from __future__ import annotations

import os
import shutil
import sys

from r31_common import WORK, gk


def fresh(name):
    root = WORK / f"new31-{name}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(WORK / f"new31-{name}-out", ignore_errors=True)
    r = gk("init", str(root))
    assert r.returncode == 0, r.stderr
    return root


def agency_folder(root):
    import re
    m = re.search(r"folders:\s*\[([^\]]+)\]", (root / "catalog.yaml").read_text(encoding="utf-8"))
    return m.group(1).split(",")[0].strip() if m else "content/bgs"


CASES = {
    "content_dangling": lambda r, a: (shutil.move(str(r / "content"), str(r / "c.real")), os.symlink("/nonexistent/c", r / "content")),
    "content_file": lambda r, a: (shutil.rmtree(r / "content"), (r / "content").write_text("x")),
    "content_loop": lambda r, a: (shutil.rmtree(r / "content"), os.symlink("content", r / "content")),
    "agency_dangling": lambda r, a: (shutil.rmtree(r / a, ignore_errors=True), os.symlink("/nonexistent/bgs", r / a)),
    "agency_loop": lambda r, a: (shutil.rmtree(r / a, ignore_errors=True), os.symlink(os.path.basename(a), r / a)),
    "agency_out": lambda r, a: (shutil.rmtree(r / a, ignore_errors=True), (WORK / f"{r.name}-out").mkdir(),
                                os.symlink(str(WORK / f"{r.name}-out"), r / a)),
}

if __name__ == "__main__":
    for name in sys.argv[1:] or CASES:
        root = fresh(name)
        a = agency_folder(root)
        agency = os.path.basename(a)
        CASES[name](root, a)
        r = gk("new", "--site", str(root), "--agency", agency, "--title", "测试通知", "--topic", "综合政务", "--genre", "通知",
               "--path", "政务公开", "--date", "2026-12-01")
        written = [str(p) for p in (WORK / f"{root.name}-out").glob("*")] if (WORK / f"{root.name}-out").exists() else []
        print(f"{name}: new rc {r.returncode} :: {(r.stdout + r.stderr).strip()[-260:]!r}; written outside: {written}", flush=True)
