"""Round 9, attack 3: resident edits one after another WITHOUT settle() between them (the watcher
coalesces only what arrives together): body, body of another document, front matter, body again; one
settle() at the end of each group; = a clean build?"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from conftest import copy_demo  # noqa: E402
from test_serve_resident import clean_build, tree  # noqa: E402

from gkssg.serve.resident import Resident  # noqa: E402

TMP = Path("/tmp/hostile9/nosettle")
GROUPS = [
    [("body", "content/ysq/2025-90025.md"), ("body", "content/ysq/2025-90003.md")],
    [("body", "content/ysq/2025-90003.md"), ("title", "content/ysq/2025-90003.md"), ("body", "content/ysq/2025-90003.md")],
    [("body", "content/ydz/2024-90001.md"), ("body", "content/ydz/2024-90001.md"), ("body", "content/ljxq/2021-90001.md")],
    [("title", "content/ljxq/2021-90001.md"), ("body", "content/ljxq/2021-90001.md")],
]


def main() -> int:
    shutil.rmtree(TMP, ignore_errors=True)
    TMP.mkdir(parents=True)
    site = copy_demo(TMP / "site")
    r = Resident(site, site / "public", dt.date(2026, 11, 20))
    assert r.rebuild(set())[0]
    r.settle()
    bad = n = 0
    for g, group in enumerate(GROUPS):
        lasts = []
        for how, rel in group:
            n += 1
            path = site / rel
            text = path.read_text(encoding="utf-8")
            if how == "body":
                text = text.rstrip("\n") + f"\n\n第{n}次改动补充的一段正文。\n"
            else:
                text = re.sub(r"^标题: (.*)$", rf"标题: \1（第{n}次修订）", text, count=1, flags=re.M)
            path.write_text(text, encoding="utf-8")
            ok, message = r.rebuild({path})
            lasts.append(f"{how}:{ok}:{r.last}")
        r.settle()
        mine, clean = tree(site / "public"), clean_build(site, TMP)
        diff = sorted(k for k in set(mine) | set(clean) if mine.get(k) != clean.get(k))
        print(f"[{'held' if not diff else 'FINDING'}] 3/group {g} {lasts}: differs from clean {diff[:6]}", flush=True)
        bad += bool(diff)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
