"""Round 14: exact ties. One document copied N times (identical text, so identical scores) under other 索引号 and
发布日期 (some the same day, some 失效 by 有效期至: the 0.6 weight ties among themselves), plus copies that differ
by one appended sentence (near ties). `gkssg search` (query.search) against the page (search.js in headless
Chromium, pages 1–5 shown and gkssgSearch.top) and tests/search_reader.py; ties must go to the newer document
(发布日期, then 索引号) on both.

Run: python scripts/attacks/r14_ties.py SITE [COPIES]   (SITE: a benchmarks/generate.py site, copied)
"""
import datetime
import json
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from r13_common import Page, compare  # noqa: E402
from search_reader import StaticIndexReader  # noqa: E402

from gkssg.build.pipeline import build_site, load_and_check  # noqa: E402
from gkssg.commands.search import open_updated_index  # noqa: E402
from gkssg.search.query import search  # noqa: E402


def main() -> None:
    src = Path(sys.argv[1])
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    work = Path("/tmp/hostile14/ties")
    shutil.rmtree(work, ignore_errors=True)
    site, out = work / "site", work / "out"
    shutil.copytree(src, site)
    date = datetime.date.fromisoformat(json.loads((site / "generated.json").read_text(encoding="utf-8"))["build_date"])
    orig = next(p for p in sorted((site / "content").rglob("0000*.md")) if "有效期至" in p.read_text(encoding="utf-8")
                and "解读" not in p.read_text(encoding="utf-8") and "doc:" not in p.read_text(encoding="utf-8"))
    text = orig.read_text(encoding="utf-8")
    prefix = re.search(r"^索引号: (\S+)/", text, re.M).group(1)
    folder = orig.parent.parent / "tie"
    folder.mkdir()
    for i in range(copies):
        day = ["2021-03-05", "2021-03-05", "2022-07-01", "2019-11-30"][i % 4]
        t = re.sub(r"^索引号: .*$", f"索引号: {prefix}/{day[:4]}-{90000 + i * 7 % 31:05d}", text, flags=re.M)
        t = re.sub(r"^发布日期: .*$", f"发布日期: {day}", t, flags=re.M)
        t = re.sub(r"^成文日期: .*$", f"成文日期: {day}", t, flags=re.M)
        t = re.sub(r"^发文字号: .*$", "发文字号: ", t, flags=re.M)
        if i % 3 == 0:  # 失效 at the build date
            t = re.sub(r"^有效期至: .*$", "有效期至: 2023-01-01", t, flags=re.M)
        else:
            t = re.sub(r"^有效期至: .*\n", "", t, flags=re.M)
        t = re.sub(r"^施行日期: .*$", f"施行日期: {day}", t, flags=re.M)
        if i % 5 == 4:  # a near tie: one more sentence
            t += "\n本通知自发布之日起施行。\n"
        (folder / f"{i:05d}.md").write_text(t, encoding="utf-8")
    build_site(site, out, date, jobs=1)
    loaded, _ = load_and_check(site, date)
    ix = open_updated_index(loaded)
    reader = StaticIndexReader(out)
    title = re.search(r"^标题: (.*)$", text, re.M).group(1)
    qs = [title, title[2:8], "工作", "通知", title[:4] + "甲" + title[5:9]]
    page = Page(out)
    for q in qs:
        _total, res = search(ix, q, limit=None)
        urls = [r.url for r in res]
        for n in range(1, 6):
            if reader.page(q, n) != urls[(n - 1) * 10:n * 10]:
                print("READER DIFF", repr(q), n, reader.page(q, n)[:4], urls[(n - 1) * 10:(n - 1) * 10 + 4])
                break
        for f, sort in (({}, "relevance"), ({"year": "2021"}, "relevance"), ({}, "date")):
            m = compare(ix, out, page, q, f, sort, shown_pages=(1, 2, 3, 4, 5))
            print("DIFF" if m else "same", repr(q), f, sort, m[:3], flush=True)
    print(page.errors)
    page.close()


if __name__ == "__main__":
    main()
