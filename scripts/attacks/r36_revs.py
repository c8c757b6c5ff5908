"""Round 36, row 16: REV spellings for check --changed: option-like values (git argument injection), tree-ish and
range values. None may pass a submission that the full check refuses with GK120, nor print a traceback."""
from __future__ import annotations

import sys
from pathlib import Path

from r36_common import BASE, DATE, committed, run, set_field, standard


def main() -> int:
    broken = 0
    site = committed("revs", standard())
    for path in sorted((site / "content/qj").glob("*.md")):
        set_field(path, "发布日期", "2027-03-01")
    trap = BASE / "revs-written.txt"
    for rev in (f"--output={trap}", "--cached", "-R", "--no-index", "--stat", "HEAD:content", "HEAD^{tree}",
                "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "HEAD~0..HEAD", "HEAD...HEAD", "@{u}", "nosuchrev"):
        done = run("check", "--site", str(site), "--date", DATE, "--format", "json", f"--changed={rev}")
        bad = done.returncode == 0 or "Traceback" in done.stderr or Path(trap).exists()
        english = any(w in done.stderr for w in ("fatal:", "error:"))
        print(f"[{'BROKEN' if bad else 'holds'}] --changed={rev}: rc={done.returncode} GK120={done.stdout.count('GK120')}"
              f"{' (git English passed through)' if english else ''} {(done.stderr.strip().splitlines() or [''])[-1][:110]!r}")
        broken += bad
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
