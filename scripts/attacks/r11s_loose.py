"""Round 11s, the most-of-the-words fallback (rewrite.loose_forms, query._search_loose, looseDocs in search.js):
hostile queries asked of `gkssg search` (query.search in-process, as the command calls it; a few through the
CLI) and of the search page in Chromium: page 1 (urls in order), whether it says 部分匹配, the count line, the
time and bytes a query costs, and whether anything from the query ran as script.

Run: python scripts/attacks/r11s_loose.py [N]
"""
from __future__ import annotations

import re
import sys
import time

from r11s_common import DATE, GEN, Browser, build, cli, cli_text, fresh, site, verdict

sys.path.insert(0, str(__import__("r6_common").REPO / "tests"))


def titles(s) -> list[str]:
    out = []
    for p in sorted((s / GEN).glob("*.md")):
        t = p.read_text(encoding="utf-8")
        if "公开属性: 主动公开" in t and "2027-" not in t:
            out.append(re.search(r"^标题: (.*)$", t, re.M).group(1))
    return out


def hostile(ts: list[str]) -> list[tuple[str, str]]:
    t = ts[3]
    typo = t[:2] + "甲" + t[3:6] + "乙" + t[7:]  # two characters wrong: the relaxed forms cannot, the loose may
    long_found = t + "，" + "的" * 120 + "通知"
    return [
        ("typo2", typo),
        ("typo2-traditional", typo.replace("关于", "關於").replace("发", "發")),
        ("typo2-fullwidth-digits", re.sub(r"\d", lambda m: chr(ord(m.group()) + 0xFEE0), typo)),
        ("title+<script>", t[:8] + "<script>window.__pwn=1</script>" + t[8:]),
        ("img onerror", '"><img src=x onerror="window.__pwn=2">' + typo),
        ("regex metas", ".*+?^${}()|[]\\" + typo + "(?<x>)"),
        ("punctuation only", "。，、；：？！…—（）《》【】" * 5),
        ("1000 chars repeated token", "政务公开" * 250),
        ("1000 random-ish", "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1000))),
        ("mixed scripts", "Чрезвычайно 政府信息 αβγ 𠀀𠀁 公开工作 ﷺ 年度报告 اختبار"),
        ("astral ext-B x150", "𠀀" * 150),
        ("title then 120 filler (>100 chars)", long_found),
        ("101 spaces then word", " " * 2 + "。" * 99 + "重庆市人民政府办公厅关于"),
        ("generic words", "政府信息公开工作年度报告重庆市人民政府"),
        ("strict finds (title)", t),
        ("strict finds (prefix) + noise", t[:10] + " 甲乙丙丁戊己庚辛"),
    ]


def main(n: int) -> bool:
    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    from gkssg.search.query import search

    d = fresh("loose")
    s = site(d, n, 150)
    out = d / "out"
    rc, o, e = build(s, out)
    assert rc == 0, e[-2000:]
    import datetime
    loaded, _ = load_and_check(s, datetime.date.fromisoformat(DATE))
    ix = open_updated_index(loaded)
    b = Browser(out)
    ok = True
    try:
        for name, q in hostile(titles(s)):
            t0 = time.monotonic()
            total, res = search(ix, q, limit=10)
            py_s = time.monotonic() - t0
            py = [r.url for r in res]
            py_relaxed = any(r.relaxed for r in res)
            status, links, took, size = b.shown(q)
            pwn = b.page.evaluate("() => window.__pwn || 0")
            js_relaxed = "部分匹配" in status
            same = py == links and py_relaxed == js_relaxed
            safe = not pwn and not b.dialogs
            bounded = took < 5 and size < 2_000_000
            ok &= verdict(f"{name} ({len(q)} chars)", same and safe and bounded,
                          f"py {total} {py[:3]} relaxed={py_relaxed} {py_s:.2f}s | page '{status[:60]}' "
                          f"{links[:3]} {took:.2f}s {size} B pwn={pwn} dialogs={b.dialogs}",
                          "the same page 1 and 部分匹配 flag, nothing run, < 5 s and < 2 MB")
        # the CLI itself on the >100-character query (MAX_QUERY): what the command prints
        q = hostile(titles(s))[11][1]
        rc, res, err = cli(s, q)
        print("    CLI on the >100-char query:", rc, [r.get("url") for r in res][:3], cli_text(s, q)[:80])
    finally:
        b.close()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(int(sys.argv[1]) if len(sys.argv) > 1 else 120) else 1)
