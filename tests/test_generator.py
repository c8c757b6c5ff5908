"""benchmarks/generate.py: synthetic sites that pass every check, build, and are reproducible."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO, run_gkssg

GENERATE = REPO / "benchmarks" / "generate.py"
BUILD_DATE = "2026-11-20"


def generate(out: Path, n: int, *extra: str) -> Path:
    proc = subprocess.run([sys.executable, str(GENERATE), str(n), str(out), *extra],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def front_matters(root: Path) -> list[dict]:
    out = []
    for path in sorted((root / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        out.append(yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n")))
    return out


def test_generated_site_passes_check_with_zero_errors_and_builds(tmp_path):
    site = generate(tmp_path / "site", 200)
    proc = run_gkssg("check", "--site", str(site), "--date", BUILD_DATE, "--format", "json")
    report = json.loads(proc.stdout)
    problems = [f for f in report["findings"] if f["severity"] != "info"]
    assert proc.returncode == 0 and report["errors"] == 0, problems
    assert report["warnings"] == 0, problems
    build = run_gkssg("build", "--site", str(site), "--date", BUILD_DATE)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (site / "public" / "index.html").is_file()
    assert len(list((site / "public" / "docs").glob("*.html"))) >= 190


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path):
    first = tree_digest(generate(tmp_path / "a", 120, "--seed", "7"))
    again = tree_digest(generate(tmp_path / "b", 120, "--seed", "7"))
    other = tree_digest(generate(tmp_path / "c", 120, "--seed", "8"))
    assert first == again
    assert first != other


def test_generated_site_has_exactly_n_documents_with_the_realistic_mix(tmp_path):
    site = generate(tmp_path / "site", 400)
    docs = front_matters(site)
    assert len(docs) == 400
    index_nos = [d["索引号"] for d in docs]
    assert len(set(index_nos)) == 400
    lengths = [len(p.read_text(encoding="utf-8")) for p in (site / "content").rglob("*.md")]
    assert 3000 < sum(lengths) / len(lengths) < 5500  # about 4,000 characters each
    validities = {d.get("有效性") for d in docs}
    assert {"有效", "失效"} <= validities
    assert any("替代文件" in d for d in docs)
    forms = {d.get("解读形式") for d in docs if "解读对象" in d}
    assert forms == {"文字", "图片", "视频"}
    assert any(d["公开属性"] == "依申请公开" for d in docs)
    assert any(str(d["发布日期"]) > BUILD_DATE for d in docs)
    assert any("年报数据" in d for d in docs)
    for doc in docs:
        media = doc.get("媒体")
        if media:
            assert media.get("alt")
        if doc.get("解读形式") == "视频":
            assert media["file"].endswith(".mp4") and media["poster"].endswith(".png")
    assert any("| --- |" in p.read_text(encoding="utf-8") or "|---|" in p.read_text(encoding="utf-8")
               for p in (site / "content").rglob("*.md"))
    manifest = json.loads((site / "generated.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == 400 and manifest["build_date"] == BUILD_DATE


def test_generated_media_placeholders_are_valid_png_and_mp4():
    sys.path.insert(0, str(REPO))
    from benchmarks.generate import MP4, PNG

    assert PNG.startswith(b"\x89PNG\r\n\x1a\n") and PNG.endswith(b"IEND\xaeB`\x82")
    assert MP4[4:8] == b"ftyp" and b"moov" in MP4 and b"mvhd" in MP4


def test_agency_codes_have_valid_check_characters_and_no_long_digit_runs():
    sys.path.insert(0, str(REPO))
    from benchmarks.generate import AGENCIES
    from gkssg.codes import embedded_org_code, is_valid_credit_code, is_valid_org_code

    for number, agency in enumerate(AGENCIES):
        code = agency.credit_code(number)
        if agency.local_code:
            assert code == ""
            continue
        assert is_valid_credit_code(code) and is_valid_org_code(embedded_org_code(code)), code
        assert not any(run.isdigit() and len(run) >= 12 for run in re.split(r"[A-Z]", code)), code


def test_only_documents_published_by_the_build_date_have_attachments(tmp_path):
    """GK726 rejects an attachment that only a 依申请公开 document names, GK727 warns of one of a
    document not yet published: at 1,000 documents the generator wrote one of each, and the search
    benchmark's build failed."""
    site = generate(tmp_path / "site", 1000)
    attached = [m for m in front_matters(site) if m.get("附件")]
    assert len(attached) > 10
    for meta in attached:
        assert meta["公开属性"] == "主动公开", meta["索引号"]
        assert str(meta["发布日期"]) <= BUILD_DATE, meta["索引号"]
