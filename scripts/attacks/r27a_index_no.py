"""Hostile round 27a, 索引号 shapes: each odd 索引号 written into the real corpus's 施甸县太平镇 report (org_code
01525939X) and 昌宁县田园镇 report (credit code 115330250152645191); `gkssg check` must answer with a GK3xx message
on that file and line (never a traceback, never silence for a wrong check character)."""
from __future__ import annotations

import json
import sys

from r27a_common import DATE, findings_for, gkssg, real_site, set_field, traceback_in

SD = "content/sdtpz/2026-00001.md"
CN = "content/cntyz/2026-00001.md"
CASES = [
    (SD, "01525939-X/20260130-00001", "ok"),
    (SD, "01525939-x/20260130-00001", "GK304 suggests 01525939-X/20260130-00001"),
    (SD, "01525939-5/20260130-00001", "GK304 (check char X)"),
    (SD, "01525939-0/20260130-00001", "GK304 (check char X)"),
    (SD, "01525938-X/20260130-00001", "GK304 (wrong check char for 01525938)"),
    (SD, "01525939－X/20260130-00001", "GK301 (full-width hyphen)"),
    (SD, "01525939-Ｘ/20260130-00001", "GK301 (full-width X)"),
    (SD, "01525939-х/20260130-00001", "GK301 (Cyrillic х)"),
    (SD, "01525939--X/20260130-00001", "GK301 (two hyphens)"),
    (SD, "01525939-X-/20260130-00001", "? (hyphen before slash)"),
    (SD, "01525939-X/20260130-00001-", "GK301 (hyphen at the end)"),
    (SD, "-01525939-X/20260130-00001", "GK301 (hyphen at the start)"),
    (SD, "0152593-9X/20260130-00001", "GK301 (hyphen in the wrong place)"),
    (SD, "01525939-X/20260132-00001", "GK301 (day 32)"),
    (SD, "01525939-X/20261330-00001", "GK301 (month 13)"),
    (SD, "01525939-X/20260231-00001", "? (Feb 31: no such date)"),
    (SD, "01525939-X/20260229-00001", "? (Feb 29 2026: no such date)"),
    (SD, "01525939-X/20260100-00001", "GK301 (day 00)"),
    (SD, "01525939-X/2026013000001", "? (day without '-' after it)"),
    (SD, "01525939-X/" + "2026" * 40 + "-00001", "GK301 (very long)"),
    (SD, "01525939-X" + "-0" * 300 + "/2026-00001", "GK301 (very long, hyphens)"),
    (SD, "01525939-X-0101/20260130-00001", "? (category after printed org code)"),
    (SD, "01525939-X/20250130-00001", "GK306 (year 2025 vs 2026 dates)"),
    (CN, "115330250152645191/20260116-00001", "ok (as published)"),
    (CN, "115330250152645191/20260132-00001", "GK301 (day 32)"),
    (CN, "115330250152645191/20261316-00001", "GK301 (month 13)"),
    (CN, "11533025015264519-1/20260116-00001", "GK301 (hyphen before the credit code's check char)"),
    (CN, "115330250152645191/20260116-00001", "ok"),
    (CN, "1153302501526451-91/20260116-00001", "GK301"),
]


def main() -> int:
    root = real_site("idx")
    broken = 0
    for source, value, want in CASES:
        root = real_site("idx")
        set_field(root / source, "索引号", json.dumps(value, ensure_ascii=False))
        p = gkssg(root, "check", "--date", DATE)
        lines = [l for l in findings_for(p, source) if "GK3" in l]
        tb = traceback_in(p)
        shown = value if len(value) < 60 else value[:40] + f"…({len(value)} chars)"
        print(f"[{shown}] want {want}: exit {p.returncode}{' TRACEBACK' if tb else ''}")
        for line in lines:
            print("    " + (line if len(line) < 400 else line[:400] + "…"))
        if not lines:
            print("    (no GK3xx finding)")
        broken += tb
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
