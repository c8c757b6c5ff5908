"""Round 7: `gkssg serve` (resident) and an edit its watcher never reports.

The watcher ignores folders named build/dist/node_modules/__pycache__ (and, being inotify, a
write through a hard link outside the site); the loader reads content/dist/*.md like any other.
  dist      content/dist/x.md (public) withdrawn while serve runs, then a body edit of another
            document (applied in place by the resident), serve stopped, `gkssg build`
  hardlink  d000004.md written in place through a hard link outside the site (withdrawn), then a
            body edit, serve stopped, `gkssg build`
The withdrawn title must be nowhere after the `gkssg build`, which must equal a clean build.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from r7_common import DATE, ENV_PATH, GEN, PY, append, build, clean_compare, fresh, leaks, said_fast, site, title_of, verdict

PORT = 18777


def wait_quiet(out: Path, quiet: float = 4.0, limit: float = 120.0) -> None:
    """Until no file under `out` changed for `quiet` seconds."""
    start = time.time()
    last, stamp = None, time.time()
    while time.time() - start < limit:
        now = max((p.stat().st_mtime for p in out.rglob("*") if p.is_file()), default=0)
        if now != last:
            last, stamp = now, time.time()
        elif time.time() - stamp > quiet:
            return
        time.sleep(0.5)


def case(kind: str) -> bool:
    d = fresh(f"serve_{kind}")
    s = site(d, 40)
    out = s / "public"
    if kind == "dist":
        text = (s / GEN / "d000004.md").read_text("utf-8")
        text = re.sub(r"^标题: .*$", "标题: 两江新区某街道办事处关于测试撤回的通知", text, count=1, flags=re.M)
        text = re.sub(r"^索引号: (.*)/(\d{4})-\d{5}$", lambda m: f"索引号: {m.group(1)}/{m.group(2)}-66666", text,
                      count=1, flags=re.M)
        text = re.sub(r"^发文字号: .*$", "发文字号: 渝府办发〔2024〕666号", text, count=1, flags=re.M)
        text = re.sub(r"\n参见\[相关文件\]\(doc:[^)]*\)。\n", "\n", text)
        (s / "content" / "dist").mkdir()
        target = s / "content" / "dist" / "x.md"
        target.write_text(text, encoding="utf-8")
    else:
        target = s / GEN / "d000004.md"
        os.link(target, d / "elsewhere.md")
    secret = title_of(target)
    time.sleep(2.5)
    env = {**os.environ, "PYTHONPATH": ENV_PATH}
    proc = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "serve", "--site", str(s), "--port", str(PORT),
                             "--bind", "127.0.0.1", "--date", DATE], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        wait_quiet(out)
        served_before = bool(leaks(s, out, secret))
        if kind == "dist":
            target.write_text(target.read_text("utf-8").replace("公开属性: 主动公开", "公开属性: 不予公开"), encoding="utf-8")
        else:
            with open(d / "elsewhere.md", "r+b") as f:  # in place: the same inode, written through the other name
                data = f.read().replace("公开属性: 主动公开".encode(), "公开属性: 不予公开".encode())
                f.seek(0)
                f.write(data)
                f.truncate()
        time.sleep(3)
        append(s / GEN / "d000006.md", "\n补充说明。\n")
        time.sleep(2)
        wait_quiet(out)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            log = proc.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            log = proc.communicate()[0]
    in_serve = leaks(s, out, secret)
    rc, o, e = build(s, out, DATE, "-v")
    hits = leaks(s, out, secret)
    diff = clean_compare(s, out)
    noop = "未重新生成" in o
    return verdict(f"serve missed edit: {kind}", rc == 0 and not hits and not diff,
                   f"published at start {served_before}; after serve {len(in_serve)} files hold it; then gkssg build "
                   f"rc {rc} {'NO-OP' if noop else said_fast(o, e)}: {len(hits)} files hold it {hits[:3]}, "
                   f"{len(diff)} differ {diff[:3]}; serve log tail: {log[-300:]!r}",
                   "gkssg build after serve: withdrawn document nowhere, = clean")


if __name__ == "__main__":
    kinds = sys.argv[1:] or ["dist", "hardlink"]
    ok = True
    for k in kinds:
        ok &= case(k)
    sys.exit(0 if ok else 1)
