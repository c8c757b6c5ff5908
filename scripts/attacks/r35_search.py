"""Round 35, search: (1) gkssg/search/rewrite.py against search.js (forms, relaxedForms, gapForms, suffixForms) on
hostile queries (astral CJK, quotes, years, repetition); (2) the page's results against `gkssg search`'s for the same
queries on the demo with a withheld (依申请公开) and a future-dated document whose words are unique; (3) the time of
long repetitive queries on the page and in the command; (4) the withheld words in the unzipped index pieces.
Served on port 8700."""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import random
import re
import sys
import time
from pathlib import Path

from r35_common import DATE, REPO, build, demo, row

sys.path.insert(0, str(REPO / "tests"))
from browser import QuietHandler, playwright_browser, serving  # noqa: E402

from gkssg.build.pipeline import load_and_check  # noqa: E402
from gkssg.commands.search import open_updated_index  # noqa: E402
from gkssg.search import rewrite  # noqa: E402
from gkssg.search.query import search  # noqa: E402

SECRET = "沥青拌合站噪声扰民专项督办"  # in the withheld document's title and body only
FUTURE = "冬季清雪除冰保障预案修订稿"

HOSTILE = ["柘城清单目录", "2021济宁市县同权", "市县同权改革", "持续深化市县同权改革", "黑龙江五大连池", "“市县同权”改革",
           "𠀀𠀁𠀂𠀃𠀄𠀅", "𠀀𠀁城县𠀂𠀃", "演示𠀀区行政许可", "演示区行政许可决定公示" * 3, "县区市县区市县区市",
           "2021 2021 2021 2021济宁", "２０２１济宁市县同权", "2021年济宁2021济宁", "演示行政许可决定公示", "演示城市道路临时占用",
           "演示区城市道路临时占用管理办法" * 2, "\"演示区\" \"行政许可\"", "「市县」同权", "黔江政府信息公开指南",
           SECRET, SECRET[:6], SECRET[2:9], "沥青拌合站" + "演示区", FUTURE, FUTURE[:6], "冬季清雪" + "演示区",
           "县" * 24, "演示" * 12, "区政府 " * 20, "a" * 100, "1" * 100, "演示区2025行政许可决定公示第5期",
           "柘城 清单目录", "演示区府发〔2021〕8号", "演示区府发2021 8号"]


def hide(site: Path) -> None:
    a, b = site / "content/ysq/2025-90011.md", site / "content/ysq/2025-90012.md"
    t = a.read_text(encoding="utf-8")
    t = re.sub(r"(?m)^标题: (.*)$", rf"标题: \1{SECRET}", t)
    t = re.sub(r"(?m)^公开属性: .*$", "公开属性: 依申请公开", t)
    a.write_text(t.replace("\n---\n", f"\n---\n{SECRET}。\n\n", 1) if t.count("\n---\n") else t, encoding="utf-8")
    t = b.read_text(encoding="utf-8")
    t = re.sub(r"(?m)^标题: (.*)$", rf"标题: \1{FUTURE}", t)
    t = re.sub(r"(?m)^发布日期: .*$", "发布日期: 2027-01-05", t)
    b.write_text(t, encoding="utf-8")


def random_queries(n: int, seed: int = 35) -> list[str]:
    rnd = random.Random(seed)
    alphabet = list("演示区市县城行政许可决定公示政府信息公开年报同权改革济宁柘清单目录黔江黑龙五大连池") + \
        ["𠀀", "𠀁", "“", "”", " ", "2021", "年", "1", "号", "〔", "〕", "·", "　", "Ａ", "１"]
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(2, 30))) for _ in range(n)]


def main():
    site = demo("search")
    hide(site)
    b = build(site)
    assert b.returncode == 0, b.stdout + b.stderr
    import datetime
    ix = open_updated_index(load_and_check(site, datetime.date.fromisoformat(DATE))[0])
    qs = HOSTILE + random_queries(300)
    py = {q: {"forms": rewrite.forms(q), "relaxed": rewrite.relaxed_forms(q), "gap": rewrite.gap_forms(q),
              "suffix": rewrite.suffix_forms(q)} for q in qs}
    handler = functools.partial(QuietHandler, directory=str(site / "public"))
    manager, browser = playwright_browser()
    try:
        with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 8700), handler)) as base:
            page = browser.new_page()
            page.goto(base + "search.html")
            page.wait_for_function("window.gkssgSearch")
            page.evaluate("() => gkssgSearch.loadFoldTable()")
            js = page.evaluate("qs => qs.map(q => ({forms: gkssgSearch.forms(q), relaxed: gkssgSearch.relaxedForms(q),"
                               " gap: gkssgSearch.gapForms(q), suffix: gkssgSearch.suffixForms(q)}))", qs)
            differ = [(q, k, py[q][k], j[k]) for q, j in zip(qs, js) for k in j if j[k] != py[q][k]]
            row("search: rewrite.forms / relaxed / gap_forms / suffix_forms (Python) against search.js on "
                f"{len(qs)} hostile and random queries", "BROKEN" if differ else "holds",
                f"{len(differ)} differ; first {[(q, k, p[:2], j_[:2]) for q, k, p, j_ in differ[:2]]}")
            t = time.time()
            page_results = page.evaluate("async qs => { const out = []; for (const q of qs) { out.push(await "
                                         "gkssgSearch.results(q, 1)); } return out; }", qs)
            page_secs = time.time() - t
            t = time.time()
            cli = [[[r.url, r.matched, r.relaxed] for r in search(ix, q, limit=10)[1]] for q in qs]
            cli_secs = time.time() - t
            bad = [(q, [u for u, *_ in p][:2], [u for u, *_ in c][:2]) for q, p, c in zip(qs, page_results, cli) if p != c]
            row(f"search: page 1 of search.js against gkssg search's engine, {len(qs)} queries", "BROKEN" if bad else "holds",
                f"{len(bad)} differ {bad[:3]}; page {page_secs:.1f} s, command {cli_secs:.1f} s")
            leaked = [q for q, p, c in zip(qs, page_results, cli) if any("2025-90011" in u or "2025-90012" in u for u, *_ in p + c)]
            row("search: the withheld (依申请公开) and future-dated documents' words, by every form (page and command)",
                "BROKEN" if leaked else "holds", f"queries finding either: {leaked[:4]}")
            slow = []
            for q in ("演示区城市道路临时占用管理办法" * 7, "演示 区 " * 25, "“演”“示”" * 20, "𠀀" * 100, "区县市" * 33):
                t = time.time()
                page.evaluate("q => gkssgSearch.results(q, 1)", q)
                ps = time.time() - t
                t = time.time()
                search(ix, q, limit=10)
                cs = time.time() - t
                slow.append(f"{q[:8]}…({len(q)}): page {ps * 1000:.0f} ms, cli {cs * 1000:.0f} ms")
            row("search: 100-character repetitive queries (time on the page and in the command)",
                "holds" if all(float(s.split('page ')[1].split(' ms')[0]) < 5000 for s in slow) else "BROKEN", "; ".join(slow))
            page.close()
    finally:
        browser.close()
        manager.stop()
    words = [SECRET[i:i + 2] for i in range(len(SECRET) - 1)] + [SECRET, FUTURE]
    found = set()
    for piece in (site / "public").rglob("*"):
        if not piece.is_file():
            continue
        data = piece.read_bytes()
        texts = [data]
        if data[:2] == b"\x1f\x8b":
            try:
                texts.append(gzip.decompress(data))
            except Exception:
                pass
        for text in texts:
            for w in (SECRET, FUTURE, SECRET[3:7], FUTURE[2:6]):
                if w.encode() in text:
                    found.add((str(piece.relative_to(site)), w))
    row("withheld/future words in any output byte (pages, feeds, sitemap, search pieces unzipped whole)",
        "BROKEN" if found else "holds", f"found {sorted(found)[:4]}")
    print(json.dumps({"n": len(words)}))


if __name__ == "__main__":
    main()
