"""Round 32, target 5: round 31's folder-link cases (r31_layout.py) re-run under /tmp/h32, and a folder of
documents named with an extension gkssg publishes (ALLOWED: .zip, .pdf, .txt …) turned into a dangling or
looping link: `content_files` skips folder_link() for such names."""
from __future__ import annotations

import os
import sys

os.environ.setdefault("H31", "/tmp/h32")
import r31_layout  # noqa: E402
from r31_layout import CASES, away, into, run  # noqa: E402

for name in ("历年文件.zip", "2024.tar", "旧版.pdf", "附件.txt"):
    CASES[f"ext_dangling:{name}"] = (lambda s, n=name: into(s, n),
                                     lambda s, n=name: (away(s, n), os.symlink(f"/nonexistent/mnt/{n}", s / "content/ysq" / n)))
    CASES[f"ext_loop:{name}"] = (lambda s, n=name: into(s, n),
                                 lambda s, n=name: (away(s, n), os.symlink(n, s / "content/ysq" / n)))

if __name__ == "__main__":
    for n in sys.argv[1:] or list(CASES):
        print(getattr(r31_layout, n)() if n.startswith("agency_") else run(n), flush=True)
