"""kill -9 of `gkssg serve` at several delays after a body edit (debounce 0.3 s: inside the in-place
apply, the reload, settle), then a plain `gkssg build`; its output vs `build --clean --out OTHER`.

    PYTHONPATH=$PWD python scripts/attacks/r22_kill.py [PORT] [DELAY …]
"""
import os
import signal
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("H21", "/tmp/h22")
from r21_common import DATE, GK, PY, build, compare, excerpt, generate, say  # noqa: E402

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8825
DELAYS = [float(a) for a in sys.argv[2:]] or [0.35, 0.5, 0.7, 1.0, 1.5, 2.5]


def up():
    end = time.time() + 60
    while time.time() < end:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/index.html", timeout=5).read()
            return True
        except OSError:
            time.sleep(0.3)
    return False


site = generate("kill22")
rc, out = build(site)
assert rc == 0, out
for i, delay in enumerate(DELAYS):
    proc = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "serve", "--site", str(site), "--date", DATE,
                             "--bind", "127.0.0.1", "--port", str(PORT), "--no-build"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, PYTHONPATH=str(GK)), start_new_session=True)
    assert up(), "serve did not start"
    time.sleep(1)
    p = site / "content/ysgz/2026/00002.md"
    p.write_text(p.read_text(encoding="utf-8") + f"\n改动R22KILL{i}。\n", encoding="utf-8")
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    leftovers = sorted(x.name for x in site.iterdir() if x.name.startswith(".public"))
    verdict, rc, out, _, differ = compare(site)
    say(f"kill -9 {delay}s after the edit\tleft: {leftovers}\tplain build rc {rc}: {verdict}\t{excerpt(out[-70:], 70)}")
