"""Round 29, target 1: 媒体 files named by no body (the 视频解读's poster, captions and video; a 图片解读's image
made media-only) swapped as the render starts, -j 1 / -j 2 (forked), incremental / clean. Expected GK117,
output untouched, no swapped byte published."""
from __future__ import annotations

import datetime as dt
import os
import sys

from r29_common import REPO, WORK, attack_sites, diff, tree

sys.path.insert(0, str(REPO))
import gkssg.build.engine as engine  # noqa: E402
import gkssg.build.pipeline as pipeline  # noqa: E402
from gkssg.build.pipeline import build_site  # noqa: E402
from gkssg.errors import GkssgError  # noqa: E402

DATE = dt.date(2026, 12, 7)
TARGETS = {"poster": "content/ysq/media/jd-poster.png", "captions": "content/ysq/media/jd.zh.vtt",
           "video": "content/ysq/media/jd.mp4", "image-media-only": "content/ysq/media/yitu.png"}


def to_script(p):
    st = p.stat()
    data = p.read_bytes()
    head = b"<html><script>alert(29)</script>"
    tmp = p.with_name(".swap")
    tmp.write_bytes(head + data[len(head):])
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, p)


def to_outside(p):
    out = WORK / "outside-secret29.bin"
    out.write_bytes(b"OUTSIDE-SECRET-29" + p.read_bytes()[17:])
    tmp = p.with_name(".swap")
    os.symlink(out, tmp)
    os.replace(tmp, p)


def to_fifo(p):
    p.unlink()
    os.mkfifo(p)


SWAPS = {"script": to_script, "outside": to_outside, "fifo": to_fifo, "deleted": lambda p: p.unlink()}

for target, rel in TARGETS.items():
    for swap_name, swap in SWAPS.items():
        for jobs, clean in ((1, False), (2, True)):
            site = attack_sites.demo_copy(WORK, f"mrace-{target}-{swap_name}-{jobs}")
            if target == "image-media-only":  # yitu.png only as the 图片解读's 媒体: drop it from 2025-90023's body
                md = site / "content/ysq/2025-90023.md"
                md.write_text("\n".join(ln for ln in md.read_text(encoding="utf-8").splitlines() if "yitu.png" not in ln) + "\n",
                              encoding="utf-8")
            out = site / "public"
            build_site(site, out, DATE, jobs=1)
            before = tree(out)
            md = site / "content/ysq/2024-90005.md"
            md.write_text(md.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
            real = pipeline.render_setup

            def setup(build, _p=site / rel, _s=swap, _r=real):
                _s(_p)
                return _r(build)
            pipeline.render_setup = setup
            saved = engine.POOL_MINIMUM
            engine.POOL_MINIMUM = 0 if jobs == 2 else saved
            try:
                build_site(site, out, DATE, jobs=jobs, clean=clean)
                outcome = "rc 0"
            except GkssgError as e:
                outcome = e.format_message()[:70]
            except Exception as e:  # noqa: BLE001
                outcome = "TRACEBACK " + repr(e)[:100]
            finally:
                pipeline.render_setup = real
                engine.POOL_MINIMUM = saved
            after = tree(out)
            leaked = [k for k, v in after.items() if b"alert(29)" in v or b"OUTSIDE-SECRET-29" in v]
            print(f"{target:16} {swap_name:8} -j{jobs} clean={clean}: {outcome!r}; changed {len(diff(before, after))}; "
                  f"leaked {leaked}", flush=True)
