"""The demo site end to end: its output is IPv6-ready, `gkssg bundle` packs it, planted problems are caught."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_demo

from gkssg.build.pipeline import build_site
from gkssg.commands.bundle import bundle_command
from gkssg.deploy import ipv6
from gkssg.findings import Findings
from gkssg.load.site import load_site

REPO = Path(__file__).resolve().parents[1]
DOC = "content/cqszfbgt/2019-90001.md"


@pytest.fixture
def demo(tmp_path) -> Path:
    return copy_demo(tmp_path / "site")


def plant(site: Path, text: str) -> int:
    """Append a paragraph to a demo document; return its line number in the file."""
    path = site / DOC
    body = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(body + text + "\n", encoding="utf-8")
    return body.count("\n") + 1


def test_demo_output_has_no_ipv4_literal_or_third_party_resource(demo, tmp_path):
    result = build_site(demo, tmp_path / "out", None)
    site, _ = load_site(demo)
    report = ipv6.scan_output(result.out, site.info.base_url)
    assert report.files_scanned > 10
    assert [p for p in report.problems if p.severity == "error"] == []


def test_check_catches_a_third_party_image_planted_in_content(demo):
    line = plant(demo, "![示意图](https://img.example.com/a.png)")
    site, _ = load_site(demo)
    findings = Findings()
    ipv6.check(site, findings)
    findings.extend(ipv6.check_documents(site))  # the per-document part (cached per document in builds)
    assert [(f.code, f.file, f.line) for f in findings.items] == [("GK781", DOC, line)]


def test_bundle_command_packs_the_demo_into_dist(demo):
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--date", "2026-11-23"])
    assert result.exit_code == 0, result.output
    [bundle] = (demo / "dist").glob("www.example.gov.cn-r-*.tar.gz")
    with tarfile.open(bundle) as tar:
        names = tar.getnames()
    assert "site/index.html" in names and "site/index.html.gz" in names and "nginx/gkssg.conf" in names
    assert "已生成部署包" in result.output


def test_bundle_command_stops_on_an_ipv4_link_planted_in_content(demo, tmp_path):
    plant(demo, "详见[内网系统](http://10.12.0.8/gk/index.html)。")
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(tmp_path / "b.tar.gz")])
    # caught by the link rules before the build (GK730), or else by the output scan (GK780)
    assert result.exit_code == 1 and ("GK730" in result.output or "GK780" in result.output)
    assert not (tmp_path / "b.tar.gz").exists()


def test_bundle_command_refuses_a_third_party_script_in_the_output_unless_forced(demo, tmp_path):
    assert CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(tmp_path)]).exit_code == 0
    index = demo / "public" / "index.html"
    page = index.read_text(encoding="utf-8")
    index.write_text(page.replace("</head>", '<script src="https://cdn.example.com/a.js"></script></head>', 1),
                     encoding="utf-8")
    out = tmp_path / "b.tar.gz"
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(out), "--no-build"])
    assert result.exit_code == 1 and "GK781" in result.output and "未生成部署包" in result.output
    assert not out.exists()
    forced = CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(out), "--no-build", "--force"])
    assert forced.exit_code == 0, forced.output
    with tarfile.open(out) as tar:
        assert "GK781" in tar.extractfile("ipv6-report.md").read().decode()


def test_bundle_no_build_needs_an_earlier_build(demo):
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--no-build"])
    assert result.exit_code != 0 and "gkssg build" in result.output


def test_bundle_out_naming_a_folder_puts_the_bundle_inside_it_with_its_default_name(demo, tmp_path):
    """issue 16 (Low): `--out dir/` wrote a file named `dir`."""
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--date", "2026-11-23",
                                                 "--out", str(tmp_path / "新目录") + "/"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "新目录").is_dir()
    [bundle] = (tmp_path / "新目录").glob("www.example.gov.cn-r-*.tar.gz")
    (tmp_path / "已有").mkdir()
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--no-build", "--out", str(tmp_path / "已有")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "已有").iterdir()] == [bundle.name]




def test_bundle_no_build_refuses_an_output_built_for_a_future_date(demo, tmp_path):
    """hostile a18 (High): a preview build for 2099 then `bundle --no-build` shipped the future document."""
    text = (demo / DOC).read_text(encoding="utf-8")
    text = re.sub(r"^发布日期: *\S+", "发布日期: 2099-01-01", text, count=1, flags=re.M)
    text = re.sub(r"^(索引号: *\S+?)(\d+)$", lambda m: m.group(1) + "99991", text, count=1, flags=re.M)
    (demo / "content" / "cqszfbgt" / "2099-99991.md").write_text(text + "\nFUTURE-SECRET\n", encoding="utf-8")
    build_site(demo, demo / "public", dt.date(2099, 6, 1))
    assert (demo / "public" / "docs" / "11500000009275780L-2019-99991.html").is_file()  # the preview has it
    out = tmp_path / "b.tar.gz"
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(out), "--no-build"])
    assert result.exit_code == 2 and "GK056" in result.output and "2099-06-01" in result.output, result.output
    assert not out.exists()
    built = CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(out)])  # builds for today
    assert built.exit_code == 0, built.output
    with tarfile.open(out) as tar:
        assert not any(b"FUTURE-SECRET" in tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())


@pytest.mark.parametrize("planted", ["evil.html", "files/planted.png"])
def test_bundle_no_build_refuses_a_file_the_last_build_did_not_write(demo, tmp_path, planted):
    """hostile a18 (Medium): files planted by hand in public/ were packed."""
    assert CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(tmp_path)]).exit_code == 0
    (demo / "public" / planted).write_bytes(b"<script>alert(1)</script>")
    out = tmp_path / "b.tar.gz"
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(out), "--no-build"])
    assert result.exit_code == 2 and "GK056" in result.output and planted in result.output, result.output
    assert not out.exists()


def test_bundle_no_build_refuses_an_output_missing_a_file_or_without_a_manifest(demo, tmp_path):
    assert CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(tmp_path)]).exit_code == 0
    (demo / "public" / "sitemap.xml").unlink()
    out = tmp_path / "b.tar.gz"
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(out), "--no-build"])
    assert result.exit_code == 2 and "GK056" in result.output and "sitemap.xml" in result.output, result.output
    shutil.rmtree(demo / ".gkssg")
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(out), "--no-build"])
    assert result.exit_code == 2 and "GK056" in result.output, result.output
    assert not out.exists()


def test_bundle_no_build_packs_the_files_of_a_normal_build(demo, tmp_path):
    build_site(demo, demo / "public", None)
    out = tmp_path / "b.tar.gz"
    result = CliRunner().invoke(bundle_command, ["--site", str(demo), "--out", str(out), "--no-build"])
    assert result.exit_code == 0, result.output
    with tarfile.open(out) as tar:
        assert "site/index.html" in tar.getnames()
