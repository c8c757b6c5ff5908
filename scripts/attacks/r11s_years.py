"""Round 11s, format 9's year runs (static_index.year_runs, the incremental update's meta["years"], yearRun in
search.js): a generated site built, then edited step by step (a new backdated document, 发布日期 moved across a
year boundary, Dec 31 / Jan 1, a whole year withdrawn and brought back, a document far in the past, one far in
the future, a public document's date moved into the future), built incrementally after each step. After each:
  - the output equals a clean build's (search/ included);
  - the manifest's runs hold exactly the documents whose filter row has the year, and the year filter offers
    only years of public documents;
  - for each year (and a year the site lacks) and a few queries, every page of search.js's results (top) equals
    query.search's (what `gkssg search --json --year` prints), and the count line is true.

Run: python scripts/attacks/r11s_years.py [N]   (N > 200: the index updated in place, SMALL_INDEX)
"""
from __future__ import annotations

import datetime
import json
import re
import shutil
import sys
import time

from r11s_common import (
    DATE,
    GEN,
    REPO,
    Browser,
    build,
    clean_compare,
    fresh,
    manifest,
    new_document,
    set_field,
    site,
    urls,
    verdict,
)

sys.path.insert(0, str(REPO / "tests"))
QUERIES = ["通知", "工作 要求", "公开", "重庆市人民政府办公厅关于农业", "重庆甲人民政乙办公厅关于财政、金融", "渝府办发〔2023〕2号"]


def public_years(s) -> set[str]:
    found = set()
    for p in (s / "content").rglob("*.md"):
        t = p.read_text(encoding="utf-8")
        day = re.search(r"^发布日期: (\S+)", t, re.M)
        day = day.group(1) if day else "9999"
        if "公开属性: 主动公开" in t and day <= DATE:
            found.add(str(int(day[:4])))
    return found


def check(name: str, s, out, b: Browser | None) -> tuple[bool, Browser]:
    from search_reader import StaticIndexReader

    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    from gkssg.search.query import Filters, search

    ok = True
    diff = clean_compare(s, out)
    ok &= verdict(f"{name}: = clean build", not diff, f"differs {diff[:6]}", "byte-identical")
    man = manifest(out)
    reader = StaticIndexReader(out)
    years = [y for y, _l in man["facets"]["year"]]
    rows = [json.loads(reader._gz(reader.block_path("f", man["filter"], g)))
            for g in range(-(-man["docs"] // man["filter"]["size"]))]
    rows = [r for block in rows for r in block]
    bad_runs = []
    for k, run in enumerate(man["filter"]["years"]):
        have = [d for d, r in enumerate(rows) if r[3] == k]
        if run and list(range(*run)) != have or (not run and have and have == list(range(have[0], have[-1] + 1))):
            bad_runs.append((years[k], run, have[:3], len(have)))
    ok &= verdict(f"{name}: runs", not bad_runs and set(years) == public_years(s),
                  f"years {years} runs {man['filter']['years']} bad {bad_runs} public {sorted(public_years(s))}",
                  "each run = the documents of its year; the years = those of public documents")
    loaded, _ = load_and_check(s, datetime.date.fromisoformat(DATE))
    ix = open_updated_index(loaded)
    if b is not None:
        b.close()
    b = Browser(out)
    mism = []
    for q in QUERIES:
        for y in years + ["2021", "1900"]:
            for sort in ("relevance", "date"):
                total, res = search(ix, q, Filters(year=y), limit=None, sort=sort)
                py = [r.url for r in res]
                js = urls(out, b.top_all(q, {"year": y, "sort": sort}))
                # (top gives the ranked documents; the page and the command put a 解读 beside its policy:
                # every page compared as a set, page 1 in the order shown)
                if sorted(py) != sorted(js):
                    mism.append((q, y, sort, len(py), len(js), sorted(set(py) - set(js))[:2], sorted(set(js) - set(py))[:2]))
                if sort == "date":
                    continue
                status, links, _t, _size = b.shown(q, {"year": y})
                if links != py[:10]:
                    mism.append(("page 1", q, y, py[:3], links[:3]))
                m = re.search(r"(共找到|至少|约) ([\d,]+) 条", status)
                n = int(m.group(2).replace(",", "")) if m else 0
                kind = m.group(1) if m else "none"
                if (kind == "共找到" and n != total) or (kind == "至少" and n > total) or (not m and total):
                    mism.append(("count", q, y, status[:50], total))
    ok &= verdict(f"{name}: year filters page = command", not mism, f"{len(mism)} differ: {mism[:4]}",
                  "the same results for every year, sort and query; counts true")
    return ok, b


def main(n: int = 120) -> bool:
    d = fresh(f"years{n}")
    s = site(d, n, 150)
    out = d / "out"
    time.sleep(2.5)
    rc, o, e = build(s, out)
    assert rc == 0, e[-2000:]
    ok, b = check("base", s, out, None)
    src = s / GEN
    template = (src / "d000005.md").read_text(encoding="utf-8")

    def step(name, fn):
        nonlocal ok, b
        fn()
        rc, o, e = build(s, out, DATE, "-v")
        ok &= verdict(f"{name}: build", rc == 0 and "Traceback" not in e, f"rc={rc} {e[-300:]}", "rc 0")
        good, b = check(name, s, out, b)
        ok &= good

    step("a body-only edit of a 2023 document", lambda: (src / "d000005.md").write_text(
        template + "\n补充说明：本通知自印发之日起施行。\n", encoding="utf-8"))
    step("a body edit and another document's 发布日期 moved 2024 → 2023", lambda: [
        (src / "d000005.md").write_text(template + "\n补充说明：本通知由市政府办公厅负责解释。\n", encoding="utf-8"),
        set_field(src / "d000006.md", "成文日期", "2023-03-01"), set_field(src / "d000006.md", "发布日期", "2023-03-01")])
    step("new backdated 2022-01-01", lambda: (src / "x0001.md").write_text(
        new_document(template, "关于回溯发布的专项通知", "2022-01-01", 901, 901), encoding="utf-8"))
    step("new Dec 31 2023 + Jan 1 2024", lambda: [
        (src / "x0002.md").write_text(new_document(template, "关于年末最后一天的通知", "2023-12-31", 902, 902), encoding="utf-8"),
        (src / "x0003.md").write_text(new_document(template, "关于年初第一天的通知", "2024-01-01", 903, 903), encoding="utf-8")])
    step("moved 2023-12-31 → 2024-01-01 and back across", lambda: [
        set_field(src / "x0002.md", "发布日期", "2024-01-01"), set_field(src / "x0003.md", "成文日期", "2023-12-31"),
        set_field(src / "x0003.md", "发布日期", "2023-12-31")])
    y2022 = [p for p in sorted(src.glob("*.md")) if "发布日期: 2022" in p.read_text(encoding="utf-8")]
    step("every 2022 document withdrawn", lambda: [set_field(p, "公开属性", "依申请公开") for p in y2022])
    step("far past 1901 + far future 2099", lambda: [
        (src / "x0004.md").write_text(new_document(template, "关于清末旧档的说明", "1901-03-01", 904, 904), encoding="utf-8"),
        (src / "x0005.md").write_text(new_document(template, "关于远期规划的通知", "2099-01-01", 905, 905), encoding="utf-8")])
    step("2022 brought back", lambda: [set_field(p, "公开属性", "主动公开") for p in y2022])
    step("a public 2023 document dated into the future", lambda: set_field(src / "d000005.md", "发布日期", "2026-11-02"))
    step("x0001 deleted, x0004 moved to 2026-11-01 (today)", lambda: [
        (src / "x0001.md").unlink(), set_field(src / "x0004.md", "发布日期", DATE)])
    b.close()
    shutil.rmtree(d / "out.twin", ignore_errors=True)
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(int(sys.argv[1]) if len(sys.argv) > 1 else 120) else 1)
