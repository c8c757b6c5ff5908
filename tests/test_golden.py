"""A golden build of the demo site (pelican-style): any change to the output is deliberate.

Regenerate after an intended change with: python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from conftest import REPO

from gkssg.build.outguard import MARKER, MARKER_TEXT, is_own
from gkssg.build.pipeline import build_site

GOLDEN = REPO / "tests" / "golden" / "demo-manifest.txt"
DATE = dt.date(2026, 11, 1)


def manifest(out) -> str:
    lines = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.relative_to(out).as_posix() == MARKER:  # its note; then the folder and build it names
            assert data.startswith(MARKER_TEXT.encode()) and is_own(out)
            data = MARKER_TEXT.encode()
        digest = hashlib.sha256(data).hexdigest()[:16]
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
    if expected != actual:
        pytest.fail(golden_report(expected, actual, tmp_path / "out"), pytrace=False)


def golden_report(expected: str, actual: str, out) -> str:
    """Which files were added, removed or changed, and a diff of the first changed text file.

    The golden manifest keeps hashes only, so the diff is against the demo built from the
    commit that last wrote the manifest (`git archive` of it into a scratch folder).
    """
    def by_path(text):
        return {line[18:]: line[:16] for line in text.splitlines() if line}
    old, new = by_path(expected), by_path(actual)
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    changed = sorted(path for path in old.keys() & new.keys() if old[path] != new[path])
    lines = ["demo output differs from tests/golden (rerun with --update-golden if intended):"]
    for label, paths in (("changed", changed), ("added", added), ("removed", removed)):
        if paths:
            lines.append(f"{label} ({len(paths)}): " + ", ".join(paths[:20]) + (" …" if len(paths) > 20 else ""))
    if changed:
        lines.append(first_diff(changed, out))
    return "\n".join(lines)


def first_diff(changed: list[str], out) -> str:
    """A unified diff of the first changed text file against the build of the manifest's own commit."""
    import difflib
    import subprocess
    import tempfile

    path = next((p for p in changed if p.endswith((".html", ".xml", ".json", ".txt", ".js", ".css"))), changed[0])
    with tempfile.TemporaryDirectory() as scratch:
        head = Path(scratch) / "head"
        log = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%H", "--", str(GOLDEN)],
                             capture_output=True, text=True)
        commit = log.stdout.strip() or "HEAD"
        archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True)
        if archive.returncode != 0:
            return f"(no diff: git archive failed) first changed file: {path}"
        head.mkdir()
        subprocess.run(["tar", "-x", "-C", str(head)], input=archive.stdout, check=True)
        before_out = Path(scratch) / "out"
        build_site(head, before_out, DATE)
        before = before_out / path
        if not before.is_file():
            return f"(no diff: {path} is not built from {commit[:10]}'s sources)"
        try:
            old_text = before.read_text(encoding="utf-8").splitlines()
            new_text = (out / path).read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            return f"(no diff: {path} is not text)"
    diff = difflib.unified_diff(old_text, new_text, f"{commit[:10]}/{path}", f"now/{path}", lineterm="", n=2)
    return "\n".join(list(diff)[:80])


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
    from gkssg.load.site import load_site
    site, _ = load_site(REPO, DATE)
    build_site(REPO, tmp_path / "out", DATE)
    for doc in site.public_documents():
        assert doc.columns, doc.source
        for column in doc.columns:
            listing = (tmp_path / "out" / column.url_dir / "index.html").read_text(encoding="utf-8")
            assert f"docs/{doc.slug}.html" in listing, (doc.source, column.path_text)
