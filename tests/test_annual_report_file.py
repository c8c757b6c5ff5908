"""年报数据文件 (report_file) is read only from inside content/, like an attachment (hostile1 M3)."""

from __future__ import annotations

import os

import pytest
from annual_fixtures import BUILD_DATE, hand_site, load, report_file

from gkssg.features.annual.checks import check
from gkssg.findings import Findings
from gkssg.incremental import renderstamp
from gkssg.load.site import load_site

SECRET_KEY = "OUTSIDE_SECRET_KEY"


def _site(tmp_path, target: str):
    rel, text = report_file(2023, "")
    text = text.replace("年报数据:\n", f"年报数据文件: {target}\n")
    return hand_site(tmp_path, {rel: text}), rel


def _findings(root):
    site, _ = load_site(root, BUILD_DATE)  # a stray .md is a loader error of its own: not asserted here
    findings = Findings()
    check(site, findings)
    return site, findings


@pytest.mark.parametrize("target", ["/etc/passwd", "../../catalog.yaml", "../../outside.yaml", "link.yaml", "loop.yaml"])
def test_a_report_file_outside_content_is_refused_and_never_read(tmp_path, target):
    root, rel = _site(tmp_path, target)
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"{SECRET_KEY}: 1\n", encoding="utf-8")
    (root / "outside.yaml").write_text(f"{SECRET_KEY}: 1\n", encoding="utf-8")
    (root / "content/cq/link.yaml").symlink_to(outside)
    (root / "content/cq/loop.yaml").symlink_to("loop.yaml")
    site, findings = _findings(root)
    [found] = [f for f in findings.items if f.code == "GK922"]
    assert found.file == rel and found.line > 1 and target in found.message and "content/" in found.message
    assert SECRET_KEY not in " ".join(f.message for f in findings.items)
    assert "site" not in " ".join(f.message for f in findings.items if f.code.startswith("GK90"))


@pytest.mark.parametrize("name,text", [("secret.md", "不予公开"), ("secret.yaml", "---\n标题: 内部请示\n公开属性: 不予公开\n---\n")])
def test_a_document_source_is_never_read_as_report_data(tmp_path, name, text):
    root, rel = _site(tmp_path, name)
    (root / "content/cq" / name).write_text(text, encoding="utf-8")
    _site_, findings = _findings(root)
    assert [f for f in findings.items if f.code == "GK922" and "文档源文件" in f.message]
    assert "内部请示" not in " ".join(f.message for f in findings.items)


def test_a_fifo_named_as_report_file_is_refused_without_hanging(tmp_path):
    root, rel = _site(tmp_path, "pipe.yaml")
    os.mkfifo(root / "content/cq/pipe.yaml")
    _site_, findings = _findings(root)
    assert [f for f in findings.items if f.code == "GK922" and "pipe.yaml" in f.message]


def test_a_report_file_inside_content_is_read(tmp_path):
    root, rel = _site(tmp_path, "data/t.yaml")
    (root / "content/cq/data").mkdir()
    (root / "content/cq/data/t.yaml").write_text("表二:\n  x: 1\n", encoding="utf-8")
    _site_, findings = _findings(root)
    assert not [f for f in findings.items if f.code == "GK922"]
    assert [f for f in findings.items if f.code.startswith("GK90") and f.file == "content/cq/data/t.yaml"]


def test_the_render_stamp_never_looks_outside_content(tmp_path, monkeypatch):
    root, rel = _site(tmp_path, "/etc/passwd")
    site, _ = load(root)
    looked = []
    real = renderstamp.stat_text
    monkeypatch.setattr(renderstamp, "stat_text", lambda p: looked.append(str(p)) or real(p))
    renderstamp.key(site, site.documents, renderstamp_fingerprinter(site), "fp", tmp_path / "out")
    assert not [p for p in looked if "passwd" in p]


def renderstamp_fingerprinter(site):
    from gkssg.incremental.fingerprint import Fingerprinter
    return Fingerprinter("fp")
