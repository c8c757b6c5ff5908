"""Attack D: the Dask cluster fails during `gkssg build --executor`:
  scheduler   the scheduler is killed -9 mid-build
  workers     the only worker (and its nanny) is killed -9 mid-build, none comes back
  version     the only worker runs a different gkssg (a copy with one changed byte)
Expect: exit 2, Chinese GK057 message, no traceback, previous output byte-identical, bounded time.
Run: .venv/bin/python scripts/attacks/d_executor_failures.py [case ...]"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b_full_disk import mutate  # noqa: E402
from b_kill9_build import DATE, PY, REPO, sitegen, tree_hash  # noqa: E402

DASK = str(REPO / ".venv/bin/dask")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def start(args, env=None):
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            env={**os.environ, **(env or {})})


def kill(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    p.wait()


def other_gkssg(tmp: Path) -> Path:
    copy = tmp / "othergk"
    shutil.copytree(REPO / "gkssg", copy / "gkssg", ignore=shutil.ignore_patterns("__pycache__"))
    f = copy / "gkssg/render/pages.py"
    f.write_text(f.read_text("utf-8") + "\n# another release\n", "utf-8")
    shutil.copytree(REPO / "themes", copy / "themes")
    return copy


def main(cases):
    tmp = Path(tempfile.mkdtemp(prefix="h4x-"))
    bad = 0
    for case in cases or ["scheduler", "workers", "version"]:
        site = tmp / f"site-{case}"
        sitegen.generate(site, 400)
        r = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", DATE],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        before = tree_hash(site / "public")
        mutate(site, 400)
        port = free_port()
        sched = start([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])
        time.sleep(3)
        env = {"PYTHONPATH": str(other_gkssg(tmp))} if case == "version" else None
        wargs = [DASK, "worker", f"tcp://127.0.0.1:{port}", "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
        if case == "workers":
            wargs.append("--no-nanny")
        worker = start(wargs, env)
        time.sleep(4)
        t0 = time.time()
        build = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", DATE,
                                  "--executor", f"tcp://127.0.0.1:{port}"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        if case in ("scheduler", "workers"):
            time.sleep(float(os.environ.get("KILL_AT", "4")))
            kill(sched if case == "scheduler" else worker)
        try:
            out, err = build.communicate(timeout=240)
            code = build.returncode
        except subprocess.TimeoutExpired:
            build.kill(); out, err = build.communicate(); code = "HANG(240s)"
        secs = time.time() - t0
        kill(worker); kill(sched)
        same = tree_hash(site / "public") == before
        last = err.strip().splitlines()[-1][:200] if err.strip() else ""
        problems = []
        if "Traceback" in err:
            problems.append("traceback")
        if code != 2:
            problems.append(f"exit {code}")
        if code != 0 and not same:
            problems.append("output changed")
        if not any("\u4e00" <= c <= "\u9fff" for c in last):
            problems.append("not Chinese")
        print(f"{'BAD ' if problems else 'ok  '} {case}: {problems} {secs:.0f}s {last!r}", flush=True)
        if "Traceback" in err:
            print("   ", err[-800:])
        bad += bool(problems)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1:]) else 0)
