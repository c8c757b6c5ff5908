"""Hostile round 27a, duplicate 索引号 across spellings: a second report with the same number as 施甸县太平镇's
01525939-X/20260130-00001, written 01525939X/20260130-00001 (the same 组织机构代码, the code parse_index_no reads
for both). Is it a GK305 duplicate? If the build passes, what does `gkssg search` answer for the number?"""
from __future__ import annotations

import json
import sys

from r27a_common import DATE, findings_for, gkssg, real_site, set_field, traceback_in

SD = "content/sdtpz/2026-00001.md"
PAIRS = [
    ("01525939-X/20260130-00001", "01525939X/20260130-00001"),
    ("01525939-X/20260130-00001", "01525939-X-/20260130-00001"),
    ("01525939-X/20260130-00001", "01525939-X-20260130-00001"),
    ("01525939-X/20260130-00001", "01525939-X/20260130-00001 "),
]


def main() -> int:
    bad = 0
    for first, second in PAIRS:
        root = real_site("dup")
        twin = root / "content/sdtpz/2026-00002.md"
        text = (root / SD).read_text(encoding="utf-8").replace("太平镇2025年度", "太平镇2025年度（重复）")
        twin.write_text(text, encoding="utf-8")
        set_field(root / SD, "索引号", json.dumps(first, ensure_ascii=False))
        set_field(twin, "索引号", json.dumps(second, ensure_ascii=False))
        p = gkssg(root, "check", "--date", DATE)
        dup = [l for l in findings_for(p, "content/sdtpz/2026-00002.md") if "GK305" in l]
        print(f"[{first}] + [{second}]: check exit {p.returncode}, GK305 on the second: {dup or 'none'}"
              f"{' TRACEBACK' if traceback_in(p) else ''}")
        if not dup:
            b = gkssg(root, "build", "--date", DATE)
            print(f"    build exit {b.returncode}")
            for q in ("01525939X/20260130-00001", "01525939-X/20260130-00001"):
                s = gkssg(root, "search", q, "--json", "--date", DATE)
                try:
                    hits = json.loads(s.stdout)
                    items = hits.get("results", hits) if isinstance(hits, dict) else hits
                    print(f"    gkssg search {q}: {[(h.get('index_no'), h.get('url')) for h in items][:5]}")
                except ValueError:
                    print(f"    gkssg search {q}: exit {s.returncode} {s.stdout[:200]} {s.stderr[:300]}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
