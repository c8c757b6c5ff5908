"""GK019: a folder catalog.yaml declares for an agency's documents (`folders:`) that is gone, is a file, or
lies outside content/. Its documents were simply not read: an agency's folder deleted shrank the demo from
46 pages to 9 with check and build both rc 0 (hostile round 32, row 8)."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import MINIMAL_CATALOG, check_json, copy_demo, document, run_gkssg, write_site

from gkssg.load.config import load_catalog

DATE = "2026-12-07"
QJ_LINE = MINIMAL_CATALOG.splitlines().index("    folders: [content/qj]") + 1


def gk019(site):
    _, findings = load_catalog(site)
    return [f for f in findings.items if f.code == "GK019"]


def docs(site):
    return sorted(p.name for p in (site / "public" / "docs").glob("*.html"))


def test_a_declared_folder_that_is_gone_is_an_error_on_its_catalog_line(tmp_path):
    site = write_site(tmp_path / "s", {"content/cq/a.md": document()})
    shutil.rmtree(site / "content" / "qj")
    [finding] = gk019(site)
    assert (finding.file, finding.line, finding.severity) == ("catalog.yaml", QJ_LINE, "error")
    assert "重庆市黔江区人民政府" in finding.message and "content/qj" in finding.message and "不存在" in finding.message
    assert ".gitkeep" in finding.message and "删去这一项" in finding.message  # the fixes


def test_an_empty_declared_folder_is_an_agency_with_nothing_yet(tmp_path):
    site = write_site(tmp_path / "s", {"content/cq/a.md": document()})
    assert (site / "content" / "qj").is_dir() and not any((site / "content" / "qj").iterdir())
    assert gk019(site) == []


def test_a_declared_folder_that_is_a_file_or_outside_content_is_an_error(tmp_path):
    site = write_site(tmp_path / "s", {"content/cq/a.md": document()})
    shutil.rmtree(site / "content" / "qj")
    (site / "content" / "qj").write_text("not a folder", encoding="utf-8")
    [finding] = gk019(site)
    assert finding.line == QJ_LINE and "不是文件夹" in finding.message
    outside = write_site(tmp_path / "o", {"content/cq/a.md": document(), "qj/b.md": document()},
                         MINIMAL_CATALOG.replace("folders: [content/qj]", "folders: [qj]"))
    [finding] = gk019(outside)
    assert finding.line == QJ_LINE and "不在内容目录 content/ 下" in finding.message


def test_without_content_only_gk119_speaks(tmp_path):
    site = write_site(tmp_path / "s", {})
    shutil.rmtree(site / "content")
    status, report = check_json(site, "--date", DATE)
    codes = {f["code"] for f in report["findings"]}
    assert status != 0 and "GK119" in codes and "GK019" not in codes


def test_an_agency_folder_deleted_from_a_built_site_stops_check_and_build(tmp_path):
    """The round's reproduction: the demo built (46 pages), content/ysq deleted: check and build refused it,
    the output stays as it was."""
    site = copy_demo(tmp_path / "demo")
    assert run_gkssg("build", "--site", str(site), "--date", DATE).returncode == 0
    before = docs(site)
    assert len(before) >= 40
    shutil.rmtree(site / "content" / "ysq")
    line = (site / "catalog.yaml").read_text(encoding="utf-8").splitlines().index("    folders: [content/ysq]") + 1
    status, report = check_json(site, "--date", DATE)
    found = [(f["file"], f["line"]) for f in report["findings"] if f["code"] == "GK019"]
    assert status != 0 and found == [("catalog.yaml", line)], report["findings"][:5]
    proc = run_gkssg("build", "--site", str(site), "--date", DATE)
    assert proc.returncode == 1 and "GK019" in proc.stdout + proc.stderr
    assert docs(site) == before


def test_a_fresh_checkout_whose_agency_folders_are_missing_does_not_build(tmp_path):
    """No output to compare with (a fresh clone in CI, GK120 cannot speak): the declared folders still do."""
    site = copy_demo(tmp_path / "demo")
    shutil.rmtree(site / "content" / "ysq")
    proc = run_gkssg("build", "--site", str(site), "--date", DATE)
    assert proc.returncode == 1 and "GK019" in proc.stdout and not (site / "public").exists()


def test_content_emptied_under_a_built_site_is_said_once_by_gk120(tmp_path):
    """Every agency's folder gone with content/ (unmounted): GK120 says why, not one GK019 per agency;
    --allow-empty, the empty site on purpose, builds."""
    site = write_site(tmp_path / "s", {"content/cq/a.md": document()})
    assert run_gkssg("build", "--site", str(site), "--date", DATE).returncode == 0
    for child in (site / "content").iterdir():
        shutil.rmtree(child)
    status, report = check_json(site, "--date", DATE)
    codes = [f["code"] for f in report["findings"]]
    assert status == 1 and "GK120" in codes and "GK019" not in codes, codes
    assert run_gkssg("build", "--site", str(site), "--date", DATE, "--allow-empty").returncode == 0


def test_check_changed_reports_the_declared_folder_too(tmp_path):
    from conftest import git
    site = write_site(tmp_path / "s", {"content/cq/a.md": document(), "content/qj/b.md": document(
        标题="重庆市黔江区人民政府关于测试的通知", 索引号="11500114009130039C/2019-00001", 发布机构="重庆市黔江区人民政府",
        发文字号="黔江府发〔2019〕1号")})
    (site / ".gitignore").write_text("public/\n.gkssg/\n", encoding="utf-8")
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "x")
    assert run_gkssg("check", "--site", str(site), "--date", DATE).returncode == 0
    shutil.rmtree(site / "content" / "qj")
    status, report = check_json(site, "--date", DATE, "--changed")
    assert status != 0 and [f["line"] for f in report["findings"] if f["code"] == "GK019"] == [QJ_LINE]


@pytest.mark.parametrize("name", ["历年文件.zip", "旧版.pdf"])
@pytest.mark.parametrize("layout", ["dangling", "loop"])
def test_a_folder_link_named_like_an_attachment_that_leads_nowhere_is_said(tmp_path, name, layout):
    """Round 32, row 23: content/ysq/历年文件.zip, a folder of 5 documents, became a dangling or looping link: the
    walk judged only links not named like an attachment, no document names it, and 46 pages became 41 in silence."""
    from gkssg.load.site import load_site
    site = write_site(tmp_path / "s", {"content/cq/a.md": document()})
    link = site / "content" / "cq" / name
    os.symlink(tmp_path / "nowhere" / "mnt" if layout == "dangling" else link, link)
    _, findings = load_site(site)
    said = [(f.code, f.file, f.severity) for f in findings.items if f.code in ("GK705", "GK114")]
    assert said == [("GK705" if layout == "dangling" else "GK114", f"content/cq/{name}", "error")], findings.items


def test_a_link_to_an_attachment_that_is_there_is_no_finding(tmp_path):
    from gkssg.load.site import load_site
    site = write_site(tmp_path / "s", {"content/cq/a.md": document(), "content/cq/files/real.pdf": b"%PDF-1.4\n"})
    os.symlink("files/real.pdf", site / "content" / "cq" / "linked.pdf")
    _, findings = load_site(site)
    assert [f for f in findings.items if f.code in ("GK705", "GK114")] == []


def test_gkssg_search_still_finds_what_is_there_when_a_declared_folder_is_gone(tmp_path):
    site = write_site(tmp_path / "s", {"content/cq/a.md": document()})
    shutil.rmtree(site / "content" / "qj")
    proc = run_gkssg("search", "测试", "--site", str(site), "--date", DATE)
    assert proc.returncode == 0 and "重庆市人民政府办公厅关于测试的通知" in proc.stdout, proc.stdout + proc.stderr


def test_check_out_says_what_it_cannot_compare_with(tmp_path):
    """Hostile round 35a, rows 54 and 55: `check --out` with a missing folder (a typo), /proc, the site's content/,
    or a symlink loop said nothing and turned GK120's large-drop check off. A folder that is not there is a
    note (GK120 info: a first build has no output yet); one `build --out` would refuse gets that refusal (GK050/GK051,
    a usage error: exit 2); the site's own output, named or not, nothing."""
    site = write_site(tmp_path / "s", {"content/cq/a.md": document()})
    (tmp_path / "loop").symlink_to(tmp_path / "loop")

    def said(out):
        status, report = check_json(site, *(["--out", str(out)] if out else []))
        return status, [(f["code"], f["severity"]) for f in report["findings"] if f["code"] in ("GK120", "GK050", "GK051")]

    status, found = said(tmp_path / "nonexistent" / "www")
    assert status == 0 and found == [("GK120", "info")]
    proc = run_gkssg("check", "--site", str(site), "--date", "2026-11-01", "--out", str(tmp_path / "typo"))
    assert "GK120" in proc.stdout and "输出目录" in proc.stdout and "不存在" in proc.stdout and "--out" in proc.stdout
    for out, code in ((site / "content", "GK050"), ("/proc", "GK051"), (tmp_path / "loop", "GK051")):
        assert said(out) == (2, [(code, "error")]), out
    assert run_gkssg("build", "--site", str(site), "--date", "2026-11-01", "--out", str(tmp_path / "www")).returncode == 0
    assert said(tmp_path / "www") == (0, []) and said(None) == (0, [])
