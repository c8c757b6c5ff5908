"""Round 34, B: a folder of the user's beside the output whose name is one gkssg uses for its working trees
(`.public.spare`, `.public.staging-1`, `.public.old-1`), made before the first build and before a second build."""
from __future__ import annotations

import sys

from r33_common import build, demo, line

NAMES = [".public.spare", ".public.staging-1", ".public.old-1"]


def run(name, after_first):
    site = demo(f"spare-{name.strip('.')}-{int(after_first)}")
    if after_first:
        assert build(site).returncode == 0
    d = site / name
    d.mkdir(exist_ok=True)
    (d / "mine.txt").write_bytes(b"USER")
    (site / "content/ysq/2025-90010.md").unlink()  # a page removed: the whole tree is exchanged
    b = build(site)
    b2 = build(site)
    kept = (d / "mine.txt").exists()
    print(f"{name:18} {'after a build' if after_first else 'first build'}: {line('build', b)[:110]} / 2nd rc {b2.returncode}"
          f" | kept {kept} {'' if kept else 'LOST'}", flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or NAMES:
        run(n, False)
        run(n, True)
