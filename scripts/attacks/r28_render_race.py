"""Round 28, target 1: files swapped the moment the render starts (pipeline.render_setup), in process:
(a) a 附件 (the new GK117), (b) a file only linked from a body, (c) an image only shown in a body, with
-j 1 and -j 2 (forked workers), clean and incremental. Expected: the build stops, the previous output
untouched, no byte of the swapped file in public/."""
from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path

from r28_common import REPO, WORK, attack_sites, diff, tree

sys.path.insert(0, str(REPO))
import gkssg.build.engine as engine  # noqa: E402
import gkssg.build.pipeline as pipeline  # noqa: E402
from gkssg.build.pipeline import build_site  # noqa: E402
from gkssg.errors import GkssgError  # noqa: E402

DATE = dt.date(2026, 12, 7)
DOC = "content/ysq/2025-90023.md"
TARGETS = {"attachment": "content/ysq/files/bmb.docx", "bodylink": "content/ysq/files/only-body.docx",
           "bodyimage": "content/ysq/media/only-body.png"}


def to_script(p: Path):
    st = p.stat()
    data = p.read_bytes()
    head = b"<html><script>alert(28)</script>"
    tmp = p.with_name(".swap")
    tmp.write_bytes(head + data[len(head):])
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, p)


def to_outside(p: Path):
    out = WORK / "outside-secret.bin"
    out.write_bytes(b"OUTSIDE-SECRET-28" + p.read_bytes()[17:])
    tmp = p.with_name(".swap")
    os.symlink(out, tmp)
    os.replace(tmp, p)


def to_fifo(p: Path):
    p.unlink()
    os.mkfifo(p)


SWAPS = {"script": to_script, "outside": to_outside, "fifo": to_fifo, "deleted": Path.unlink}


def prepare(site: Path):
    files = site / "content/ysq/files"
    (files / "only-body.docx").write_bytes((files / "bmb.docx").read_bytes())
    (site / "content/ysq/media/only-body.png").write_bytes((site / "content/ysq/media/yitu.png").read_bytes())
    md = site / DOC
    md.write_text(md.read_text(encoding="utf-8") + "\n四、[说明](files/only-body.docx)\n\n![示意图](media/only-body.png)\n",
                  encoding="utf-8")


results = []
for target, rel in TARGETS.items():
    for swap_name, swap in SWAPS.items():
        for jobs in (1, 2):
            for clean in (False, True):
                site = attack_sites.demo_copy(WORK, f"race-{target}-{swap_name}-{jobs}-{int(clean)}")
                prepare(site)
                out = site / "public"
                build_site(site, out, DATE, jobs=1)
                before = tree(out)
                md = site / DOC
                md.write_text(md.read_text(encoding="utf-8").replace("考试录用公务员公告", "考试录用公务员的公告"),
                              encoding="utf-8")
                real_setup = pipeline.render_setup

                def render_setup(build, _rel=rel, _swap=swap, _site=site, _real=real_setup):
                    _swap(_site / _rel)
                    return _real(build)
                pipeline.render_setup = render_setup
                saved = engine.POOL_MINIMUM
                if jobs == 2:
                    engine.POOL_MINIMUM = 0
                try:
                    build_site(site, out, DATE, jobs=jobs, clean=clean)
                    outcome = "rc 0"
                except GkssgError as e:
                    outcome = e.format_message()[:60]
                except Exception as e:  # noqa: BLE001
                    outcome = "TRACEBACK " + repr(e)[:100]
                    traceback.print_exc()
                finally:
                    pipeline.render_setup = real_setup
                    engine.POOL_MINIMUM = saved
                after = tree(out)
                changed = diff(before, after)
                leaked = [k for k, v in after.items() if b"alert(28)" in v or b"OUTSIDE-SECRET-28" in v]
                out_name = "files/" + rel.split("/", 1)[1]
                page = next((v for k, v in after.items() if k.startswith("docs/") and "考试录用公务员的公告".encode() in v), b"")
                dead = out_name.split("files/", 1)[1].encode() in page and out_name not in after
                line = (f"{target:10} {swap_name:8} -j{jobs} clean={clean}: {outcome!r}; changed {len(changed)}; "
                        f"leaked {leaked}; dead link published {dead}")
                print(line, flush=True)
                results.append(line)
