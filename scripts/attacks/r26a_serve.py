"""Hostile round 26a: `gkssg serve --no-build` on the demo while edits reach memo-eligible pages through their
partners (a policy's title, an interpretation's date, catalog.yaml, a theme partial, reverts); after each,
once public/ is quiet, public/ vs a clean build of a copy of the inputs.
Usage: python scripts/attacks/r26a_serve.py [PORT]"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26a_common import PY, REPO, build, clean_twin, demo_site, edit, verdict  # noqa: E402

D = "2026-01-10"
P3 = "content/ysq/2025-90003.md"
P25 = "content/ysq/2025-90025.md"


def quiet(root: Path, since: float, timeout: float = 60) -> None:
    stamp = root / "public/.gkssg-output"
    end = time.time() + timeout
    while time.time() < end:
        if stamp.exists() and stamp.stat().st_mtime > since and time.time() - stamp.stat().st_mtime > 4:
            return
        time.sleep(0.5)
    print("   (no rebuild seen)")


def main(port: int) -> None:
    root = demo_site("serve")
    build(root, D)
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "HOME": "/tmp"}
    log = open(root.with_name("serve.log"), "w")
    p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "serve", "--no-build", "--bind", "127.0.0.1",
                          "--port", str(port), "--date", D, "--site", str(root)], env=env, stdout=log, stderr=log,
                         start_new_session=True)
    time.sleep(4)
    theme = root / "themes/default/templates/partials/related.html"
    steps = [
        ("policy title", lambda: edit(root / P3, "（2025年版）", "（2025年修订版）")),
        ("interpretation date", lambda: edit(root / P25, "发布日期: 2025-02-14", "发布日期: 2025-02-20")),
        ("agency name", lambda: edit(root / "catalog.yaml", "演示市演示区人民政府", "演示市演示区人民政府Y")),
        ("theme partial", lambda: (theme.parent.mkdir(parents=True, exist_ok=True), theme.write_text(
            (REPO / "themes/default/templates/partials/related.html").read_text(encoding="utf-8") + "<!-- r26a -->",
            encoding="utf-8"))),
        ("policy title back", lambda: edit(root / P3, "（2025年修订版）", "（2025年版）")),
        ("interpretation date back", lambda: edit(root / P25, "发布日期: 2025-02-20", "发布日期: 2025-02-14")),
    ]
    try:
        for name, change in steps:
            since = time.time()
            change()
            quiet(root, since)
            verdict(f"serve: {name}", root / "public", clean_twin(root, D))
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8861)
