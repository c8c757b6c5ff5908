"""Round 33, D: kill -9 of `gkssg bundle` while it writes dist/: is any file left in dist/ under a bundle's name, and
is it a complete tar.gz (a truncated bundle that deploy.sh would install)?"""
from __future__ import annotations

import random
import tarfile

from r33_common import DATE, build, demo
from r33_kill import killed

LO, HI = 3.3, 4.4


def main(n=10):
    rnd = random.Random(3)
    site = demo("kbundle")
    assert build(site).returncode == 0
    for i in range(n):
        delay = rnd.uniform(LO, HI)
        rc = killed(["bundle", "--site", str(site), "--date", DATE], delay)
        files = sorted((site / "dist").iterdir()) if (site / "dist").is_dir() else []
        verdicts = []
        for f in files:
            try:
                with tarfile.open(f) as t:
                    names = t.getnames()
                verdicts.append(f"{f.name}: ok {len(names)} members")
            except Exception as exc:  # noqa: BLE001
                verdicts.append(f"{f.name}: BROKEN {type(exc).__name__}")
        print(f"#{i} kill at {delay:.2f}s rc {rc}: dist {verdicts}", flush=True)
        for f in files:
            f.unlink()


if __name__ == "__main__":
    main()
