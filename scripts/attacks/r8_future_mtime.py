"""Round 8: an input whose mtime lies in the future (unzip/cp -p/rsync -t from a machine whose clock is
ahead, `touch -d tomorrow`) has changed_ns = max(mtime, ctime) = that mtime for as long as the future lasts:
a later edit that puts the same mtime back (cp -p, rsync -t, tar) and keeps the size is invisible to every
check that trusts (size, changed_ns) without the racy-window rule (buildstamp and cache.py hash a file whose
stat is "too recent", and a future one is). Attached here: content/ysq/files/sbb.docx, its bytes replaced
by a same-size redacted copy (every 'A'-ish byte changed), mtime put back. Also the same for a document
(主动公开 → 不予公开 with the future mtime put back) and for a theme file.

Expected: the incremental build = a clean build of a copy; the old bytes published nowhere.
Run: python r8_future_mtime.py
"""
from __future__ import annotations

import os
import time

from r8_common import GEN, build, built, clean_compare, said_fast, set_field, title_of, verdict

FUTURE = int(time.time() + 30 * 86400) * 10**9


def attachment() -> bool:
    d, s, out, first = built("future_att", 60)
    att = s / "content/ysq/files/sbb.docx"
    os.utime(att, ns=(FUTURE, FUTURE))
    rc, o, e = build(s, out)
    assert rc in (0, 1), e[-2000:]
    time.sleep(2.5)
    old = att.read_bytes()
    new = old[:-64] + bytes(64)  # the same size, the tail redacted (zeros)
    att.write_bytes(new)
    os.utime(att, ns=(FUTURE, FUTURE))
    rc, o, e = build(s, out, "2026-11-01", "-v")
    published = [p for p in out.rglob("sbb*.docx")]
    stale = [str(p.relative_to(out)) for p in published if p.read_bytes() == old]
    diff = clean_compare(s, out)
    return verdict("attachment with a future mtime, bytes replaced at the same size and mtime",
                   not stale and not diff, f"rc={rc}; old bytes still at {stale}; differs from clean: {diff}; "
                   f"{said_fast(o, e)}", "the new bytes published, output = clean build")


def document() -> bool:
    d, s, out, first = built("future_doc", 60)
    doc = s / GEN / "d000004.md"
    title = title_of(doc)
    os.utime(doc, ns=(FUTURE, FUTURE))
    rc, o, e = build(s, out)
    assert rc in (0, 1), e[-2000:]
    time.sleep(2.5)
    set_field(doc, "公开属性", "不予公开")  # same length as 主动公开
    os.utime(doc, ns=(FUTURE, FUTURE))
    rc, o, e = build(s, out, "2026-11-01", "-v")
    from r8_common import leaks
    found = leaks(s, out, title)
    diff = clean_compare(s, out)
    return verdict("document with a future mtime withdrawn at the same size and mtime", not found and not diff,
                   f"rc={rc}; title in {found[:5]}; differs from clean: {diff[:5]}; {said_fast(o, e)}",
                   "withdrawn everywhere, output = clean build")


def theme() -> bool:
    d, s, out, first = built("future_theme", 60)
    css = s / "themes/default/static/extra.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text("body { color: #333; }\n")
    os.utime(css, ns=(FUTURE, FUTURE))
    rc, o, e = build(s, out)
    assert rc in (0, 1), e[-2000:]
    time.sleep(2.5)
    css.write_text("body { color: #f00; }\n")
    os.utime(css, ns=(FUTURE, FUTURE))
    rc, o, e = build(s, out, "2026-11-01", "-v")
    diff = clean_compare(s, out)
    return verdict("theme file with a future mtime, same size and mtime", not diff,
                   f"rc={rc}; differs from clean: {diff[:5]}; {said_fast(o, e)}", "output = clean build")


if __name__ == "__main__":
    import sys
    which = sys.argv[1:] or ["attachment", "document", "theme"]
    results = [globals()[w]() for w in which]
    print("all held" if all(results) else "FINDINGS")
