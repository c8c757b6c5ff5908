"""The site pages' per-document rows (issue 21): a library row (features/library.py Row) is made once per
document per build, and a page fingerprint (incremental/fingerprint.py) hashes it as its document's own
key instead of value by value. The key must cover everything a row shows: after random edits of library
documents the incremental output is a clean build's, byte for byte, and a key that leaves something out
is caught by the same comparison."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path

from conftest import OUTPUT_MARKER
from lifecycle_fixtures import lifecycle_site, md

from gkssg.build.pipeline import build_site
from gkssg.features import library
from gkssg.incremental.fingerprint import Fingerprinter

DATE = dt.date(2026, 11, 1)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def stale(site: Path, tmp: Path) -> list[str]:
    """The output files that differ from a clean build's (none when the incremental build is right)."""
    clean = tmp / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build_site(site, clean, DATE, clean=True, use_cache=False, jobs=1)
    a, b = tree(site / "public"), tree(clean)
    return sorted(set(a) ^ set(b)) + [n for n in a if n in b and a[n] != b[n]]


def test_a_library_row_is_made_once_per_document(tmp_path, monkeypatch):
    """Fails on the old code: a document's row was made again for every page that lists it (its 效力状态,
    年份, 机构, 主题 and 代字 views, the overview's latest ten and the search page)."""
    site = lifecycle_site(tmp_path / "s")
    made: list[str] = []
    real = library.row

    def counting(doc):
        made.append(doc.source)
        return real(doc)
    monkeypatch.setattr(library, "row", counting)
    build_site(site, site / "public", DATE, jobs=1)
    assert len(made) >= 4  # the library documents of lifecycle_site
    assert sorted(made) == sorted(set(made))
    search = next((site / "public").rglob("gfxwj/search.html"))
    assert "测试用试行办法甲" in search.read_text(encoding="utf-8")


def test_a_row_hashes_as_its_document():
    """A page holding rows hashes each by its document's key: the same row contents from another document
    (or changed contents of the same one, which a changed document's key covers) hash differently, and
    hashing does not read the row's values."""
    from lifecycle_fixtures import doc
    a, b = doc("X/2020-00001", "甲"), doc("X/2020-00002", "甲")
    a.digest, b.digest = "1" * 64, "2" * 64
    fp = Fingerprinter("site")
    ra, rb = library.row(a), library.row(b)
    assert fp.page("t.html", {"rows": [ra]}) != fp.page("t.html", {"rows": [rb]})
    before = fp.page("t.html", {"rows": [ra]})
    ra["title"] = object()  # an unpicklable value: never walked
    assert fp.page("t.html", {"rows": [ra]}) == before


def test_a_list_of_documents_hashes_as_its_keys_in_order(monkeypatch):
    """A listing's `documents` is hashed as its documents' keys in one string: order, membership and any
    document's change still change the page's fingerprint, and no document is walked one by one (fails
    on the old code: the pickler met each document)."""
    from lifecycle_fixtures import doc

    from gkssg.incremental import fingerprint
    a, b, c = (doc(f"X/2020-0000{n}", f"文件{n}") for n in (1, 2, 3))
    for n, d in enumerate((a, b, c)):
        d.digest = str(n) * 64
    fp = fingerprint.Fingerprinter("site")
    met: list = []
    real = fingerprint._Pickler.reducer_override
    monkeypatch.setattr(fingerprint._Pickler, "reducer_override", lambda self, obj: (met.append(type(obj)), real(self, obj))[1])

    def page(documents):
        return fp.page("column.html", {"documents": documents, "front_page": True})
    seen = {page([a, b]), page([b, a]), page([a]), page([a, b, c]), page([]), page([a, c])}
    assert len(seen) == 6
    assert fingerprint.Document not in met
    before = page([a, b])
    fp2 = fingerprint.Fingerprinter("site")
    b.digest = "9" * 64  # another build, b's file changed
    assert fp2.page("column.html", {"documents": [a, b], "front_page": True}) != before


def edit(site: Path, rng: random.Random, step: int) -> None:
    """One random edit of the library: a document retitled, withdrawn, published again, given an end of
    validity, redated, or a new one added."""
    folder = site / "content/cq"
    roll = rng.random()
    if roll < 0.25:
        serial = 20 + rng.randrange(6)
        year = rng.choice((2018, 2019, 2021))
        (folder / f"new{serial}.md").write_text(
            md(f"测试用新增办法{serial}", f"000{serial}", year, f"{year}-0{rng.randrange(1, 9)}-1{step % 10}"),
            encoding="utf-8")
        return
    path = folder / rng.choice(("expiring.md", "abolished.md"))
    text = path.read_text(encoding="utf-8")
    if roll < 0.45:
        text = text.replace("标题: 测试用", f"标题: 测试用（{step}）", 1) if "（" not in text.split("\n")[1] else \
            text.replace(text.split("\n")[1], text.split("\n")[1].split("（")[0] + text.split("\n")[1].split("）")[-1])
    elif roll < 0.65:
        text = text.replace("有效性: 有效\n", "有效性: 有效\n公开属性: 依申请公开\n", 1) \
            if "依申请公开" not in text else text.replace("公开属性: 依申请公开\n", "")
    elif roll < 0.85:
        text = text.replace("有效性: 有效\n", "有效性: 有效\n有效期至: 2026-06-30\n", 1) \
            if "有效期至: 2026" not in text else text.replace("有效期至: 2026-06-30\n", "")
    else:  # redated within its year: it moves in its views
        month = rng.randrange(1, 10)
        text = re.sub(r"^(成文日期|发布日期): (\d{4})-\d\d-", lambda m: f"{m.group(1)}: {m.group(2)}-0{month}-",
                      text, flags=re.M)
    path.write_text(text, encoding="utf-8")


def test_random_library_edits_build_what_a_clean_build_builds(tmp_path):
    rng = random.Random(2124)
    site = lifecycle_site(tmp_path / "s")
    build_site(site, site / "public", DATE, jobs=1)
    for step in range(10):
        edit(site, rng, step)
        build_site(site, site / "public", DATE, jobs=1)
        assert stale(site, tmp_path) == [], step


def test_a_row_key_that_leaves_the_title_out_is_caught(tmp_path, monkeypatch):
    """The comparison above fails on a purpose-broken key: rows hashed as one document whatever they show
    leave the library's pages stale after a retitle."""
    site = lifecycle_site(tmp_path / "s")
    build_site(site, site / "public", DATE, jobs=1)
    anchor: dict = {}
    monkeypatch.setattr(library.Row, "made_of_document", staticmethod(lambda made: anchor.setdefault("doc", made._doc)))
    build_site(site, site / "public", DATE, jobs=1, clean=True)
    path = site / "content/cq/expiring.md"
    path.write_text(path.read_text(encoding="utf-8").replace("测试用试行办法甲", "测试用试行办法甲（修订）"), encoding="utf-8")
    build_site(site, site / "public", DATE, jobs=1)
    assert any("/gfxwj/" in name for name in stale(site, tmp_path))
