"""Round 6, target 6: attachments are checked (published_files.publishable: regular file, type by its first
bytes, not a document source) while a page is rendered, and copied seconds later in the write stage by
Writer.copy → output.put → shutil.copyfile(source), which follows symlinks and reads whatever is there then.

Scenario: a full build of a 60-document sitegen site (demo content included: content/ysq/2025-90003.md
attaches files/sbb.docx). When the staging folder gets its search/ files (every page rendered, the gate
passed), content/ysq/files/sbb.docx is replaced by
  - secret:  a symlink to content/cqszfbgt/gen/d000011.md (依申请公开)
  - outside: a symlink to /etc/os-release (outside the site)
  - fifo:    a FIFO
  - zero:    a symlink to /dev/zero (the build is stopped after 30 s or 200 MB staged)
  - theme:   themes/default/static/extra.css (hashed at render set-up, copied in the write stage) replaced
             by a symlink to d000011.md
Expected: the output holds the docx that was checked, or the build stops with a Chinese message (never the
secret's text, never an endless copy, never a traceback).

Run: python scripts/attacks/r6_attach_swap.py [secret outside fifo zero]
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from r6_common import DATE, ENV, GEN, PY, fresh, grep_tree, site, title_of, verdict

ATTACHED = "content/ysq/files/sbb.docx"


def staged_search(w: Path) -> Path | None:
    for p in w.glob(".www.staging-*"):
        if (p / "search").is_dir():
            return p
    return None


def run(kind: str) -> bool:
    w = fresh(f"attach_{kind}")
    s = site(w)
    out = w / "www"
    secret_title = title_of(s / GEN / "d000011.md")
    proc = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(out),
                             "--date", DATE, "-j1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    target = s / ATTACHED
    if kind == "theme":  # a theme static file, hashed at render set-up, copied in the write stage
        target = s / "themes" / "default" / "static" / "extra.css"
        target.parent.mkdir(parents=True)
        target.write_text("body { color: #333; }\n")
    swapped = False
    started = time.time()
    staged_size = 0
    while proc.poll() is None:
        if not swapped and staged_search(w):
            tmp = target.with_name(".swap")
            if kind in ("secret", "theme"):
                os.symlink(os.path.relpath(s / GEN / "d000011.md", target.parent), tmp)
            elif kind == "outside":
                os.symlink("/etc/os-release", tmp)
            elif kind == "zero":
                os.symlink("/dev/zero", tmp)
            else:
                os.mkfifo(tmp)
            os.replace(tmp, target)
            swapped = time.time() - started
        if kind == "zero" and swapped:
            staged_size = max([staged_size] + [p.stat().st_size for p in w.glob(".www.staging-*/**/sbb*.docx")])
            if time.time() - started > swapped + 30 or staged_size > 200 << 20:
                proc.send_signal(signal.SIGKILL)
                break
        if kind == "fifo" and swapped and time.time() - started > swapped + 30:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    o, e = proc.communicate()
    rc = proc.returncode
    hits = grep_tree(out, secret_title) if out.exists() else []
    pattern = "extra*.css" if kind == "theme" else "sbb*.docx"
    copied = [p for p in out.rglob(pattern)] if out.exists() else []
    content = copied[0].read_bytes()[:60] if copied else b""
    tail = (o + e).strip().splitlines()[-1][:140] if (o + e).strip() else ""
    traceback = "Traceback" in e
    if kind == "zero":
        ok = rc not in (-9,) and not traceback
        obs = f"swap at {swapped:.1f} s; build {'killed by the script after 30 s / 200 MB' if rc == -9 else f'exit {rc}'}; " \
              f"staged sbb.docx grew to {staged_size >> 20} MB; last line: {tail}"
    elif kind == "fifo":
        ok = rc not in (-9,) and not traceback
        obs = f"swap at {swapped:.1f} s; exit {rc}; traceback: {traceback}; last line: {tail}"
    else:
        leaked = bool(hits) or (content and not content.startswith(b"body {" if kind == "theme" else b"PK"))
        ok = not leaked and not traceback
        obs = (f"swap at {swapped:.1f} s; exit {rc}; published {pattern} starts {content[:40]!r}; "
               f"secret title in {hits[:3]}; last line: {tail}")
    return verdict(f"attachment swapped to {kind}", ok, obs,
                   "the checked docx published, or a Chinese message and the previous output untouched")


if __name__ == "__main__":
    kinds = sys.argv[1:] or ["secret", "outside", "theme", "fifo", "zero"]
    results = {k: run(k) for k in kinds}
    print("findings:", [k for k, ok in results.items() if not ok])
