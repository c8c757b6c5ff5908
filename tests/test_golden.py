"""A golden build of the demo site (pelican-style): any change to the output is deliberate.

Regenerate after an intended change with: python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import datetime as dt
import hashlib

from conftest import REPO
from gkssg.build import build_site

GOLDEN = REPO / "tests" / "golden" / "demo-manifest.txt"
DATE = dt.date(2026, 11, 1)


def manifest(out) -> str:
    lines = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        lines.append(f"{digest}  {path.relative_to(out).as_posix()}")
    return "\n".join(lines) + "\n"


def test_demo_build_matches_the_golden_manifest(tmp_path, request):
    result = build_site(REPO, tmp_path / "out", DATE)
    # the five seeds, the real 涌洞镇 guide, the 2020–2022 annual reports (演示数据) and 37 演示 documents
    assert result.documents == 46
    actual = manifest(tmp_path / "out")
    if request.config.getoption("--update-golden"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    changed = sorted(set(expected.splitlines()) ^ set(actual.splitlines()))
    assert not changed, "demo output differs from tests/golden (rerun with --update-golden if intended):\n" + "\n".join(changed[:40])


def test_every_seed_has_a_page_with_its_real_metadata(tmp_path):
    build_site(REPO, tmp_path / "out", DATE)
    docs = tmp_path / "out" / "docs"
    expectations = {
        "11500114009130039C-2017-00861.html": ["黔江府办发〔2017〕53号", "行政规范性文件", "2017-06-01", "11500114009130039C/2017-00861"],
        "11500000009275780L-2019-90001.html": ["渝府办发〔2019〕71号", "2019-06-28", "重庆市人民政府办公厅"],
        "11500000009275780L-2020-11304.html": ["重庆市2019年政府信息公开工作年度报告", "2020-03-31", "电子政务"],
        "ZBJG0001-2021-90001.html": ["渝两江管办发﹝2021﹞44号", "重庆两江新区管理委员会办公室"],
        "ZBJG0002-2019-90001.html": ["通政公字〔2019〕2号", "通辽市政务公开工作领导小组"],
    }
    for name, needles in expectations.items():
        html = (docs / name).read_text(encoding="utf-8")
        for needle in needles:
            assert needle in html, (name, needle)


def test_every_seed_is_reachable_from_the_columns_its_paths_name(tmp_path):
    from gkssg.site import load_site
    site, _ = load_site(REPO, DATE)
    build_site(REPO, tmp_path / "out", DATE)
    for doc in site.public_documents():
        assert doc.columns, doc.source
        for column in doc.columns:
            listing = (tmp_path / "out" / column.url_dir / "index.html").read_text(encoding="utf-8")
            assert f"docs/{doc.slug}.html" in listing, (doc.source, column.path_text)
