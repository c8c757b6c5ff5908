"""Hostile round 27a, search by a document's own 索引号: the number of 昌宁县田园镇's report (or 施甸县太平镇's) is
written in a shape `gkssg check` accepts; the site is built; `gkssg search --json` is asked for the number exactly as
the page prints it and in the spellings keys.index_no_query_keys claims. Each must return that document first with
exact: true (the claim: "索引号 typed as people read it finds its document exactly")."""
from __future__ import annotations

import json
import sys

from r27a_common import DATE, gkssg, real_site, set_field

CN = "content/cntyz/2026-00001.md"
SD = "content/sdtpz/2026-00001.md"
CASES = [  # (file, 索引号 as written on the page, queries)
    (CN, "115330250152645191/20260116-00001",
     ["115330250152645191/20260116-00001", "115330250152645191-20260116-00001", "115330250152645191 / 20260116-00001",
      "115330250152645191／20260116－00001", "115330250152645191—20260116—00001"]),
    (CN, "115330250152645191-20260116-00001",
     ["115330250152645191-20260116-00001", "115330250152645191/20260116-00001"]),
    (CN, "115330250152645191-/20260116-00001",
     ["115330250152645191-/20260116-00001", "115330250152645191/20260116-00001"]),
    (SD, "01525939-X/20260130-00001",
     ["01525939-X/20260130-00001", "01525939X/20260130-00001", "01525939X-20260130-00001", "01525939-X-20260130-00001",
      "01525939-x/20260130-00001", "01525939－X／20260130－00001", "01525939ｘ/20260130-00001"]),
    (SD, "01525939-X-20260130-00001",
     ["01525939-X-20260130-00001", "01525939-X/20260130-00001", "01525939X/20260130-00001"]),
    (SD, "01525939X/20260130-00001",
     ["01525939X/20260130-00001", "01525939-X/20260130-00001", "01525939X-20260130-00001"]),
    (SD, "01525939-X/202601-00001",
     ["01525939-X/202601-00001", "01525939X/202601-00001", "01525939X-202601-00001", "01525939-X-202601-00001"]),
]


def main() -> int:
    bad = 0
    for source, number, queries in CASES:
        root = real_site("selfkey")
        set_field(root / source, "索引号", json.dumps(number, ensure_ascii=False))
        b = gkssg(root, "build", "--date", DATE)
        if b.returncode != 0:
            print(f"[{number}] build exit {b.returncode}: {[l for l in b.stdout.splitlines() if '错误' in l][:2]}")
            continue
        print(f"[{number}] written in {source}")
        for q in queries:
            s = gkssg(root, "search", q, "--json", "--date", DATE)
            try:
                data = json.loads(s.stdout)
            except ValueError:
                print(f"    {q!r}: exit {s.returncode} {s.stderr.strip()[:200]}")
                bad += 1
                continue
            items = data.get("results", data) if isinstance(data, dict) else data
            top = items[0] if items else {}
            ok = bool(top) and top.get("index_no") == number and top.get("exact")
            bad += not ok
            print(f"    {'holds ' if ok else 'BROKEN'} {q!r}: {len(items)} results; first {top.get('index_no')!r}"
                  f" exact={top.get('exact')}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
