"""Round 14: after documents are removed or edited, `gkssg search` (whoosh, updated incrementally: deleted
documents stay in its segments until a merge) and the static index (rebuilt or updated by the build) must still
rank by the same integer (query.static_scores counts doc_count_all, doc_frequency and field_length of the
whoosh index). Compares query.search (limit None) with tests/search_reader.py (search.js's sums) on pages 1–5.

Run: python scripts/attacks/r14_incremental.py SITE [N_REMOVED]   (SITE: benchmarks/generate.py output; copied)
"""
import datetime
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from search_reader import StaticIndexReader  # noqa: E402

from gkssg.build.pipeline import BuildFailed, build_site, load_and_check  # noqa: E402
from gkssg.commands.search import open_updated_index  # noqa: E402
from gkssg.search.query import search  # noqa: E402

QUERIES = ["工作", "管理", "通知", "建设", "服务", "加强", "公开 工作", "人民政府", "政府信息"]


def compare(site: Path, out: Path, date: datetime.date, label: str, reindex: bool = False) -> int:
    loaded, _ = load_and_check(site, date)
    ix = open_updated_index(loaded, reindex)
    reader = StaticIndexReader(out)
    with ix.searcher() as s:
        stats = (s.doc_count(), s.doc_count_all())
    bad = 0
    for q in QUERIES:
        _total, res = search(ix, q, limit=None)
        urls = [r.url for r in res]
        for n in range(1, 6):
            want, got = reader.page(q, n), urls[(n - 1) * 10:n * 10]
            if want != got:
                bad += 1
                print(f"  {label} DIFF {q!r} page {n}: whoosh live/all={stats}, manifest docs={reader.manifest['docs']}")
                for i, (a, b) in enumerate(zip(want, got)):
                    if a != b:
                        print(f"     {i} page={a} command={b}")
                break
    print(label, "whoosh live/all", stats, "manifest docs", reader.manifest["docs"], "pages differing", bad)
    return bad


def build(site: Path, out: Path, date: datetime.date) -> None:
    """Build; a document whose reference a removal broke (an error finding) is removed too, until it builds."""
    for _ in range(5):
        try:
            build_site(site, out, date, jobs=1)
            return
        except BuildFailed as e:
            for f in e.result.findings.items:
                path = site / f.file if not Path(f.file).is_absolute() else Path(f.file)
                if f.severity == "error" and path.suffix == ".md" and path.exists():
                    path.unlink()
    build_site(site, out, date, jobs=1)


def main() -> None:
    src = Path(sys.argv[1])
    removed = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    work = Path("/tmp/hostile14/inc")
    shutil.rmtree(work, ignore_errors=True)
    site, out = work / "site", work / "out"
    shutil.copytree(src, site)
    date = datetime.date.fromisoformat(json.loads((site / "generated.json").read_text(encoding="utf-8"))["build_date"])
    build_site(site, out, date, jobs=1)
    compare(site, out, date, "fresh")
    docs = sorted((site / "content").rglob("*.md"))
    docs = [d for d in docs if d.name != "_index.md"]
    for d in docs[::max(1, len(docs) // removed)][:removed]:
        d.unlink()
    build(site, out, date)
    compare(site, out, date, f"after removing {removed}")
    for d in docs[1::max(1, len(docs) // removed)][:removed]:
        if d.exists():
            d.write_text(d.read_text(encoding="utf-8") + "\n加强管理工作，做好政府信息公开工作。\n", encoding="utf-8")
    build(site, out, date)
    compare(site, out, date, f"after editing {removed}")
    build_site(site, work / "clean", date, jobs=1, clean=True)
    compare(site, work / "clean", date, "clean static build, whoosh as updated")
    compare(site, out, date, "incremental static build, whoosh rebuilt (--reindex)", reindex=True)


if __name__ == "__main__":
    main()
