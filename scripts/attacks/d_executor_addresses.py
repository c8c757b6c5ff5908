"""Attack D: hostile --executor addresses.  Expect exit 2, a Chinese GK057 message, no
traceback, no output folder created, in bounded time.
Run: .venv/bin/python scripts/attacks/d_executor_addresses.py"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b_kill9_build import DATE, PY, sitegen  # noqa: E402

ADDRESSES = [
    "tcp://[::1]:0", "tcp://127.0.0.1:0", "tcp://[::1]:9", "tcp://[::1]", "tcp://[:::1]:8786", "tcp://[zz]:1",
    "file:///", "file:///etc/passwd", "inproc://x", "ucx://127.0.0.1:8786", "ws://127.0.0.1:9", "tls://127.0.0.1:9",
    "tcp://" + "a" * 100_000 + ":8786", "tcp://" + "a." * 200 + "b:8786", "tcp://调度器.政府:8786", "tcp://ｘ:8786",
    "tcp://127.0.0.1:8786\x00", "tcp://127.0.0.1:8786\n", " tcp://127.0.0.1:9 ", "tcp://127.0.0.1:-1",
    "tcp://127.0.0.1:65536", "tcp://127.0.0.1:８７８６", "tcp://user:pw@127.0.0.1:9", "tcp://127.0.0.1:9/path?x=1",
    "local", "LOCAL", "", ":", "tcp://", "tcp://:8786", "%", "tcp://127.0.0.1:9#frag", "tcp://[::ffff:127.0.0.1]:9",
    "tcp://0x7f000001:9", "tcp://2130706433:9", "tcp://localhost:22", "tcp://127.0.0.1:631",
]


def one(args):
    k, addr, site = args
    t = time.time()
    try:
        p = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out", str(site / f"out{k}"),
                            "--date", DATE, "--executor", addr], capture_output=True, text=True, timeout=90)
        code, err = p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        code, err = "TIMEOUT", ""
    except ValueError as exc:  # the OS refuses the argument (NUL byte)
        code, err = "argv", str(exc)
    secs = time.time() - t
    last = err.strip().splitlines()[-1][:150] if err.strip() else ""
    problems = []
    if "Traceback" in err:
        problems.append("traceback")
    if code not in (2, "argv"):
        problems.append(f"exit {code}")
    if code != "argv" and not any("\u4e00" <= c <= "\u9fff" for c in last):
        problems.append("not Chinese")
    if (site / f"out{k}").exists():
        problems.append("output created")
    if secs > 40:
        problems.append(f"{secs:.0f}s")
    shown = addr if len(addr) < 60 else addr[:30] + f"...({len(addr)} chars)"
    return f"{'BAD ' if problems else 'ok  '} {shown!r}: {problems} {last!r}" + (("\n" + err[-900:]) if "Traceback" in err else "")


def main():
    tmp = Path(tempfile.mkdtemp(prefix="h4e-"))
    site = sitegen.generate(tmp / "site", 3)
    with ThreadPoolExecutor(4) as pool:
        lines = list(pool.map(one, [(k, a, site) for k, a in enumerate(ADDRESSES)]))
    for line in lines:
        print(line)
    return sum(line.startswith("BAD") for line in lines)


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
