"""Attack B.1 in detail: two sites built into the same --out at once (the lock is per site, in
<site>/.gkssg, not per output).  Reports which files of the result belong to neither clean build.
Run: .venv/bin/python scripts/attacks/b_two_sites_one_out.py [ROUNDS]"""
from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b_concurrent import finish, start  # noqa: E402
from b_kill9_build import DATE, build, sitegen  # noqa: E402


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def main(rounds):
    tmp = Path(tempfile.mkdtemp(prefix="h4c2-"))
    a, b = tmp / "a", tmp / "b"
    sitegen.generate(a, 200, seed=1)
    sitegen.generate(b, 150, seed=2)
    for s in (a, b):
        ref = tmp / f"ref-{s.name}"
        shutil.copytree(s, ref)
        assert build(ref)[0] == 0
    fa, fb = files(tmp / "ref-a/public"), files(tmp / "ref-b/public")
    out = tmp / "out"
    bad = 0
    for rnd in range(rounds):
        p1 = start("build", "--site", str(a), "--out", str(out), "--date", DATE, "--jobs", "1")
        time.sleep(0.25 * (rnd % 4))
        p2 = start("build", "--site", str(b), "--out", str(out), "--date", DATE, "--jobs", "1")
        r1, r2 = finish(p1), finish(p2)
        got = files(out)
        which = "A" if got == fa else "B" if got == fb else None
        if which is None:
            bad += 1
            from_a = sum(1 for k, v in got.items() if fa.get(k) == v and fb.get(k) != v)
            from_b = sum(1 for k, v in got.items() if fb.get(k) == v and fa.get(k) != v)
            neither = [k for k, v in got.items() if fa.get(k) != v and fb.get(k) != v]
            missing_a = len(set(fa) - set(got)); missing_b = len(set(fb) - set(got))
            print(f"round {rnd}: exits {r1[0]},{r2[0]} MIXED: {from_a} files only-A, {from_b} only-B, "
                  f"{len(neither)} neither {neither[:3]}, missing vs A {missing_a}, vs B {missing_b}")
        else:
            print(f"round {rnd}: exits {r1[0]},{r2[0]} output = clean {which}")
    shutil.rmtree(tmp, ignore_errors=True)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main(int(sys.argv[1]) if len(sys.argv) > 1 else 6) else 0)
