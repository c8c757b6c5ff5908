"""Helpers shared by the round-13 attack scripts (scripts/attacks/r13_*.py): phrases of three or four bigrams
found from the scores-only copies (search.js's COPIES_FROM, forced with window.gkssgCopiesFrom = 0), each query
asked of search.js in headless Chromium (every page, and the page's count line) and of `gkssg search`
(query.search in-process, limit None). Experiments under /tmp/hostile13."""
from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import r6_common
import r11s_common
from r6_common import REPO, verdict  # noqa: F401
from r11s_common import urls

TMP = Path("/tmp/hostile13")
r6_common.TMP = TMP
r11s_common.TMP = TMP


def index_of(s: Path, date: str):
    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    loaded, _ = load_and_check(s, datetime.date.fromisoformat(date))
    return open_updated_index(loaded)


class Page(r11s_common.Browser):
    """r11s_common.Browser with window.gkssgCopiesFrom set (None: search.js's default) and console errors kept."""

    def __init__(self, out: Path, copies_from: int | None = None):
        super().__init__(out)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console {m.text}") if m.type == "error" else None)
        if copies_from is not None:
            self.page.add_init_script(f"window.gkssgCopiesFrom = {copies_from};")
        self.page.goto(self.base + "search.html")


def count_of(status: str) -> tuple[str, int]:
    m = re.search(r"(找到|约|至少) ?([\d,]+) ?条", status)
    if not m:
        return ("none" if "没有" in status or "未找到" in status else "?"), 0
    return m.group(1), int(m.group(2).replace(",", ""))


def count_ok(kind: str, n: int, truth: int) -> bool:
    if kind == "找到":
        return n == truth
    if kind == "约":
        return abs(n - truth) <= 0.2 * truth + 1
    if kind == "至少":
        return n <= truth
    return kind == "none" and truth == 0


def compare(ix, out: Path, page: Page, q: str, filters: dict | None = None, sort: str = "relevance",
            shown_pages: tuple[int, ...] = (1, 2, 3)) -> list:
    """Differences between search.js and the command for one query: each page's documents (gkssgSearch.top,
    whose order is before families.arrange_page), the pages as shown (in order), the count line; [] when
    they agree."""
    from gkssg.search.query import Filters, search
    filters = dict(filters or {})
    total, res = search(ix, q, Filters(**filters), limit=None, sort=sort)
    py = [r.url for r in res]
    f = {**filters, "sort": sort}
    mism = []
    last = (len(py) + 9) // 10
    top_pages = range(1, last + 2) if last <= 8 else [1, 2, 3, 4, 5, last // 2, last - 1, last, last + 1]
    for n in top_pages:
        js = urls(out, page.page.evaluate("([q, n, f]) => gkssgSearch.top(q, n, f)", [q, n, f]))
        if sorted(js) != sorted(py[10 * (n - 1):10 * n]):  # top() is before families.arrange_page: a page's set
            mism.append(("top", n, len(py), py[10 * (n - 1):10 * (n - 1) + 2], js[:2]))
    shown = []
    for n in shown_pages:
        status, links, _t, _b = page.shown(q, {**f}, page=n)
        shown += [link.split("/")[-1] for link in links]
        if n == 1:
            kind, num = count_of(status)
            if not count_ok(kind, num, total):
                mism.append(("count", status[:50], total))
    want = [u.split("/")[-1] for u in py[:10 * len(shown_pages)]]
    if shown != want:
        mism.append(("shown", want[:3], shown[:3]))
    if page.errors:
        mism.append(("console", page.errors[:3]))
        page.errors.clear()
    return mism


def doc_text(out: Path, url: str) -> str:
    """The whole page's text, tags and white space removed (lenient: a phrase anywhere on it counts)."""
    html = (out / url.lstrip("/")).read_text(encoding="utf-8") if (out / url.lstrip("/")).exists() else ""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def load_date(s: Path) -> str:
    g = s / "generated.json"
    return json.loads(g.read_text(encoding="utf-8"))["build_date"] if g.exists() else r6_common.DATE
