"""Body edits of documents with 替代/修改/解读 relations or a genre the annual reports count
take the one-edit path (build/fastpath.py checks them on a mini-site with every document they
relate to: changed.related), and build what a clean build builds.

The generated site (tests/sitegen.py) has a 政策解读 every tenth document (解读对象: the one
before it), a 行政规范性文件 every fifth (counted by the annual reports; every twentieth replaced
by the one four after it). A real department edits such documents every day: a typo in a
policy that has an interpretation, a paragraph added to a normative document.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from sitegen import FOLDER, generate
from test_incremental import snapshot, tree
from test_publicedit import DATE, append, build_and_compare, built_or_undone, reason

from gkssg.build.pipeline import BuildFailed, build_site


def _number(path: Path) -> int:
    return int(re.search(r"d(\d+)\.md$", path.name).group(1))


def related_docs(site: Path) -> dict[str, list[Path]]:
    """The generated documents by how they relate (sitegen.document)."""
    docs = sorted((site / FOLDER).glob("d*.md"))
    return {
        "interpretation": [p for p in docs if _number(p) % 10 == 9],
        "interpreted": [p for p in docs if _number(p) % 10 == 8],
        "normative": [p for p in docs if _number(p) % 5 == 0 and _number(p) % 20],
        "replaced": [p for p in docs if _number(p) % 20 == 0 and _number(p) + 4 < len(docs)],
        "replacing": [p for p in docs if _number(p) % 20 == 4],
    }


@pytest.mark.parametrize("seed", [3, 4])
def test_body_edits_of_related_documents_take_the_path_and_build_what_a_clean_build_builds(tmp_path, seed, capsys):
    site = generate(tmp_path / "site", 40, body_chars=200, seed=seed)
    rng = random.Random(seed)
    build_site(site, site / "public", DATE, jobs=1)
    kinds = related_docs(site)
    fast, taken = 0, set()
    for step in range(8):
        saved, before = snapshot(site), tree(site / "public")
        kind = rng.choice(sorted(kinds))
        path = rng.choice(kinds[kind])
        append(path, f"\n补充说明第{step}条：{rng.choice(['明确责任分工', '加强统筹协调', '严格监督检查'])}。\n")
        result = built_or_undone(site, tmp_path, saved, before)
        if result is not None and result.fast:
            fast += 1
            taken.add(kind)
            assert "load" not in result.timings and result.rendered >= 1
    assert fast >= 6, reason(capsys)
    assert len(taken) >= 3, taken


def _image_interpretation(site: Path) -> Path:
    """The first generated 政策解读 made a 图片 interpretation whose image is in its body."""
    path = related_docs(site)["interpretation"][0]
    (path.parent / "tujie.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    text = path.read_text(encoding="utf-8").replace("体裁分类: 政策解读", "体裁分类: 政策解读\n解读形式: 图片")
    path.write_text(text + "\n![一图读懂](tujie.png)\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("edit, code", [("image removed", "GK846"), ("alt removed", "GK842")])
def test_a_body_edit_that_breaks_an_image_interpretation_fails_as_the_full_build_fails(tmp_path, edit, code):
    site = generate(tmp_path / "site", 20, body_chars=200, seed=5)
    path = _image_interpretation(site)
    build_site(site, site / "public", DATE, jobs=1)
    before = tree(site / "public")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n![一图读懂](tujie.png)\n", "\n" if edit == "image removed" else
                                 "\n![](tujie.png)\n"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(site, site / "public", DATE, jobs=1)
    assert failed.value.result.fast  # answered on the mini-site with its policy, not by the full build
    assert any(f.code == code and f.file.endswith(path.name) for f in failed.value.result.findings.items)
    assert tree(site / "public") == before
    with pytest.raises(BuildFailed) as clean:
        build_site(site, tmp_path / "clean", DATE, jobs=1, clean=True, use_cache=False)
    assert failed.value.result.findings.sorted() == clean.value.result.findings.sorted()


def test_a_front_matter_edit_of_a_related_document_is_still_refused(tmp_path, capsys):
    site = generate(tmp_path / "site", 20, body_chars=200, seed=6)
    build_site(site, site / "public", DATE, jobs=1)
    path = related_docs(site)["interpretation"][0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("体裁分类: 政策解读", "体裁分类: 政策解读\n关键词: 解读"), encoding="utf-8")
    result = build_and_compare(site, tmp_path)
    assert not result.fast and "原有替代、修改、解读关系" in reason(capsys)


def test_a_body_edit_of_a_real_normative_document_takes_the_path(tmp_path):
    """tests/real's 黔江区 行政规范性文件 (the seeds' 003, counted by the annual reports): a correction
    appended to its body is built on the one-edit path and equals a clean build."""
    import datetime as dt
    import shutil

    from test_incremental import assert_same, clean_build

    site = tmp_path / "real"
    shutil.copytree(Path(__file__).parent / "real", site,
                    ignore=shutil.ignore_patterns("public", ".gkssg", ".public.*"))
    day = dt.date(2026, 12, 6)
    build_site(site, site / "public", day, jobs=1)
    append(site / "content" / "qjqzf" / "2017-00861.md", "\n（本文件正文校对：更正一处标点。）\n")
    result = build_site(site, site / "public", day, jobs=1)
    assert result.fast and result.rendered >= 1
    assert clean_build(site, day, tmp_path / "clean") is not None
    assert_same(site / "public", tmp_path / "clean")
