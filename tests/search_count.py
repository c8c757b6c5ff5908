"""The search page's count (search.js, topDocs' count()) in Python, for tests.

The same design as search.js. A census when what is left of the rarest term's list is cheap:
every document of it known in every list, the count exact once each is decided. Otherwise
SAMPLE_WINDOWS windows of document numbers, one in each SAMPLE_WINDOWS-th of the numbers at an
offset from the hash of the form's terms (systematic cluster sampling), the share of the rarest
term's documents there that match, and its standard error between the windows. A document is
decided from the positions kept (phrase_verdict, search.js's phraseVerdict); those it cannot
decide from their texts when the count would otherwise say no exact number or no estimate within
its error, and they are at most COUNT_TEXTS, smallest first, their rows and texts within
COUNT_TEXT_BYTES (the page may have more: what its blocks left of the budget, and rows it read
already; it then decides more, never fewer); the rest count half. `form_count` applies it to a
form of a query at a given design (k windows `width` wide, or the census) with the index's
positions and texts; search.js takes the census or the number of windows and their width whose
unread blocks fit its byte budget, which depends on what the query read, so the tests check every
design it could take.

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
COUNT_TEXTS, COUNT_TEXT_BYTES, ROW_BLOCK_BYTES = 32, 65536, 1024
CENSUS = (1, 0)  # the census among form_designs: one window, every number
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


def field_verdict(group: list[str], posting_of, title: bool) -> bool | None:
    """search.js fieldVerdict: whether a field has the group at consecutive positions, from the
    positions kept (None: they cannot tell)."""
    parts = []
    for t in group:
        p = posting_of(t)
        if p is None:
            parts.append(None)
            continue
        pos, nt, tt, bt = p
        kept = pos[:nt] if title else pos[nt:]
        parts.append((set(kept), kept[-1] if kept else -1, tt if title else bt))
    anchor, known = -1, 0
    for i, part in enumerate(parts):
        if part and (anchor < 0 or (parts[anchor][2] and not part[2])):
            anchor = i
        if part:
            known += 1
    if known < 2:
        return None
    unknown = parts[anchor][2]
    for first in parts[anchor][0]:
        start, ok = first - anchor, True
        for j, part in enumerate(parts):
            if ok is False:
                break
            if not part or start + j in part[0]:
                continue
            ok = None if part[2] and start + j > part[1] else False
        if ok is True:
            return True
        if ok is None:
            unknown = True
    return None if unknown else False


def phrase_verdict(groups: list[list[str]], posting_of) -> bool | None:
    """search.js phraseVerdict: True, False, or None when the positions kept cannot tell."""
    verdict: bool | None = True
    for group in groups:
        if verdict is False:
            break
        if len(group) < 2:
            continue
        in_title = field_verdict(group, posting_of, True)
        in_body = True if in_title is True else field_verdict(group, posting_of, False)
        if in_title is not True and in_body is not True:
            verdict = None if in_title is None or in_body is None else False
    return verdict


def placed(reader: StaticIndexReader, lists: dict[str, dict], doc: int):
    """A term → (positions kept, title positions kept, title has more, body has more) of doc."""
    cap = reader.manifest["positions"]

    def posting_of(term: str):
        _score, pos, code = lists[term][doc]
        return pos, min(code & 15, cap), (code & 15) > cap, (code >> 4) > cap
    return posting_of


def texts_read(reader: StaticIndexReader, undecided: list[int], allowance: int = COUNT_TEXT_BYTES) -> list[int]:
    """search.js decideFromText: of the documents the positions could not decide, those whose texts
    the count reads (none when they are more than COUNT_TEXTS; each row block counted as
    ROW_BLOCK_BYTES, none read before; then the texts, smallest first, while they fit)."""
    if len(undecided) > COUNT_TEXTS:
        return []
    size = reader.manifest["display"]["size"]
    allowance -= len({doc // size for doc in undecided}) * ROW_BLOCK_BYTES
    if allowance <= 0:
        return []

    def length(doc: int) -> int:
        locator = reader.display(doc)[7]
        return int(locator.split(".")[2]) if locator else 0
    out, spent = [], 0
    for doc in sorted(undecided, key=lambda d: (length(d), d)):
        spent += length(doc)
        if spent > allowance:
            break
        out.append(doc)
    return out


def census_count(yes: int, unsure: int) -> tuple[str, int]:
    """What the page says of a census: 共 yes when every document is decided, else 约 (yes + half the
    undecided) when half of them is within COUNT_ERROR of it, else 至少 yes."""
    mid = js_round(yes + unsure / 2)
    if not unsure:
        return "共", yes
    return ("约", mid) if unsure / 2 <= COUNT_ERROR * yes else ("至少", yes)  # truth in [yes, yes + unsure]


def form_terms(form: str) -> tuple[list[list[str]], list[str]]:
    groups = query_groups(form)
    return groups, list(dict.fromkeys(t for g in groups for t in g))


def form_count(reader: StaticIndexReader, form: str, k: int, width: int,
               settled: frozenset[int] = frozenset()) -> tuple[str, int] | None:
    """What the page says of one form with k windows `width` wide, or with the census (CENSUS):
    共 N, 约 N or 至少 N (the matches of the sample: the page adds those of its results); None when
    the form has a term the index lacks. `settled`: documents whose text the page read before the
    count (its first results, search.js settle()): decided whatever the positions say."""
    groups, terms = form_terms(form)
    entries = [reader.entry(t) for t in terms]
    if not terms or not all(entries):
        return None
    rarest = 0
    for i, e in enumerate(entries):
        if e[0] < entries[rarest][0]:
            rarest = i
    df, total = entries[rarest][0], reader.manifest["docs"]
    if (k, width) == CENSUS:
        windows = [(0, total - 1)]
    else:
        windows = sample_windows(total, k, width, fnv1a32(" ".join(terms)) / 4294967296)
    lists = {t: reader.postings(t) for t in terms}
    clusters = [{"n": 0, "yes": 0, "unsure": 0} for _ in windows]
    verdicts: dict[int, tuple[int, bool | None]] = {}
    for doc in lists[terms[rarest]]:
        c = next((i for i, (lo, hi) in enumerate(windows) if lo <= doc <= hi), -1)
        if c < 0:
            continue
        clusters[c]["n"] += 1
        if all(doc in lists[t] for t in terms):
            verdict = phrase_verdict(groups, placed(reader, lists, doc))
            if verdict is None and doc in settled:
                verdict = reader.phrases_match(groups, doc)
            if verdict is not False:
                verdicts[doc] = (c, verdict)

    def said() -> tuple[str, int]:
        for c in clusters:
            c["yes"] = c["unsure"] = 0
        for c, verdict in verdicts.values():
            if verdict is not False:
                clusters[c]["yes" if verdict else "unsure"] += 1
        sure = sum(1 for _c, v in verdicts.values() if v)
        if (k, width) == CENSUS:
            return census_count(clusters[0]["yes"], clusters[0]["unsure"])
        estimate = cluster_estimate(df, total, windows, clusters)
        return ("至少", sure) if estimate is None else ("约", max(sure, estimate))

    first = said()
    undecided = [doc for doc, (_c, v) in verdicts.items() if v is None]
    if first[0] == "共" or (first[0] == "约" and (k, width) != CENSUS) or not undecided:
        return first
    for doc in texts_read(reader, undecided):
        verdicts[doc] = (verdicts[doc][0], reader.phrases_match(groups, doc))
    return said()


def form_designs(reader: StaticIndexReader, form: str) -> list[tuple[int, int]]:
    """Every design search.js may take for a form: the census, SAMPLE_WINDOWS down to MIN_WINDOWS
    windows, each the widest, halved down to 1."""
    _groups, terms = form_terms(form)
    entries = [reader.entry(t) for t in terms]
    if not terms or not all(entries):
        return []
    out = [CENSUS]
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
