"""Attack B: two sites built one AFTER the other into the same --out (no concurrency at all):
A, B, A, B.  Each result must equal that site's clean build.  The previous-output manifest and
the spare record live in <site>/.gkssg, so B's second build trusts a manifest of an output A
has since replaced.
Run: .venv/bin/python scripts/attacks/b_alternate_sites_one_out.py"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import subprocess  # noqa: E402

from b_kill9_build import DATE, PY, sitegen  # noqa: E402
from b_two_sites_one_out import files  # noqa: E402


def run(site, out):
    p = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out", str(out), "--date", DATE,
                        "--jobs", "1"], capture_output=True, text=True)
    return p.returncode, p.stderr


def main():
    tmp = Path(tempfile.mkdtemp(prefix="h4c3-"))
    a, b = tmp / "a", tmp / "b"
    sitegen.generate(a, 200, seed=1)
    sitegen.generate(b, 150, seed=2)
    # make A contain a document B does not have at all (distinct pages)
    refs = {}
    for s in (a, b):
        ref = tmp / f"ref-{s.name}"
        shutil.copytree(s, ref)
        assert run(ref, ref / "public")[0] == 0
        refs[s.name] = files(ref / "public")
    out = tmp / "out"
    bad = 0
    for step, s in enumerate([a, b, a, b, a]):
        code, err = run(s, out)
        got = files(out)
        ref = refs[s.name]
        extra = sorted(set(got) - set(ref))
        differ = sorted(k for k in set(got) & set(ref) if got[k] != ref[k])
        missing = sorted(set(ref) - set(got))
        ok = code == 0 and not extra and not differ and not missing
        print(f"step {step} build {s.name}: exit {code} extra={len(extra)} {extra[:2]} differ={len(differ)} {differ[:2]} "
              f"missing={len(missing)} {'ok' if ok else 'BAD'}")
        bad += not ok
    shutil.rmtree(tmp, ignore_errors=True)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
