"""Round 15 shared helpers: a generated site copied to a work folder, builds that survive broken references,
and the three rankings compared — `gkssg search` (whoosh in <site>/.gkssg/search, updated incrementally), a
whoosh index built from scratch elsewhere (what `--reindex` makes), and the static index read by
tests/search_reader.py (search.js's sums), pages 1–5.
"""
import datetime
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from search_reader import StaticIndexReader  # noqa: E402

from gkssg.build.pipeline import BuildFailed, build_site, load_and_check  # noqa: E402
from gkssg.search import whoosh_index  # noqa: E402
from gkssg.search.corpus import TextCache, records, state_dir  # noqa: E402
from gkssg.search.query import Filters, search  # noqa: E402

# common words, two words, a phrase, a relaxed form (one wrong character: 工做), the most-of-the-words fallback
QUERIES = ["工作", "管理", "通知", "建设", "服务", "公开 工作", "人民政府", "政府信息", "演示市人民政府办公厅着眼稳定预期",
           "工做", "政务公开工作协调机刂整合力量理顺机剬配齐配强"]
PLAIN = QUERIES  # those the static reader pages (it has no filter)


def setup(src: Path, work: Path) -> tuple[Path, Path, datetime.date]:
    shutil.rmtree(work, ignore_errors=True)
    site, out = work / "site", work / "out"
    shutil.copytree(src, site)
    date = datetime.date.fromisoformat(json.loads((site / "generated.json").read_text(encoding="utf-8"))["build_date"])
    return site, out, date


def build(site: Path, out: Path, date: datetime.date) -> list[Path]:
    """Build; a document an error finding names (a reference a removal broke) is moved aside, until it builds.
    Returns the documents moved aside (as (path, text) they can be restored later)."""
    aside = []
    for _ in range(8):
        try:
            build_site(site, out, date, jobs=1)
            return aside
        except BuildFailed as e:
            for f in e.result.findings.items:
                path = site / f.file if not Path(f.file).is_absolute() else Path(f.file)
                if f.severity == "error" and path.suffix == ".md" and path.exists() and path.name != "_index.md":
                    aside.append((path, path.read_text(encoding="utf-8")))
                    path.unlink()
    build_site(site, out, date, jobs=1)
    return aside


def ranked(ix, q: str, flt: Filters | None = None, sort: str = "relevance") -> tuple[int, list[tuple[str, float, bool]]]:
    total, res = search(ix, q, flt, limit=None, sort=sort)
    return total, [(r.url, r.score, r.relaxed) for r in res]


def incremental_index(site: Path, date: datetime.date):
    """What `gkssg search` opens: the site's whoosh index brought up to date."""
    loaded, _ = load_and_check(site, date)
    cache = TextCache(state_dir(loaded) / "text.cache")
    recs = records(loaded, cache)
    cache.save()
    report = whoosh_index.update(state_dir(loaded), recs)
    return whoosh_index.open_index(state_dir(loaded)), report


def fresh_index(site: Path, date: datetime.date, folder: Path):
    """What `--reindex` makes, in a folder of its own (the site's index is left as the history made it)."""
    loaded, _ = load_and_check(site, date)
    cache = TextCache(state_dir(loaded) / "text.cache")
    recs = records(loaded, cache)
    whoosh_index.clear(folder)
    folder.mkdir(parents=True, exist_ok=True)
    whoosh_index.update(folder, recs)
    return whoosh_index.open_index(folder)


def segments(ix) -> str:
    with ix.searcher() as s:
        r = s.reader()
        leaves = [leaf for leaf, _b in r.leaf_readers()]
        return (f"live/all {r.doc_count()}/{r.doc_count_all()} segments {len(leaves)} "
                f"with deletions {sum(1 for leaf in leaves if leaf.has_deletions())}")


FILTERS = [None, Filters(year="2021"), Filters(topic="综合政务"), Filters(validity="有效")]


def totals_exact(ix) -> bool:
    """Whether query.live_statistics's N and field-length totals are the exact ones of the live documents (the
    stored `lengths`): they are not once whoosh has merged segments (r15_merge.py)."""
    from gkssg.search.query import live_statistics
    with ix.searcher() as s:
        count, totals = live_statistics(s)
        lengths = [f["lengths"] for f in s.all_stored_fields()]
    return (count, totals["title"], totals["body"]) == (len(lengths), sum(x[0] for x in lengths),
                                                         sum(x[1] for x in lengths))


def compare(inc, fresh, out: Path | None, label: str, filters=FILTERS, queries=QUERIES) -> int:
    """Differences between the incremental whoosh, the fresh whoosh (full lists, scores, every filter, both
    sorts) and the static pages 1–5 (no filter); the fresh whoosh against the static pages too. Prints each;
    returns the number of differing settings."""
    bad = 0
    reader = StaticIndexReader(out) if out is not None else None
    print(f"  {label} live_statistics exact: {totals_exact(inc)}")
    for q in queries:
        for flt in filters:
            for sort in ("relevance", "date") if flt is None else ("relevance",):
                a, b = ranked(inc, q, flt, sort), ranked(fresh, q, flt, sort)
                if a != b:
                    bad += 1
                    first = next((i for i, (x, y) in enumerate(zip(a[1], b[1])) if x != y), min(len(a[1]), len(b[1])))
                    print(f"  {label} WHOOSH DIFF {q!r} {flt} {sort}: totals {a[0]}/{b[0]} first differing at {first}: "
                          f"inc {a[1][first:first + 2]} fresh {b[1][first:first + 2]}")
                if flt is None and sort == "relevance" and reader is not None:
                    urls = [u for u, _s, _r in a[1]]
                    for n in range(1, 6):
                        want, got = reader.page(q, n), urls[(n - 1) * 10:n * 10]
                        if want != got:
                            bad += 1
                            pos = [(i, w, g) for i, (w, g) in enumerate(zip(want, got)) if w != g]
                            print(f"  {label} STATIC DIFF {q!r} page {n}: {len(want)}/{len(got)} urls, differing "
                                  f"(position, page, command) {pos[:4]}")
                            break
                    fresh_urls = [u for u, _s, _r in b[1]]
                    for n in range(1, 6):
                        if reader.page(q, n) != fresh_urls[(n - 1) * 10:n * 10]:
                            bad += 1
                            print(f"  {label} FRESH-STATIC DIFF {q!r} page {n}")
                            break
    print(label, segments(inc), "settings differing", bad, flush=True)
    return bad
