"""Round 7: the output changed by hand between builds, then a no-op / fast-path build / --verify.

  same_size_page   a document page edited in place to the same size (mtime kept): a no-op keeps it
                   (documented: not noticed), `build --verify` must restore it (= clean)
  same_size_search a search pack edited in place likewise, then a public body edit, then --verify
  deleted_search   a file of public/search deleted: the next build restores it
  user_file        a user's file dropped into public/docs: the next build (a public body edit) says
                   GK059 and keeps it, output otherwise untouched
  verify_noop      --verify on an intact output: writes nothing
"""
from __future__ import annotations

import os
import sys
import time

from r7_common import DATE, GEN, append, build, clean_compare, fresh, said_fast, site, tree, verdict


def setup(name):
    d = fresh(f"verify_{name}")
    s = site(d, 60)
    out = d / "out"
    time.sleep(2.5)
    rc, o, e = build(s, out)
    assert rc == 0, e[-500:]
    time.sleep(2.5)
    return s, out


def same_size_edit(p):
    st = p.stat()
    data = bytearray(p.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 4] = b"EVIL"
    p.write_bytes(bytes(data))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))


def wrote(o):
    import re
    m = re.search(r"本次写入 (\d+) 个", o)
    return int(m.group(1)) if m else -1


def a_same_size_page():
    s, out = setup("page")
    page = sorted((out / "docs").glob("*.html"))[3]
    same_size_edit(page)
    rc, o, e = build(s, out, DATE, "-v")
    kept = b"EVIL" in page.read_bytes()
    rc2, o2, e2 = build(s, out, DATE, "-v", "--verify")
    diff = clean_compare(s, out)
    return verdict("same-size page edit: no-op then --verify", rc == 0 and rc2 == 0 and not diff,
                   f"no-op kept the edit: {kept} (documented); --verify rc {rc2} wrote {wrote(o2)}, {len(diff)} differ {diff[:3]}",
                   "--verify restores it")


def b_same_size_search():
    s, out = setup("search")
    packs = sorted((out / "search").rglob("*.bin"), key=lambda p: -p.stat().st_size)
    same_size_edit(packs[0])
    append(s / GEN / "d000006.md", "\n补充说明。\n")
    rc, o, e = build(s, out, DATE, "-v")
    rc2, o2, e2 = build(s, out, DATE, "-v", "--verify")
    diff = clean_compare(s, out)
    return verdict("same-size search pack edit, body edit, --verify", rc == 0 and rc2 == 0 and not diff,
                   f"edit build {said_fast(o, e)}; --verify rc {rc2} wrote {wrote(o2)}; {len(diff)} differ {diff[:3]}",
                   "--verify restores it")


def c_deleted_search():
    s, out = setup("deleted")
    victim = sorted((out / "search").rglob("*.bin"))[0]
    victim.unlink()
    rc, o, e = build(s, out, DATE, "-v")
    diff = clean_compare(s, out)
    return verdict("a search file deleted by hand, then a build", rc == 0 and not diff,
                   f"rc {rc} wrote {wrote(o)}; {len(diff)} differ {diff[:3]}", "restored")


def d_user_file():
    s, out = setup("user")
    mine = out / "docs" / "申请表.docx"
    mine.write_bytes(b"user's own file")
    before = tree(out)
    append(s / GEN / "d000006.md", "\n补充说明。\n")
    rc, o, e = build(s, out, DATE, "-v")
    kept = mine.exists() and mine.read_bytes() == b"user's own file"
    same = tree(out) == before
    return verdict("a user's file in public/docs, then a body edit", rc != 0 and "GK059" in o + e and kept and same,
                   f"rc {rc} {'GK059' if 'GK059' in o + e else (o + e)[-200:]}; file kept {kept}; output unchanged {same}",
                   "GK059, the file kept, output untouched")


def e_verify_noop():
    s, out = setup("noop")
    rc, o, e = build(s, out, DATE, "-v", "--verify")
    return verdict("--verify on an intact output", rc == 0 and wrote(o) == 0, f"rc {rc} wrote {wrote(o)}", "writes 0")


if __name__ == "__main__":
    ok = True
    for f in (a_same_size_page, b_same_size_search, c_deleted_search, d_user_file, e_verify_noop):
        ok &= f()
    sys.exit(0 if ok else 1)
