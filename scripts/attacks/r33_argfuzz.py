"""Round 33, C: odd argument values to every command: rc 70 (internal error) or a traceback instead of a Chinese
message, and raw controls on the terminal."""
from __future__ import annotations

from r33_common import DATE, build, demo, gk, has_ctrl

BIG = "9" * 30


def main():
    site = demo("argfuzz")
    build(site)
    s = str(site)
    cases = [
        ("build", "--site", s, "--jobs", "0"), ("build", "--site", s, "--jobs", "-1"), ("build", "--site", s, "--jobs", BIG),
        ("build", "--site", s, "--date", "0001-01-01"), ("build", "--site", s, "--date", "9999-12-31"),
        ("build", "--site", s, "--date", "2026-02-30"), ("build", "--site", s, "--date", "２０２６-１２-０７"),
        ("build", "--site", s, "--executor", "tcp://[::1"), ("build", "--site", s, "--executor", "tcp://127.0.0.1:1"),
        ("check", "--site", s, "--changed", "no-such-rev"), ("check", "--site", s, "--changed", "--format"),
        ("check", "--site", s, "--changed", "HEAD~99999"), ("check", "--site", s, "--changed", "-x"),
        ("search", "--site", s, ""), ("search", "--site", s, "x" * 200000), ("search", "--site", s, "公务员", "--limit", "-1"),
        ("search", "--site", s, "公务员", "--limit", BIG), ("search", "--site", s, "公务员", "--year", "abc"),
        ("search", "--site", s, "公务员", "--year", BIG), ("search", "--site", s, "\ud800"),
        ("report", "new", BIG, "--site", s), ("report", "new", "-1", "--site", s), ("report", "show", "0", "--site", s),
        ("report", "import", s + "/content", "--site", s), ("report", "import", "/dev/zero", "--site", s),
        ("bundle", "--site", s, "--date", DATE, "--release-id", "../x"), ("bundle", "--site", s, "--deploy-dir", "/"),
        ("bundle", "--site", s, "--nginx-version", "1.2.3.4"), ("bundle", "--site", s, "--nginx-version", BIG + ".1.1"),
        ("bundle", "--site", s, "--out", "/dev/null"), ("bundle", "--site", s, "--out", "/proc/x.tar.gz"),
        ("serve", "--site", s, "--port", "99999"), ("serve", "--site", s, "--bind", "not an address", "--port", "8355"),
        ("audit", "/dev/zero"), ("audit", s), ("init", ""), ("new", "--site", s, "--agency", "\x1b[31m"),
        ("build", "--site", s, "--out", "/proc/self"), ("build", "--site", s, "--out", "x" * 5000),
        ("build", "--site", "/dev/null"), ("check", "--site", "/proc"),
    ]
    for args in cases:
        try:
            r = gk(*args, timeout=60)
        except Exception as exc:  # noqa: BLE001
            print(f"{' '.join(a[:30] for a in args[:6])!r:80} TIMEOUT/ERR {type(exc).__name__}")
            continue
        out = r.stdout + r.stderr
        bad = r.returncode == 70 or "Traceback" in out or has_ctrl(out)
        last = [x for x in out.strip().splitlines() if x.strip()][-1:] or [""]
        if bad or r.returncode not in (0, 1, 2):
            print(f"{' '.join(a[:30] for a in args[:6])!r:80} rc {r.returncode} tb {'Traceback' in out} raw {has_ctrl(out)} | {last[0][:150]!r}",
                  flush=True)
    print("done")


if __name__ == "__main__":
    main()
