"""Both search indexes: what goes in (only public documents), phrases, relevance, determinism, scale of start-up."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil

import pytest
from conftest import document, run_gkssg, write_site
from search_reader import StaticIndexReader

from gkssg.build.pipeline import build_site, load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search import whoosh_index
from gkssg.search.corpus import records, state_dir
from gkssg.search.query import Filters, search

DATE = dt.date(2026, 11, 1)
CQ = "11500000009275780L/2019-"


def _doc(serial: str, title: str, body: str, **extra) -> str:
    fields = {"标题": title, "索引号": CQ + serial, "发文字号": f"渝府办发〔2019〕{70 + int(serial)}号"}
    fields.update(extra)
    return document(body + "\n", **fields)


FILES = {
    # A: the phrase in the title (and 72号 mentioned in the body)
    "content/cq/a.md": _doc("00001", "重庆市人民政府办公厅关于做好政务公开工作的通知",
                            "请根据渝府办发〔2019〕72号文件做好工作。", 发布日期="2019-06-28", 有效性="有效"),
    # B: the phrase only in the body; its 发文字号 is 渝府办发〔2019〕72号
    "content/cq/b.md": _doc("00002", "重庆市人民政府办公厅关于印发工作要点的通知",
                            "全面推进政务公开，政务公开是重点。", 发布日期="2019-07-01", 有效性="现行有效"),
    # C: 政务 and 公开 only apart
    "content/cq/c.md": _doc("00003", "重庆市人民政府办公厅关于服务事项的通知",
                            "优化政务服务。依法主动公开。", 发布日期="2019-07-02"),
    # D: not 主动公开; E: published after the build date
    "content/cq/d.md": _doc("00004", "鑫淼事项的通知", "鑫淼内容。政务公开。", 公开属性="依申请公开"),
    "content/cq/e.md": _doc("00005", "垚犇事项的通知", "垚犇内容。政务公开。", 成文日期="2026-12-01",
                            发布日期="2030-01-01"),
    # F and G: the same text, G newer
    "content/cq/f.md": _doc("00006", "重庆市人民政府办公厅关于节能减排的通知", "节能减排工作。", 成文日期="2019-05-01",
                            发布日期="2019-05-01"),
    "content/cq/g.md": _doc("00007", "重庆市人民政府办公厅关于节能减排的通知", "节能减排工作。", 发布日期="2019-08-01"),
}
SLUG = "docs/11500000009275780L-2019-{}.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("search") / "site", FILES)
    out = root / "public"
    result = build_site(root, out, DATE)
    assert result.documents == 5
    site, _ = load_and_check(root, DATE)
    return root, out, StaticIndexReader(out), open_updated_index(site)


def urls(results):
    return [r.url for r in results]


def test_documents_not_public_or_not_yet_published_are_in_neither_index(built):
    root, out, static, ix = built
    terms = static.all_terms()
    for secret in ("鑫淼", "垚犇"):
        assert secret not in terms
        assert search(ix, secret)[0] == 0
    rows = static.all_display_rows()
    assert len(rows) == 5 and not any("鑫淼" in r[0] or "垚犇" in r[0] for r in rows)
    for serial in ("00004", "00005"):
        assert f"#i:{CQ.lower()}{serial}" not in terms
        assert not any(SLUG.format(serial).encode() in p.read_bytes() for p in (out / "search").rglob("*.*"))
    assert ix.doc_count() == 5
    with ix.searcher() as searcher:
        assert sorted(f["source"] for f in searcher.all_stored_fields()) == [
            f"content/cq/{n}.md" for n in "abcfg"]


def test_a_phrase_never_matches_its_words_apart(built):
    _root, _out, static, ix = built
    for found in (static.search("政务公开"), urls(search(ix, "政务公开")[1])):
        assert SLUG.format("00003") not in found
        assert set(found) == {SLUG.format("00001"), SLUG.format("00002")}
    # Separate words (a space) need not be adjacent.
    assert SLUG.format("00003") in static.search("政务 公开")
    assert SLUG.format("00003") in urls(search(ix, "政务 公开")[1])


def test_a_title_match_ranks_above_a_body_match(built):
    _root, _out, static, ix = built
    expected = [SLUG.format("00001"), SLUG.format("00002")]
    assert static.search("政务公开") == expected
    assert urls(search(ix, "政务公开")[1]) == expected


@pytest.mark.parametrize("typed", ["渝府办发[2019]72号", "渝府办发（2019）72号", "渝府办发〔2019〕72号", "渝府办发【2019】第072号"])
def test_an_exact_doc_no_returns_that_document_first(built, typed):
    _root, _out, static, ix = built
    total, results = search(ix, typed)
    assert results[0].url == SLUG.format("00002") and results[0].exact
    assert static.search(typed)[0] == SLUG.format("00002")
    if "第" not in typed:  # text search: 第072 is other tokens than 72
        assert SLUG.format("00001") in static.search(typed)  # it mentions 72号 in its body


def test_an_exact_index_no_returns_that_document_first(built):
    _root, _out, static, ix = built
    for typed in (CQ + "00003", "11500000009275780L-2019-00003"):
        assert search(ix, typed)[1][0].url == SLUG.format("00003")
        assert static.search(typed)[0] == SLUG.format("00003")


def test_newer_documents_win_ties(built):
    _root, _out, static, ix = built
    expected = [SLUG.format("00007"), SLUG.format("00006")]
    assert static.search("节能减排") == expected
    results = search(ix, "节能减排")[1]
    assert urls(results) == expected and results[0].score == results[1].score


def test_filters_and_date_sort(built):
    _root, _out, _static, ix = built
    assert urls(search(ix, "通知", Filters(year="2019"), sort="date")[1]) == [
        SLUG.format(s) for s in ("00007", "00003", "00002", "00001", "00006")]
    assert search(ix, "通知", Filters(year="2018"))[0] == 0
    # 有效性 is only what a document gives or its lifecycle fields derive: A and B say so, the rest have none
    assert search(ix, "通知", Filters(agency="cqszfbgt", validity="有效"))[0] == 2
    assert search(ix, "通知", Filters(column="zwgk/zfxxgk/fdzdgknr/ghxx"))[0] == 5
    assert search(ix, "通知", Filters(column="zwgk/zfxxgk/fdzdgknr/ysjs"))[0] == 0


def test_the_browser_index_is_byte_identical_across_builds(built, tmp_path):
    root, out, _static, _ix = built
    again = tmp_path / "again"
    build_site(root, again, DATE)
    first = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "search").rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in (again / "search").rglob("*") if p.is_file()}
    assert first == second
    assert (out / "search.html").read_bytes() == (again / "search.html").read_bytes()


def test_the_start_up_manifest_grows_only_by_one_hash_a_group_of_blocks(tmp_path):
    from gkssg.search import static_index

    sizes = []
    for count in (3, 300):
        files = {f"content/cq/{n}.md": _doc(f"{n + 1:05d}", f"第{n}号测试通知", f"政务公开工作第{n}项。" * 30)
                 for n in range(count)}
        root = write_site(tmp_path / f"s{count}", files)
        build_site(root, root / "public", DATE)
        manifest = json.loads((root / "public" / "search" / "manifest.json").read_bytes())
        groups = sum(len(manifest[kind]["hashes"]) // static_index.HASH_CHARS for kind in ("dict", "display", "filter"))
        sizes.append((len(json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))) + 1, groups))
    (small, small_groups), (large, large_groups) = sizes
    assert large_groups > small_groups
    # only the document count's digits differ, and one hash a group
    assert large - small - static_index.HASH_CHARS * (large_groups - small_groups) <= 8


def test_the_start_up_manifest_stays_under_50_kb_at_a_million_documents():
    from gkssg.search import static_index
    from gkssg.search.static_index import Grouped, group_size

    def kind(blocks: int) -> Grouped:  # the names only: hashes of the right length, no blocks made
        size = group_size(blocks)
        return Grouped(size, ["0123456789ab"] * -(-blocks // size), [None] * blocks)

    n = 1_000_000
    # A large catalogue: every filter name a site of this size might list.
    facets = {"agency": [[f"agency{i:03d}", f"重庆市某某区人民政府第{i}办公室"] for i in range(150)],
              "topic": [[f"主题{i}", f"主题{i}"] for i in range(22)],
              "validity": [[v, v] for v in static_index.VALIDITY_ORDER],
              "year": [[str(y), f"{y}年"] for y in range(1990, 2027)],
              "column": [[f"zwgk/zfxxgk/col{i:03d}", f"法定主动公开内容 > 栏目名称第{i}个"] for i in range(200)]}
    runs = [[i * n // 37, (i + 1) * n // 37] for i in range(37)]  # each year's numbers (year_runs)
    catalogue = len(static_index.manifest(0, facets, kind(1), kind(0), kind(0), runs))
    for shards in (512, 2 ** 15, 2 ** 20):  # ~64,000 terms to ~130 million: the groups are capped alike
        size = len(static_index.manifest(n, facets, kind(shards), kind(-(-n // static_index.DISPLAY_BLOCK)),
                                         kind(-(-n // static_index.FILTER_BLOCK)), runs))
        assert size - catalogue <= 3 * static_index.MAX_GROUPS * static_index.HASH_CHARS + 100
        assert size < 50_000, (shards, size, catalogue)


def test_the_whoosh_index_reindexes_only_changed_documents(tmp_path):
    root = write_site(tmp_path / "site", {k: v for k, v in FILES.items()})
    site, _ = load_and_check(root, DATE)
    folder = state_dir(site)
    first = whoosh_index.update(folder, records(site))
    assert (first.added, first.updated, first.removed, first.rebuilt) == (5, 0, 0, True)
    site, _ = load_and_check(root, DATE)
    assert whoosh_index.update(folder, records(site)) == whoosh_index.UpdateReport()  # nothing changed

    (root / "content/cq/b.md").write_text(FILES["content/cq/b.md"].replace("是重点", "是重中之重"), encoding="utf-8")
    (root / "content/cq/c.md").unlink()
    site, _ = load_and_check(root, DATE)
    report = whoosh_index.update(folder, records(site))
    assert (report.added, report.updated, report.removed, report.rebuilt) == (0, 1, 1, False)
    ix = whoosh_index.open_index(folder)
    assert urls(search(ix, "重中之重")[1]) == [SLUG.format("00002")]
    assert search(ix, "优化政务服务")[0] == 0 and ix.doc_count() == 4

    # The future document is published once its day comes: only it is added.
    site, _ = load_and_check(root, dt.date(2030, 1, 1))
    report = whoosh_index.update(folder, records(site))
    assert (report.added, report.updated, report.removed) == (1, 0, 0)

    (folder / "state.json").write_text("{damaged", encoding="utf-8")
    site, _ = load_and_check(root, DATE)
    report = whoosh_index.update(folder, records(site))
    assert report.rebuilt and report.added == 4


def test_gkssg_search_scores_as_a_fresh_index_after_removals_and_edits(tmp_path):
    """whoosh keeps a removed or replaced document in its segment until a merge; the scores `gkssg search`
    ranks by count only the live documents, as the static index does (hostile round 14, row 1: near ties
    ordered otherwise than the search page until `--reindex`)."""
    root = write_site(tmp_path / "site", dict(FILES))
    site, _ = load_and_check(root, DATE)
    folder = state_dir(site)
    whoosh_index.update(folder, records(site))
    (root / "content/cq/b.md").write_text(FILES["content/cq/b.md"].replace("是重点", "是重中之重，政务公开"), encoding="utf-8")
    (root / "content/cq/f.md").write_text(FILES["content/cq/f.md"].replace("节能减排工作。", "节能减排工作。" * 3),
                                          encoding="utf-8")
    (root / "content/cq/c.md").unlink()
    site, _ = load_and_check(root, DATE)
    whoosh_index.update(folder, records(site))
    ix = whoosh_index.open_index(folder)
    with ix.searcher() as s:
        assert (s.doc_count(), s.doc_count_all()) == (4, 7)  # the three old versions are still in whoosh
    whoosh_index.update(tmp_path / "fresh", records(site))
    fresh = whoosh_index.open_index(tmp_path / "fresh")
    for q in ("通知", "政务公开", "节能减排 工作", "重庆市人民政府办公厅", "工作", "渝府办发〔2019〕72号"):
        got = [(r.url, r.score) for r in search(ix, q, limit=None)[1]]
        assert got and got == [(r.url, r.score) for r in search(fresh, q, limit=None)[1]], q


def _copies(root, start: int, n: int) -> None:
    """n more public documents of different lengths (hundreds of tokens: whoosh keeps one byte of a length)."""
    for i in range(start, start + n):
        body = "推进政务公开工作，做好政府信息公开。" * (7 + 5 * i) + f"第{i}段。"
        (root / f"content/cq/x{i:03d}.md").write_text(
            _doc(f"{100 + i:05d}", f"重庆市人民政府办公厅关于第{i}项工作的通知", body, 发布日期="2019-09-01"),
            encoding="utf-8")


def _same_as_fresh(ix, recs, tmp_path, name: str) -> None:
    whoosh_index.update(tmp_path / name, recs)
    fresh = whoosh_index.open_index(tmp_path / name)
    for q in ("通知", "政务公开", "工作", "政府信息公开", "重庆市人民政府办公厅"):
        got = [(r.url, r.score) for r in search(ix, q, limit=None)[1]]
        assert got and got == [(r.url, r.score) for r in search(fresh, q, limit=None)[1]], q


def test_gkssg_search_scores_as_a_fresh_index_after_whoosh_merges_segments(tmp_path):
    """Hostile round 15, row 1: after a few small commits whoosh merges segments, and a merged segment's
    field totals are sums of its one-byte lengths: the averages drifted from the exact ones."""
    root = write_site(tmp_path / "site", dict(FILES))
    site, _ = load_and_check(root, DATE)
    folder = state_dir(site)
    whoosh_index.update(folder, records(site))
    for step in range(10):
        _copies(root, step, 1)
        site, _ = load_and_check(root, DATE)
        whoosh_index.update(folder, records(site))
    ix = whoosh_index.open_index(folder)
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) < 11  # segments were merged
    _same_as_fresh(ix, records(site), tmp_path, "fresh")


def test_an_update_killed_after_whoosh_commits_is_rebuilt_next_time(tmp_path, monkeypatch):
    """Hostile round 15, row 3: killed between whoosh's commit and state.json, with as many documents
    added as removed, the next update trusted the old state and listed documents twice."""
    root = write_site(tmp_path / "site", dict(FILES))
    _copies(root, 0, 3)
    site, _ = load_and_check(root, DATE)
    folder = state_dir(site)
    whoosh_index.update(folder, records(site))
    (root / "content/cq/x000.md").unlink()
    _copies(root, 3, 1)
    site, _ = load_and_check(root, DATE)
    real = whoosh_index._write_state
    monkeypatch.setattr(whoosh_index, "_write_state", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        whoosh_index.update(folder, records(site))
    monkeypatch.setattr(whoosh_index, "_write_state", real)
    assert whoosh_index.open_index(folder) is None  # no state: nothing is searched from a half-known index
    report = whoosh_index.update(folder, records(site))
    assert report.rebuilt
    ix = whoosh_index.open_index(folder)
    urls = [r.url for r in search(ix, "通知", limit=None)[1]]
    assert len(urls) == len(set(urls)) == 8


def test_an_index_of_another_format_is_not_opened(tmp_path):
    """Hostile round 15, row 5: the endpoint opened an older index and every query raised KeyError."""
    root = write_site(tmp_path / "site", dict(FILES))
    site, _ = load_and_check(root, DATE)
    folder = state_dir(site)
    whoosh_index.update(folder, records(site))
    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    (folder / "state.json").write_text(json.dumps({**state, "format": whoosh_index.FORMAT - 1}), encoding="utf-8")
    assert whoosh_index.open_index(folder) is None


def test_two_searches_at_once_list_every_document_once(tmp_path):
    """Hostile round 15, rows 2 and 4: two `gkssg search` updating one index at once listed
    documents twice; a --reindex beside a search crashed it."""
    root = write_site(tmp_path / "site", dict(FILES))
    _copies(root, 0, 5)
    assert run_gkssg("search", "通知", "--site", str(root), "--date", DATE.isoformat()).returncode == 0
    _copies(root, 5, 10)
    import subprocess
    import sys

    from conftest import REPO
    env = dict(__import__("os").environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    runs = [subprocess.Popen([sys.executable, "-m", "gkssg.commands.cli", "search", "通知", "--site", str(root),
                              "--date", DATE.isoformat(), "--json", "--limit", "100", *extra],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for extra in ([], [], ["--reindex"], [])]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0 and "Traceback" not in err, err
        urls = [r["url"] for r in json.loads(out)]
        assert len(urls) == len(set(urls)) == 20


def test_builds_keep_an_existing_whoosh_index_current_and_create_none(tmp_path):
    root = write_site(tmp_path / "site", FILES)
    build_site(root, root / "public", DATE)
    site, _ = load_and_check(root, DATE)
    assert not whoosh_index.exists(state_dir(site))  # a static-only site never pays for whoosh
    assert search(open_updated_index(site), "节能减排")[0] == 2
    (root / "content/cq/h.md").write_text(_doc("00008", "关于节能减排的补充通知", "节能减排。"), encoding="utf-8")
    build_site(root, root / "public", DATE)
    assert search(whoosh_index.open_index(state_dir(site)), "节能减排")[0] == 3


def test_plain_text_is_cached_by_content_digest(tmp_path, monkeypatch):
    root = write_site(tmp_path / "site", FILES)
    site, _ = load_and_check(root, DATE)
    open_updated_index(site)
    import gkssg.search.corpus as corpus
    monkeypatch.setattr(corpus, "plain_text", lambda doc: pytest.fail(f"re-rendered {doc.source}"))
    site, _ = load_and_check(root, DATE)
    assert len(records(site)) == 5


def test_gkssg_search_json_prints_results_with_their_metadata(built):
    root, _out, _static, _ix = built
    proc = run_gkssg("search", "渝府办发（2019）72号", "--site", str(root), "--date", "2026-11-01", "--json")
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    first = results[0]
    assert first["index_no"] == CQ + "00002" and first["doc_no"] == "渝府办发〔2019〕72号"
    assert first["url"] == SLUG.format("00002") and first["published"] == "2019-07-01"
    assert {"title", "score"} <= set(first)
    proc = run_gkssg("search", "通知", "--site", str(root), "--date", "2026-11-01", "--json",
                     "--agency", "市政府办公厅", "--column", "专项规划", "--year", "2019", "--limit", "2")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 2


def test_gkssg_search_explains_an_unknown_column_in_chinese(built):
    root, _out, _static, _ix = built
    proc = run_gkssg("search", "通知", "--site", str(root), "--date", "2026-11-01", "--column", "不存在的栏目")
    assert proc.returncode == 2 and "找不到栏目" in proc.stderr


def test_gkssg_search_text_output(built):
    root, _out, _static, _ix = built
    proc = run_gkssg("search", "节能减排", "--site", str(root), "--date", "2026-11-01")
    assert proc.returncode == 0 and "共 2 条" in proc.stdout and "渝府办发〔2019〕77号" in proc.stdout
    proc = run_gkssg("search", "没有这个词语", "--site", str(root), "--date", "2026-11-01")
    assert proc.returncode == 0 and "没有找到" in proc.stdout


def test_static_index_is_built_only_when_what_it_stores_changes(tmp_path, monkeypatch):
    from gkssg.search import feature

    calls = []
    real = feature.static_index_files
    monkeypatch.setattr(feature, "static_index_files", lambda *a, **k: calls.append(1) or real(*a, **k))
    root = write_site(tmp_path / "site", FILES)
    build_site(root, root / "public", DATE)
    first = {p.name: p.read_bytes() for p in (root / "public/search").rglob("*") if p.is_file()}
    build_site(root, root / "public", DATE)  # nothing changed: the stored index is used
    assert len(calls) == 1
    assert {p.name: p.read_bytes() for p in (root / "public/search").rglob("*") if p.is_file()} == first
    index = root / ".gkssg/search/static.idx"
    index.write_bytes(b"damaged")
    # a comment in catalog.yaml: the pages are rendered again (a touch alone keeps the output, renderstamp.py)
    with open(root / "catalog.yaml", "a", encoding="utf-8") as f:
        f.write("# 1\n")
    build_site(root, root / "public", DATE)  # a damaged store only costs a rebuild
    assert len(calls) == 2
    pack = next(index.parent.glob("static.*.pack"))
    pack.write_bytes(pack.read_bytes()[:pack.stat().st_size // 2])
    with open(root / "catalog.yaml", "a", encoding="utf-8") as f:
        f.write("# 2\n")
    build_site(root, root / "public", DATE)  # so does a pack cut short (a full disk, a killed build)
    assert len(calls) == 3
    assert not list(index.parent.glob("*.tmp")) and len(list(index.parent.glob("static.*.pack"))) == 1
    assert {p.name: p.read_bytes() for p in (root / "public/search").rglob("*") if p.is_file()} == first
    (root / "content/cq/a.md").write_text(FILES["content/cq/a.md"].replace("做好工作", "做好各项工作"),
                                          encoding="utf-8")
    build_site(root, root / "public", DATE)  # updated, or built again if an average moved: the same bytes
    assert StaticIndexReader(root / "public").search("各项工作") == [SLUG.format("00001")]
    (root / "content/cq/new.md").write_text(_doc("00009", "重庆市人民政府办公厅关于新近发布文件的通知",
                                                 "新近发布的文件。", 发布日期="2019-08-01"), encoding="utf-8")
    build_site(root, root / "public", DATE)  # a document published since: the newest
    assert StaticIndexReader(root / "public").search("新近发布") == [SLUG.format("00009")]
    fresh = tmp_path / "fresh"  # the same site, never built
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".gkssg", "public"))
    build_site(fresh, fresh / "public", DATE)
    assert ({p.relative_to(root): p.read_bytes() for p in (root / "public/search").rglob("*") if p.is_file()}
            == {p.relative_to(fresh): p.read_bytes() for p in (fresh / "public/search").rglob("*") if p.is_file()})
    # The new document withdrawn (依申请公开): it leaves the index whole, whatever the last index held.
    (root / "content/cq/new.md").write_text(_doc("00009", "重庆市人民政府办公厅关于新近发布文件的通知",
                                                 "新近发布的文件。", 发布日期="2019-08-01", 公开属性="依申请公开"),
                                            encoding="utf-8")
    build_site(root, root / "public", DATE)
    assert StaticIndexReader(root / "public").search("新近发布") == []
    for path in (root / "public").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            assert "新近发布".encode() not in data, path


def test_postings_of_many_documents_and_a_very_long_one_decode_to_what_the_tokenizer_says(tmp_path):
    """Every posting of the array-built blocks, against tokenize(): tail blocks (terms in more
    than FIRST_BLOCK documents, in several bands), 32-bit positions (a body of more than 65,536
    tokens) and the positions kept (the first FIELD_POSITIONS of each field, and a code saying so)."""
    import random

    from gkssg.search import postings, static_index
    from gkssg.search.corpus import Record
    from gkssg.search.tokenizer import tokenize

    rng = random.Random(3)
    words = ["政务公开", "信息", "第71号", "GB/T 9704", "规划", "年度报告", "重庆", "２０２４年"]
    bodies = ["，".join(rng.choice(words) for _ in range(rng.randrange(1, 30))) for _ in range(450)]
    bodies.append("政务公开，" * 25_000 + "尾声71号")  # 75,000 tokens: positions need 32 bits
    titles = [f"标题{i} 渝府发〔2020〕{i}号" + ("信息" * (i % 12) if i % 5 == 0 else "") for i in range(len(bodies))]
    recs = [Record(rank=i, source=f"c/{i}.md", url=f"docs/{i}.html", title=f"标题{i}", title_text=titles[i],
                   body=body, doc_no="", index_no="", doc_no_key="", index_no_key="", published="2024-01-01",
                   year="2024", publisher="", agency="", topic="", validity="", column="")
            for i, body in enumerate(bodies)]
    index = static_index.build_static_index(recs, {"agency": [], "topic": [], "validity": [], "year": [], "column": []},
                                            jobs=2)
    for f in index.files:
        (tmp_path / f.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f.path).write_bytes(f.data)
    reader = StaticIndexReader(tmp_path)
    expected: dict[str, dict[int, tuple[list[int], int]]] = {}
    cap = postings.FIELD_POSITIONS
    for rec in recs:
        title = tokenize(rec.title_text)
        number = len(recs) - 1 - rec.rank  # documents are numbered oldest first
        where: dict[str, tuple[list[int], list[int]]] = {}
        for position, token in enumerate(title + [None] + tokenize(rec.body)):
            if token is not None:
                where.setdefault(token, ([], []))[position > len(title)].append(position)
        for token, (in_title, in_body) in where.items():
            code = min(len(in_title), cap + 1) | min(len(in_body), cap + 1) << 4
            expected.setdefault(token, {})[number] = (in_title[:cap] + in_body[:cap], code)
    assert max(len(docs) for docs in expected.values()) > postings.FIRST_BLOCK
    assert max(p for docs in expected.values() for ps, _code in docs.values() for p in ps) > 65_535
    assert any(code & 15 > cap for docs in expected.values() for _ps, code in docs.values())
    assert any(code >> 4 > cap for docs in expected.values() for _ps, code in docs.values())
    assert len({ref[7] for b in reader.blocks("信息")[:1] for ref in b.directory}) > 1  # several bands
    for term, docs in expected.items():
        found = reader.postings(term)
        assert {doc: (positions, code) for doc, (_score, positions, code) in found.items()} == docs, term


def test_a_small_site_builds_its_index_whole_and_a_large_one_updates_it(tmp_path, monkeypatch):
    from gkssg.search import feature, incremental

    calls = []
    real = incremental.update
    monkeypatch.setattr(incremental, "update", lambda *a, **k: calls.append(1) or real(*a, **k))
    root = write_site(tmp_path / "site", FILES)
    build_site(root, root / "public", DATE)
    doc = root / "content/cq/a.md"
    doc.write_text(FILES["content/cq/a.md"].replace("做好工作", "做好各项工作"), encoding="utf-8")
    build_site(root, root / "public", DATE)
    assert calls == []  # fewer than SMALL_INDEX documents: built whole, faster than an update
    monkeypatch.setattr(feature, "SMALL_INDEX", 0)
    doc.write_text(FILES["content/cq/a.md"].replace("做好工作", "做好全部工作"), encoding="utf-8")
    build_site(root, root / "public", DATE)
    assert calls == [1]
    assert StaticIndexReader(root / "public").search("全部工作") == [SLUG.format("00001")]


def test_a_full_build_keeps_the_tail_chunks_on_disk_until_their_shard_is_packed(tmp_path, monkeypatch):
    """The tail chunks of every partition wait for their dictionary shard in a file of the scratch
    folder (static_index.SpilledPieces), not in memory: held, they were about the size of
    search/p/ (~1 GB at 100,000 documents). Every chunk packed was read from that file, and the
    index is the same as one built from chunks held in memory."""
    import random

    from gkssg.search import static_index
    from gkssg.search.corpus import Record

    rng = random.Random(4)
    words = ["政务公开", "信息", "规划", "年度报告", "重庆", "营商环境", "乡村振兴", "财政预算"]
    recs = [Record(rank=i, source=f"c/{i}.md", url=f"docs/{i}.html", title=f"标题{i}", title_text=f"标题{i}",
                   body="，".join(rng.choice(words) for _ in range(rng.randrange(5, 60))), doc_no="", index_no="",
                   doc_no_key="", index_no_key="", published="2024-01-01", year="2024", publisher="", agency="",
                   topic="", validity="", column="")
            for i in range(700)]
    facets = {"agency": [], "topic": [], "validity": [], "year": [], "column": []}
    monkeypatch.setattr(static_index.postings, "TAIL_BLOCK", 16)
    monkeypatch.setattr(static_index.postings, "FIRST_BLOCK", 20)
    packed_from: list[tuple[int, int]] = []  # per shard: its tail pieces, how many came from the file
    real = static_index.shard_packs

    def shard_packs(heads, tails, pieces):
        keys = {ref[0] for t in heads.terms for ref in tails.get(t, [])}
        on_disk = isinstance(pieces, static_index.SpilledPieces) and pieces.file.name.startswith(str(tmp_path))
        packed_from.append((len(keys), len(keys) if on_disk and keys <= pieces.at.keys() else 0))
        return real(heads, tails, pieces)

    monkeypatch.setattr(static_index, "shard_packs", shard_packs)
    spilled = {f.path: f.data for f in static_index.build_static_index(recs, facets, jobs=2, scratch=tmp_path).files}
    assert sum(n for n, _d in packed_from) > 100 and all(n == d for n, d in packed_from)
    assert not list(tmp_path.iterdir())  # the scratch folder is removed

    monkeypatch.setattr(static_index, "SpilledPieces", _HeldPieces)
    monkeypatch.setattr(static_index, "shard_packs", real)
    held = {f.path: f.data for f in static_index.build_static_index(recs, facets, jobs=2, scratch=tmp_path).files}
    assert spilled == held


class _HeldPieces(dict):
    """The pieces held in memory (as before SpilledPieces)."""

    def __init__(self, _path):
        super().__init__()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def test_each_year_is_a_run_of_document_numbers_in_the_manifest():
    """static_index.year_runs: [first, end) of each year the filter offers, in its order; 0 for a year whose
    documents are not one run (search.js then reads its filter rows), [0, 0] for one with none."""
    from types import SimpleNamespace

    from gkssg.search import static_index

    facets = {"year": [["2026", "2026年"], ["2025", "2025年"], ["2024", "2024年"], ["2019", "2019年"]]}
    ordered = [SimpleNamespace(year=y) for y in ("2024", "2024", "2025", "2024", "2026", "2026")]
    assert static_index.year_runs(ordered, facets) == [[4, 6], [2, 3], 0, [0, 0]]
    assert static_index.year_runs(ordered[:2] + ordered[4:], facets) == [[2, 4], [0, 0], [0, 2], [0, 0]]


def test_a_full_disk_while_whoosh_updates_is_told_in_chinese(tmp_path, monkeypatch):
    """Hostile round 15, row 11: a full .gkssg/search printed a Python traceback."""
    import errno

    from whoosh.writing import SegmentWriter

    from gkssg.errors import GkssgError
    root = write_site(tmp_path / "site", dict(FILES))
    site, _ = load_and_check(root, DATE)

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(state_dir(site) / "whoosh"))

    monkeypatch.setattr(SegmentWriter, "commit", full)
    with pytest.raises(GkssgError, match="GK052"):
        whoosh_index.update(state_dir(site), records(site))


def test_a_symlink_planted_where_whoosh_rebuilds_is_unlinked_not_followed(tmp_path):
    """Review: whoosh.new / whoosh.old symlinked to a user's folder stopped the rebuild with a traceback;
    the link goes, the folder and its files stay."""
    root = write_site(tmp_path / "site", dict(FILES))
    site, _ = load_and_check(root, DATE)
    folder = state_dir(site)
    whoosh_index.update(folder, records(site))
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("user's", encoding="utf-8")
    for name in ("whoosh.new", "whoosh.old"):
        (folder / name).symlink_to(mine)
    assert whoosh_index.update(folder, records(site), rebuild=True).rebuilt
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "user's" and [p.name for p in mine.iterdir()] == ["keep.txt"]
    assert search(whoosh_index.open_index(folder), "节能减排")[0] == 2


def test_an_endpoint_opened_during_reindex_answers_from_the_old_index(tmp_path, monkeypatch):
    """Round 15, row 10: `gkssg search --reindex` forgot the index (state.json removed) before building the
    new one, so an endpoint opened meanwhile found no index (503) for the whole rebuild."""
    root = write_site(tmp_path / "site", dict(FILES))
    site, _ = load_and_check(root, DATE)
    folder = state_dir(site)
    open_updated_index(site)
    seen = []
    fields = whoosh_index._fields

    def opened_meanwhile(rec):
        if not seen:  # a cold reader, while the new index is being written
            ix = whoosh_index.open_index(folder)
            seen.append(None if ix is None else search(ix, "重庆市人民政府办公厅")[0])
        return fields(rec)

    monkeypatch.setattr(whoosh_index, "_fields", opened_meanwhile)
    ix = open_updated_index(site, rebuild=True)
    assert seen == [5]
    assert search(ix, "重庆市人民政府办公厅")[0] == 5
