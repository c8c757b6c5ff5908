"""Round 7: edits that keep a file's size and mtime (touch -r / os.utime back, cp -p).

Each case: a built site; wait past the racy window; edit one document so that its size is
the same, put its mtime back; build again (optionally with another, ordinary edit so that
the build runs); the unpublished document must be nowhere and the output = a clean build.
"""
from __future__ import annotations

import os
import re
import sys
import time

from r7_common import GEN, build, clean_compare, fresh, leaks, said_fast, set_field, site, title_of, verdict


def case(name: str, edit, other_edit: bool, needle_of, keep: bool = True) -> bool:
    d = fresh(f"samestat_{name}_{int(other_edit)}_{int(keep)}")
    s = site(d, 40)
    out = d / "out"
    time.sleep(2.5)  # the files are not racy at the first build either
    rc, o, e = build(s, out)
    assert rc == 0, e
    time.sleep(2.5)  # past the racy window
    target = s / GEN / "d000004.md"
    needle = needle_of(target)
    st = target.stat()
    edit(target)
    assert target.stat().st_size == st.st_size, "edit changed the size"
    if keep:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    if other_edit:
        other = s / GEN / "d000006.md"
        other.write_text(other.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    rc, o, e = build(s, out)
    hits = leaks(s, out, needle)
    diff = clean_compare(s, out)
    return verdict(f"samestat {name} (other edit: {other_edit}, stat kept: {keep})", rc in (0, 1) and not hits and not diff,
                   f"rc {rc}, {said_fast(o, e)}, '{needle}' in {hits[:4]}, {len(diff)} differ {diff[:4]}",
                   "nothing of the document published, = clean")


def withdraw(p):
    set_field(p, "公开属性", "不予公开")


def future(p):
    text = p.read_text(encoding="utf-8")
    p.write_text(re.sub(r"^发布日期: \d{4}", "发布日期: 2029", text, count=1, flags=re.M), encoding="utf-8")


def body(p):
    text = p.read_text(encoding="utf-8")
    m = re.search(r"^[^\n#|]{12}", text[text.index("## 一、总体要求"):], flags=re.M)
    at = text.index("## 一、总体要求") + m.start()
    p.write_text(text[:at] + "绝密标记甲乙" + text[at + 6:], encoding="utf-8")


if __name__ == "__main__":
    ok = True
    if "plain" in sys.argv:  # the same edits, stat not kept: the baseline
        ok &= case("withdraw", withdraw, False, title_of, keep=False)
        sys.exit(0 if ok else 1)
    for other in (False, True):
        ok &= case("withdraw", withdraw, other, title_of)
        ok &= case("future", future, other, title_of)
        ok &= case("body", body, other, lambda p: "绝密标记甲乙")
    sys.exit(0 if ok else 1)
