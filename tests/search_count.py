"""The search page's count sample (search.js, topDocs' count()) in Python, for tests.

The same design as search.js: SAMPLE_WINDOWS windows of document numbers, one in each
SAMPLE_WINDOWS-th of the numbers at an offset from the hash of the form's terms (systematic
cluster sampling), the share of the rarest term's documents there that match, and its standard
error between the windows. `form_count` applies it to a form of a query at a given window width
with every document's match known (StaticIndexReader decides phrases from the text); search.js
takes the number of windows and their width whose unread blocks fit its byte budget, which depends
on what the query read, so the tests check every design it could take.

Also the sites of round 5's attack on the count (scripts/attacks/r5_search_count.py): 600
documents, term A (乡村振兴) and term B (数据治理) in the documents a case names, one a day.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from conftest import document, write_site
from search_reader import StaticIndexReader

from gkssg.build.pipeline import build_site
from gkssg.search.static_index import fnv1a32
from gkssg.search.tokenizer import query_groups

SAMPLE_DOCS, SAMPLE_WINDOWS, MIN_WINDOWS, COUNT_ERROR = 200, 8, 4, 0.2
T975 = [12.71, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131]


def js_round(x: float) -> int:
    return math.floor(x + 0.5)


def sample_width(total: int, df: int, k: int) -> int:
    return max(1, min(total // k, math.ceil(SAMPLE_DOCS * total / max(1, df) / k)))


def sample_windows(total: int, k: int, width: int, offset: float) -> list[tuple[int, int]]:
    out = []
    for c in range(k):
        lo = min(total - width, math.floor(total * (c + offset) / k))
        out.append((lo, lo + width - 1))
    return out


def cluster_estimate(df: int, total: int, windows: list[tuple[int, int]], clusters: list[dict]) -> int | None:
    """"约 N" of a list of df documents from its documents in the windows, or None ("至少 N")."""
    k = len(clusters)
    n = sum(c["n"] for c in clusters)
    if k < 2 or not n:
        return None
    y = sum(c["yes"] + c["unsure"] / 2 for c in clusters)
    u = sum(c["unsure"] for c in clusters)
    width = sum(hi - lo + 1 for lo, hi in windows)
    share, mean = y / n, n / k
    squares = sum((c["yes"] + c["unsure"] / 2 - share * c["n"]) ** 2 for c in clusters)
    fpc = max(0.0, 1 - width / max(1, total))
    between = math.sqrt(fpc * squares / (k * (k - 1))) / mean
    smooth = (y + 1) / (n + 2)
    binomial = math.sqrt(smooth * (1 - smooth) / n * max(0, df - n) / max(1, df - 1))
    t = T975[min(k - 1, len(T975)) - 1]
    estimate = js_round(df * share)
    error = df * (u / 2 / n + t * max(between, binomial))
    return estimate if error <= COUNT_ERROR * estimate else None


def form_terms(form: str) -> tuple[list[list[str]], list[str]]:
    groups = query_groups(form)
    return groups, list(dict.fromkeys(t for g in groups for t in g))


def form_count(reader: StaticIndexReader, form: str, k: int, width: int) -> int | None:
    """What the page says of one form with k windows `width` wide: 约 N (N), or None (至少)."""
    groups, terms = form_terms(form)
    entries = [reader.entry(t) for t in terms]
    if not terms or not all(entries):
        return None
    rarest = 0
    for i, e in enumerate(entries):
        if e[0] < entries[rarest][0]:
            rarest = i
    df, total = entries[rarest][0], reader.manifest["docs"]
    windows = sample_windows(total, k, width, fnv1a32(" ".join(terms)) / 4294967296)
    lists = [set(reader.postings(t)) for t in terms]
    clusters = [{"n": 0, "yes": 0, "unsure": 0} for _ in windows]
    for doc in lists[rarest]:
        c = next((i for i, (lo, hi) in enumerate(windows) if lo <= doc <= hi), -1)
        if c < 0:
            continue
        clusters[c]["n"] += 1
        if all(doc in s for s in lists) and reader.phrases_match(groups, doc):
            clusters[c]["yes"] += 1
    return cluster_estimate(df, total, windows, clusters)


def form_designs(reader: StaticIndexReader, form: str) -> list[tuple[int, int]]:
    """Every (windows, width) search.js may take for a form: SAMPLE_WINDOWS down to MIN_WINDOWS
    windows, each the widest, halved down to 1."""
    _groups, terms = form_terms(form)
    entries = [reader.entry(t) for t in terms]
    if not terms or not all(entries):
        return []
    out = []
    for k in range(SAMPLE_WINDOWS, MIN_WINDOWS - 1, -1):
        width = sample_width(reader.manifest["docs"], min(e[0] for e in entries), k)
        while width >= 1:
            out.append((k, width))
            width //= 2
    return out


N = 600
FILL = "推进政务公开标准化规范化建设加强政策解读回应关切优化营商环境提升服务效能"
QUERIES = ("乡村振兴 数据治理", "数据治理 乡村振兴工作")
# case → (documents with B, documents with A): B clusters in time (one period), A in all or every 2nd
CASES = {
    "oldest-100": (lambda n: n < 100, None),
    "newest-100": (lambda n: n >= N - 100, None),
    "middle-100": (lambda n: 250 <= n < 350, None),
    "oldest-300": (lambda n: n < 300, None),
    "spread-100": (lambda n: n % 6 == 0, None),
    "newest-300": (lambda n: n >= 300, None),
    "middle-300": (lambda n: 150 <= n < 450, None),
    "two-clusters": (lambda n: n < 60 or 540 <= n, None),
    "newest-30": (lambda n: n >= N - 30, None),
    "every-2nd-newest": (lambda n: n >= 300 and n % 2 == 0, None),
    # the rarer term A (every 2nd or 3rd document) is the sampled list; B (more common) clusters in time
    "A-half-B-old450": (lambda n: n < 450, lambda n: n % 2 == 0),
    "A-half-B-new450": (lambda n: n >= 150, lambda n: n % 2 == 0),
    "A-half-B-mid400": (lambda n: 100 <= n < 500, lambda n: n % 2 == 0),
    "A-third-B-old500": (lambda n: n < 500, lambda n: n % 3 == 0),
    "A-half-B-old350": (lambda n: n < 350, lambda n: n % 2 == 0),
}


def clustered_site(where: Path, case: str, date: dt.date) -> Path:
    """Build a case's site under `where`; its output folder."""
    has_b, has_a = CASES[case]
    has_a = has_a or (lambda n: True)
    files = {}
    day0 = dt.date(2020, 1, 1)
    for n in range(N):
        day = day0 + dt.timedelta(days=n)
        body = ("关于乡村振兴工作的安排。" if has_a(n) else "关于其他事项的安排。") + f"{FILL[n % 7:] * 3}。"
        if has_b(n):
            body += "同时推进数据治理工作。"
        files[f"content/cq/{n}.md"] = document(
            body + "\n", 标题=f"重庆市人民政府办公厅关于第{n}项工作的通知",
            索引号=f"11500000009275780L/{day.year}-{n + 1:05d}", 发文字号=f"渝府办发〔{day.year}〕{n + 1}号",
            成文日期=day.isoformat(), 发布日期=day.isoformat())
    root = write_site(where / case / "site", files)
    build_site(root, root / "public", date)
    return root / "public"


def honest(status_n: int, kind: str, truth: int) -> bool:
    """共 N is the truth, 至少 N a true lower bound, 约 N within COUNT_ERROR (or 10)."""
    if kind == "共":
        return status_n == truth
    if kind == "至少":
        return 0 < status_n <= truth
    return abs(status_n - truth) <= max(10, truth * COUNT_ERROR)


def form_matches(reader: StaticIndexReader, form: str) -> int:
    """How many documents match a form (every term, its phrases from the text)."""
    groups, terms = form_terms(form)
    lists = [set(reader.postings(t)) for t in terms]
    if not lists:
        return 0
    return sum(1 for doc in set.intersection(*lists) if reader.phrases_match(groups, doc))
