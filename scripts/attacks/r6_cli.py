"""Round 6: CLI inputs and environment values that reach last session's code; each must give a Chinese
message with a GK code (or work), never a Python traceback.

A copy of the demo site (sitegen, 20 generated documents) is built once into www; then each command line runs
with a 120 s limit. Printed: exit code, traceback or not, the last line said.

Run: python scripts/attacks/r6_cli.py
"""
from __future__ import annotations

import subprocess

from r6_common import DATE, build, fresh, gk, site, verdict

CASES = [
    ("build --date 9999-12-31", ["build", "--date", "9999-12-31"], {}),
    ("build --date 0001-01-01", ["build", "--date", "0001-01-01"], {}),
    ("build --date 9999-12-31 twice (incremental, fast path)", ["build", "--date", "9999-12-31"], {}),
    ("GKSSG_DASK_CONNECT_WAIT=1e10", ["build", "--executor", "tcp://127.0.0.1:9"], {"GKSSG_DASK_CONNECT_WAIT": "1e10"}),
    ("GKSSG_DASK_CONNECT_WAIT=nan", ["build", "--executor", "tcp://127.0.0.1:9"], {"GKSSG_DASK_CONNECT_WAIT": "nan"}),
    ("GKSSG_DASK_WORKER_WAIT=1e400", ["build", "--executor", "tcp://127.0.0.1:9"], {"GKSSG_DASK_WORKER_WAIT": "1e400"}),
    ("--executor tcp://[::ffff:127.0.0.1]:9", ["build", "--executor", "tcp://[::ffff:127.0.0.1]:9"], {"GKSSG_DASK_CONNECT_WAIT": "3"}),
    ("--executor tcp://[::1]:0009", ["build", "--executor", "tcp://[::1]:0009"], {"GKSSG_DASK_CONNECT_WAIT": "3"}),
    ("--executor ws://127.0.0.1:9", ["build", "--executor", "ws://127.0.0.1:9"], {"GKSSG_DASK_CONNECT_WAIT": "3"}),
    ("--executor tcp://a..b:8786", ["build", "--executor", "tcp://a..b:8786"], {}),
    ("--executor tcp://" + "a" * 63 + ".invalid:8786", ["build", "--executor", "tcp://" + "a" * 63 + ".invalid:8786"],
     {"GKSSG_DASK_CONNECT_WAIT": "3"}),
    ("--out with a 300-byte name", ["build", "--out", "/tmp/hostile6/" + "长" * 100], {}),
    ("serve --bind '::1%nope'", ["serve", "--no-build", "--bind", "::1%nope", "--port", "18999"], {}),
    ("serve --bind 999.0.0.1", ["serve", "--no-build", "--bind", "999.0.0.1", "--port", "18999"], {}),
    ("search with an empty query", ["search", ""], {}),
    ("search with 10,000 characters", ["search", "政务" * 5000], {}),
]


def main() -> list[str]:
    w = fresh("cli")
    s = site(w, n=20)
    out = w / "www"
    rc, o, e = build(s, out)
    assert rc == 0, (o, e)
    bad = []
    for name, args, env in CASES:
        args = [args[0], "--site", str(s), *(["--out", str(out)] if args[0] in ("build", "serve") and "--out" not in args else []),
                *args[1:]]
        if args[0] == "build" and "--date" not in args:
            args += ["--date", DATE]
        try:
            rc, o, e = gk(*args, timeout=120, env=env)
        except subprocess.TimeoutExpired:
            rc, o, e = -1, "", "(still running after 120 s)"
        tb = "Traceback" in e
        last = (o + e).strip().splitlines()[-1][:160] if (o + e).strip() else ""
        ok = not tb and rc != -1
        if not verdict(name, ok, f"exit {rc}; traceback: {tb}; last line: {last}", "a Chinese message (GK code) or success"):
            bad.append(name)
    return bad


if __name__ == "__main__":
    print("findings:", main())
