"""Claim 2 under a race: `partials/doc_list.html` swapped back and forth between a regular file and a FIFO
(rename, as an editor saves) while builds run. ThemeLoader.get_source stats the name, then opens the real
path with a blocking open(): a FIFO put there in between blocks the build for ever (no writer). Jinja2's
auto_reload checks every include's mtime, so every page is a chance. Each build has a timeout; a build still
running at it is a hang (killed).

    PYTHONPATH=$PWD python scripts/attacks/r21_fiforace.py [BUILDS] [TIMEOUT]
"""

import os
import signal
import subprocess
import sys
import threading
import time

from r21_common import DATE, GK, PY, build, default_text, digest, excerpt, generate, override, say


def run(site, timeout):
    """`gkssg build --verify` (every page rendered); on a timeout, where its processes wait (wchan, and any FIFO
    they have open), then the process group is killed."""
    p = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", DATE,
                          "-j", "2", "--verify"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         env=dict(os.environ, PYTHONPATH=str(GK)), start_new_session=True)
    try:
        out = p.communicate(timeout=timeout)[0].decode("utf-8", "replace")
        return p.returncode, out, ""
    except subprocess.TimeoutExpired:
        seen = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                if os.getpgid(int(pid)) != p.pid:
                    continue
                wchan = open(f"/proc/{pid}/wchan").read()
                fds = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
            except OSError:
                continue
            seen.append(f"pid {pid} wchan {wchan} fds {[f for f in fds if 'doc_list' in f or 'r21' in f]}")
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        return None, "", "; ".join(seen)


def main(builds, timeout):
    site = generate("fiforace", 120)
    target = override(site, "partials/doc_list.html", default_text("partials/doc_list.html"))
    text = target.read_bytes()
    rc, out = build(site)
    assert rc == 0, out
    stop = threading.Event()
    swaps = [0]

    def swapper():
        tmp_r, tmp_f = target.with_name(".r21r"), target.with_name(".r21f")
        while not stop.is_set():
            for p in (tmp_r, tmp_f):
                if os.path.lexists(p):
                    os.unlink(p)
            os.mkfifo(tmp_f)
            os.rename(tmp_f, target)
            time.sleep(0.0005)
            tmp_r.write_bytes(text)
            os.rename(tmp_r, target)
            time.sleep(0.002)
            swaps[0] += 1

    t = threading.Thread(target=swapper, daemon=True)
    t.start()
    outcomes = []
    try:
        for i in range(builds):
            started = time.time()
            rc, out, where = run(site, timeout)
            outcomes.append(rc)
            say(f"build {i}: rc {rc} after {time.time() - started:.0f}s\t"
                f"{'HANG (killed at the timeout): ' + where if rc is None else excerpt(out.splitlines()[-1] if out else '', 140)}")
    finally:
        stop.set()
        t.join()
    say(f"swaps {swaps[0]}; hangs {outcomes.count(None)} of {builds}; GK022 {outcomes.count(2)}; rc 0 {outcomes.count(0)}")
    target.write_bytes(text)
    after = digest(site / "public")
    rc, out = build(site)
    say(f"after the race: output folder {'intact' if (site / 'public/index.html').exists() else 'DAMAGED'}, "
        f"next build rc {rc}; leftovers in the site folder: {sorted(p.name for p in site.iterdir() if 'staging' in p.name)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6, int(sys.argv[2]) if len(sys.argv) > 2 else 120)
