"""Round 7: one character of another document's URL flipped inside .gkssg/search/records.bin
(same size, mtime put back: a bad sector, a bit flip, a restore of a mixed backup), then a public
body edit of a document in the same display block (the one-edit path reads its neighbours' rows
from records.bin). The published index must be a clean build's, never the damaged row.
"""
from __future__ import annotations

import os
import re
import sys
import time

from r7_common import DATE, GEN, append, build, clean_compare, fresh, said_fast, site, verdict


def newest(s):
    found = []
    for p in (s / GEN).glob("d*.md"):
        t = p.read_text("utf-8")
        if "公开属性: 主动公开" in t and "体裁分类: 通知" in t:
            day = re.search(r"^发布日期: (.*)$", t, re.M).group(1)
            if day <= DATE:
                found.append((day, re.search(r"^索引号: (.*)$", t, re.M).group(1), p))
    return sorted(found, reverse=True)


def main(where: str) -> bool:
    d = fresh(f"records_flip_{where}")
    s = site(d, 260)
    out = d / "out"
    time.sleep(2.5)
    build(s, out)
    time.sleep(2.5)
    docs = newest(s)
    append(docs[1][2], "\n补充第一句。\n")  # a first body edit: the path and its records in place
    rc, o, e = build(s, out, DATE, "-v")
    first = said_fast(o, e)
    records = s / ".gkssg" / "search" / ("records.bin" if where == "bin" else "records.delta")
    victim = docs[2][1].replace("/", "-")  # the neighbour's URL holds its 索引号
    data = records.read_bytes()
    at = data.find(victim.encode())
    if at < 0:
        return verdict(f"records.{where} flip", True, f"{victim} not in {records.name}", "n/a")
    st = records.stat()
    flipped = bytearray(data)
    flipped[at + len(victim) - 1] = ord("9") if flipped[at + len(victim) - 1] != ord("9") else ord("8")
    records.write_bytes(bytes(flipped))
    os.utime(records, ns=(st.st_atime_ns, st.st_mtime_ns))
    append(docs[0][2], "\n补充第二句。\n")
    rc, o, e = build(s, out, DATE, "-v")
    diff = clean_compare(s, out)
    return verdict(f"records.{where}: a neighbour's URL flipped, then a body edit", rc == 0 and not diff,
                   f"first edit {first}; then rc {rc} {said_fast(o, e)}; {len(diff)} differ {diff[:4]}",
                   "= clean (the damaged row never published)")


if __name__ == "__main__":
    ok = True
    for where in sys.argv[1:] or ["bin"]:
        ok &= main(where)
    sys.exit(0 if ok else 1)
