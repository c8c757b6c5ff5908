"""Hostile round 27a, mark_signoff's heading loop is quadratic: for every heading it copies the body before it and
searches that copy for class="signoff". A demo document whose body is N short paragraphs each followed by a `##`
heading as its whole body (no 落款 anywhere, so every heading is tried): `gkssg build --clean` timed with this branch's code and with
the code before the change (b1b9d96, from `git archive` into $H27A/old). Usage: r27a_signoff_build.py N."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from r27a_common import PY, REPO, WORK, demo_site

DOC = "content/qjqzf/2017-00861.md"


def timed_build(code: str, root) -> tuple[int, float]:
    env = {"PYTHONPATH": code, "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "HOME": "/tmp"}
    t = time.time()
    try:
        p = subprocess.run(["nice", PY, "-m", "gkssg.commands.cli", "build", "--clean", "--date", "2026-12-07",
                            "--site", str(root)], env=env, capture_output=True, text=True, timeout=900)
        return p.returncode, time.time() - t
    except subprocess.TimeoutExpired:
        return -1, time.time() - t


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 32000
    old = os.environ.get("OLD", str(WORK / "old"))
    for label, code in (("this branch", str(REPO)), ("b1b9d96", old)):
        root = demo_site(f"sbuild-{label[:4]}")
        path = root / DOC
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
        path.write_text(front + "\n" + "".join(
            f"第{i}段\n\n## 标题{i}\n\n" for i in range(n)), encoding="utf-8")
        rc, sec = timed_build(code, root)
        print(f"[{label}] {n} headings, body {path.stat().st_size // 1024} KB: build exit {rc} in {sec:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
