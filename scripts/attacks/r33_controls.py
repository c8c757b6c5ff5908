"""Round 33, C: bidi controls (Cf, outside the Cc class GK129 judges) in a title, and raw C0/C1 controls in a
Markdown body (no front-matter field): check/build rc, then every output file (search pieces decompressed) and
`gkssg search` text/--json searched for the raw characters."""
from __future__ import annotations

import gzip
import sys

from r33_common import build, check, codes, demo, gk, has_ctrl

A = "content/ysq/2025-90023.md"  # 演示区2026年度考试录用公务员公告, public


def outputs(public):
    for p in sorted(public.rglob("*")):
        if p.is_file() and not p.is_symlink() and p.suffix not in (".png", ".jpg", ".gif", ".pdf", ".docx", ".xlsx",
                                                                   ".mp4", ".woff2", ".ico", ".webp", ".zip"):
            data = p.read_bytes()
            if data[:2] == b"\x1f\x8b":
                try:
                    data = gzip.decompress(data)
                except OSError:
                    pass
            yield p.relative_to(public).as_posix(), data.decode("utf-8", "replace")


def scan(public, chars):
    hits = {}
    for rel, text in outputs(public):
        found = sorted({f"U+{ord(c):04X}" for c in chars if c in text})
        if found:
            hits[rel] = found
    return hits


def summarize(hits):
    kinds = {}
    for rel, found in hits.items():
        key = rel.split("/")[0] if "/" in rel else rel
        kinds.setdefault(key, set()).update(found)
    return {k: sorted(v) for k, v in sorted(kinds.items())}


def case(name, edit, chars, query):
    site = demo(f"ctl-{name}")
    md = site / A
    md.write_text(edit(md.read_text(encoding="utf-8")), encoding="utf-8")
    c = check(site)
    b = build(site)
    print(f"== {name}: check rc {c.returncode} {codes(c)}; build rc {b.returncode}", flush=True)
    if b.returncode == 0:
        print("   outputs with the raw characters:", summarize(scan(site / "public", chars)))
        for fmt in ((), ("--json",)):
            s = gk("search", query, *fmt, cwd=str(site))
            print(f"   gkssg search {query} {' '.join(fmt)}: rc {s.returncode} raw on terminal {has_ctrl(s.stdout + s.stderr)}")
        feed = site / "public/feed.xml"
        if feed.is_file():
            t = feed.read_text(encoding="utf-8")
            i = t.find("2026年度考试")
            print("   feed.xml:", repr(t[max(0, i - 30):i + 40]))
        page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
        i = page.find("<title>")
        print("   <title>:", repr(page[i:i + 60]))


BIDI = "\u202e\u2066\u200f\u061c"
BODY = "\x1b]0;PWN\x07\x9b31m\x00\x08\x7f\x85"

if __name__ == "__main__":
    which = sys.argv[1:]
    if not which or "bidi_title" in which:
        case("bidi_title", lambda t: t.replace("标题: 演示区2026年度考试录用公务员公告",
                                               "标题: 演示区2026年度考试录用公务员\u202e告公\u202c"), BIDI, "公务员")
    if not which or "bidi_quoted" in which:
        case("bidi_quoted", lambda t: t.replace("标题: 演示区2026年度考试录用公务员公告",
                                                '标题: "演示区2026年度考试录用公务员\\u2066\\u202e告公\\u2069"'), BIDI, "公务员")
    if not which or "body_controls" in which:
        case("body_controls", lambda t: t + "\n\n报名须知" + BODY + "结束\n", "\x1b\x07\x9b\x00\x08\x7f\x85", "报名须知")
    if not which or "body_bidi" in which:
        case("body_bidi", lambda t: t + "\n\n报名须知\u202e知须\u202c结束\n", BIDI + "\u202c", "报名须知")
