"""Round 35, per-agency index_no_pattern: hostile patterns in catalog.yaml (polynomial backtracking the nested-
quantifier guard does not see, a pattern matching everything, unanchored), and an agency's pattern accepting another
agency's numbers. The demo's agency ysq (演示市演示区人民政府, ZBJG0003) gets the pattern; one of its documents the number."""
from __future__ import annotations

import re
import shutil
import time

from r35_common import DATE, codes, demo, findings_of, gk, md, row

AGENCY = "  - id: ysq\n    name: 演示市演示区人民政府\n"


def setup(site, pattern: str, index_no: str, publisher: str | None = None, rel="content/ysq/2025-90010.md"):
    cat = site / "catalog.yaml"
    text = CAT
    if pattern is not None:
        text = text.replace(AGENCY, AGENCY + f"    index_no_pattern: '{pattern}'\n")
    cat.write_text(text, encoding="utf-8")
    doc = md(site, rel)
    t = ORIG[rel]
    t = re.sub(r"(?m)^索引号: .*$", "索引号: " + index_no, t)
    if publisher:
        t = re.sub(r"(?m)^发布机构: .*$", "发布机构: " + publisher, t)
    doc.write_text(t, encoding="utf-8")


def timed_check(site, limit=120):
    t = time.time()
    try:
        c = gk("check", "--site", str(site), "--date", DATE, timeout=limit)
    except Exception as exc:  # subprocess.TimeoutExpired
        return None, time.time() - t, repr(exc)[:80]
    return c, time.time() - t, ""


def main():
    global CAT, ORIG
    site = demo("pattern")
    CAT = (site / "catalog.yaml").read_text(encoding="utf-8")
    assert AGENCY in CAT
    ORIG = {r: md(site, r).read_text(encoding="utf-8") for r in ("content/ysq/2025-90010.md", "content/ydz/" + sorted(
        p.name for p in (site / "content/ydz").glob("*.md"))[0])}
    base = set(codes(gk("check", "--site", str(site), "--date", DATE)))

    stars = r"^(?P<code>\d*)\d*\d*\d*\d*\d*\d*\d*(?P<serial>\d*)-$"
    for n in (30, 60, 120):
        setup(site, stars, "1" * n + "x")
        c, secs, err = timed_check(site)
        row(f"index_no_pattern: eight \\d* in a row (no nesting: the guard passes it), a {n}-digit 索引号 that fails",
            "BROKEN" if (c is None or secs > 20) else "holds",
            f"check {'rc ' + str(c.returncode) + ' ' + str(sorted(set(codes(c)) - base)) if c else err} in {secs:.1f} s")
        if c is None or secs > 60:
            break
    setup(site, "(?P<serial>.*)", "ZBJG0004/2025-00001")
    c, secs, _ = timed_check(site)
    row("index_no_pattern '(?P<serial>.*)' on ysq: its document carries ZBJG0004 (ydz's code) in its 索引号",
        "BROKEN" if c.returncode == 0 else "holds",
        f"check rc {c.returncode}, new {sorted(set(codes(c)) - base)} {findings_of(c, 'GK30')[:1]}")
    setup(site, "(?P<serial>.*)", "")
    c, secs, _ = timed_check(site)
    row("index_no_pattern '(?P<serial>.*)': an empty 索引号", "holds" if c.returncode else "BROKEN",
        f"check rc {c.returncode}, new {sorted(set(codes(c)) - base)}")
    setup(site, r"(?P<code>[A-Z0-9]+)/(?P<year>\d{4})-(?P<serial>\d{5})", "垃圾ZBJG0003/2025-90010垃圾")
    c, secs, _ = timed_check(site)
    row("index_no_pattern without ^…$: a 索引号 with junk around a valid number", "holds" if c.returncode else "BROKEN",
        f"check rc {c.returncode}, new {sorted(set(codes(c)) - base)} {findings_of(c, 'GK301')[:1]}")
    # ysq's permissive pattern claimed by a ydz document naming ysq as 发布机构 in ydz's folder
    ydz = next(r for r in ORIG if r.startswith("content/ydz"))
    setup(site, "(?P<serial>.*)", "任意文字", publisher="演示市演示区人民政府", rel=ydz)
    c, secs, _ = timed_check(site)
    row("a document in ydz's folder names ysq (permissive pattern) as 发布机构 with a free-form 索引号",
        "holds" if c.returncode else "BROKEN", f"check rc {c.returncode}, new {sorted(set(codes(c)) - base)}")
    md(site, ydz).write_text(ORIG[ydz], encoding="utf-8")
    setup(site, "(?P<serial>(?P<year>\\d{4}))(?P<code>)", "2025")
    c, secs, _ = timed_check(site)
    row("index_no_pattern whose serial and year are the same digits, code empty", "note",
        f"check rc {c.returncode}, new {sorted(set(codes(c)) - base)} {(findings_of(c, 'GK3') or [''])[0][:140]}")
    setup(site, "(?P<serial>\\d+)(?P=serial)*", "11111111111111111111111111111111111111x")
    c, secs, err = timed_check(site)
    row("index_no_pattern with a back-reference under a star (?P=serial)*", "holds" if c and secs < 20 else "BROKEN",
        f"{'rc ' + str(c.returncode) + ' ' + str(sorted(set(codes(c)) - base)) if c else err} in {secs:.1f} s")
    for bad in ("(?P<serial>", "(?P<serial>[\\d])' : x", "(?P<serial>\\d+)" + "x" * 5000):
        setup(site, bad, "ZBJG0003/2025-90010")
        c, secs, err = timed_check(site)
        tb = "Traceback" in (c.stdout + c.stderr) if c else False
        row(f"index_no_pattern malformed ({bad[:30]!r}…)", "BROKEN" if tb or c is None else "holds",
            f"check rc {c.returncode if c else err}, {codes(c) if c else ''} {(c.stdout + c.stderr).strip().splitlines()[-1][:100] if c else ''}")
    shutil.rmtree(site)


if __name__ == "__main__":
    main()
