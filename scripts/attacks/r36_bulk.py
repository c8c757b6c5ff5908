"""Round 36, row 9: 公开属性 of many files changed in one submission (the fact index's chunked queries, the mini-sites
of hundreds of documents), at and around GK120's thresholds (more than half AND more than 10: 10 of 19, 11 of 22,
11 of 21), with the fast path's stored page names (changed.kept_pages) deciding alone."""
from __future__ import annotations

import sys
import time

from r36_common import CQ, QJ, committed, doc, set_field, verdict


def site_of(name, qj, cq=4):
    files = dict(doc(CQ, n, 2019) for n in range(1, cq + 1))
    files.update(doc(QJ, n, 2024) for n in range(1, qj + 1))
    return committed(name, files)


def withdraw(site, count):
    for path in sorted((site / "content").glob("*/*.md"), key=lambda p: (p.parent.name != "qj", p.name))[:count]:
        set_field(path, "公开属性", "依申请公开")


def main() -> int:
    broken = 0
    for total_qj, cq, lost, expect in ((15, 4, 10, False), (18, 4, 11, False), (17, 4, 11, True), (7, 14, 11, True)):
        site = site_of(f"bulk-edge-{total_qj}-{cq}-{lost}", total_qj, cq)
        withdraw(site, lost)
        found = verdict(f"{lost} of {total_qj + cq} pages withdrawn (GK120 expected: {expect})", site)
        broken += found["state"] == "BROKEN" or bool(found["full"]["gk120"]) != expect
    site = site_of("bulk-600", 600)
    for count, label in ((290, "290 of 604 (less than half)"), (303, "303 of 604 (more than half)")):
        withdraw(site, count)
        start = time.time()
        found = verdict(f"{label} set to 依申请公开 in one submission", site, do_build=False)
        print(f"   ({time.time() - start:.1f} s for both checks)")
        broken += found["state"] == "BROKEN"
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
