"""Fixes of hostile round 32 (scripts/attacks/REPORT32.md): GK120 judged on the documents a build would publish
(row 3: `--date 2000-01-01` emptied a built site with rc 0), in `check --changed` (row 4) and in `gkssg bundle`
(row 5: a fresh clone with its content/ submodule not checked out bundled an empty site); GK713 for a
reference-style image naming a document (row 17); a hidden folder declared in catalog.yaml (row 22: 46 → 9 pages,
rc 0)."""

from __future__ import annotations

import re
import shutil
import tarfile

from conftest import check_json, git, run_gkssg
from test_harden31 import DATE, build, demo_with_ids_outside, tree


def test_a_build_date_that_publishes_nothing_does_not_replace_a_site(tmp_path):
    site = demo_with_ids_outside(tmp_path / "site")
    assert build(site).returncode == 0
    before = tree(site / "public")
    done = run_gkssg("build", "--site", str(site), "--date", "2000-01-01", "-j", "1")
    assert done.returncode == 1 and "GK120" in done.stdout + done.stderr
    assert "构建日期" in done.stdout and "2000-01-01" in done.stdout
    assert tree(site / "public") == before
    status, report = check_json(site, "--date", "2000-01-01")
    assert status == 1 and [f["code"] for f in report["findings"] if f["severity"] == "error"] == ["GK120"]
    assert run_gkssg("build", "--site", str(site), "--date", "2000-01-01", "-j", "1", "--allow-empty").returncode == 0


def test_check_changed_says_what_the_build_refuses_when_content_is_emptied(tmp_path):
    site = demo_with_ids_outside(tmp_path / "site")
    assert build(site).returncode == 0
    (site / ".gitignore").write_text("public/\n.gkssg/\n", encoding="utf-8")
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")
    for path in (site / "content").rglob("*.md"):
        path.unlink()
    status, report = check_json(site, "--date", DATE, "--changed")
    assert status == 1 and "GK120" in [f["code"] for f in report["findings"]], report["findings"][:3]


def test_a_bundle_of_a_site_without_documents_is_refused_unless_allowed(tmp_path):
    site = demo_with_ids_outside(tmp_path / "site")  # a fresh clone: no public/
    shutil.rmtree(site / "content")
    (site / "content").mkdir()
    done = run_gkssg("bundle", "--site", str(site), "--date", DATE, "--out", str(tmp_path / "dist") + "/")
    # each agency's folder declared in catalog.yaml is gone (GK019, round 33): the build stops before the bundle's GK120
    assert done.returncode != 0 and done.stdout.count("GK019") == 6, done.stdout + done.stderr
    assert not list((tmp_path / "dist").glob("*.tar.gz"))
    (site / "content" / "README.md").write_text("# 内容\n", encoding="utf-8")  # a site that declares no folder:
    catalog = site / "catalog.yaml"  # the bundle's own GK120 (no document page to install)
    catalog.write_text(re.sub(r"\n    folders: \[[^\]]*\]", "", catalog.read_text(encoding="utf-8")), encoding="utf-8")
    done = run_gkssg("bundle", "--site", str(site), "--date", DATE, "--out", str(tmp_path / "dist") + "/")
    assert done.returncode != 0 and "GK120" in done.stderr, done.stdout + done.stderr
    assert not list((tmp_path / "dist").glob("*.tar.gz"))
    done = run_gkssg("bundle", "--site", str(site), "--date", DATE, "--out", str(tmp_path / "dist") + "/",
                     "--allow-empty")
    assert done.returncode == 0, done.stdout + done.stderr
    with tarfile.open(next((tmp_path / "dist").glob("*.tar.gz"))) as bundle:
        assert not [n for n in bundle.getnames() if "/docs/" in n and n.endswith(".html")]


def test_a_reference_style_image_naming_a_document_is_gk713(tmp_path):
    site = demo_with_ids_outside(tmp_path / "site")
    path = site / "content/ysq/2025-90023.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n![乙][r1]\n\n[r1]: doc:ZBJG0003/2021-90001\n", encoding="utf-8")
    status, report = check_json(site, "--date", DATE)
    assert status == 1 and [f["code"] for f in report["findings"] if f["severity"] == "error"] == ["GK713"]
    # the same definition used by a link only is a link
    path.write_text(path.read_text(encoding="utf-8").replace("![乙][r1]", "[乙][r1]"), encoding="utf-8")
    status, report = check_json(site, "--date", DATE)
    assert status == 0, report["findings"][:3]


def test_a_hidden_folder_declared_for_an_agency_is_a_catalog_error(tmp_path):
    site = demo_with_ids_outside(tmp_path / "site")
    (site / "content/ysq").rename(site / "content/.ysq")
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("folders: [content/ysq]", "folders: [content/.ysq]"),
                       encoding="utf-8")
    status, report = check_json(site, "--date", DATE)
    assert status != 0 and "GK013" in [f["code"] for f in report["findings"]], report["findings"][:3]
