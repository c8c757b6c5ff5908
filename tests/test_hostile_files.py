"""Files an unlucky user hands over (issue 16, item 8): symlink loops, GB18030 catalog.yaml, file names
that are not UTF-8. check and build both answer with a Chinese message naming file and line."""

from __future__ import annotations

import os

import pytest
from conftest import MINIMAL_CATALOG, check_json, document, run_gkssg, write_site


def check_and_build(site):
    """(check's JSON findings, build's stdout+stderr); neither may print a traceback."""
    status, report = check_json(site)
    proc = run_gkssg("build", "--site", str(site), "--date", "2026-11-01")
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert proc.returncode == status == 1, (status, proc.returncode, proc.stdout + proc.stderr)
    return report["findings"], proc.stdout + proc.stderr


@pytest.mark.parametrize("kind", ["document", "attachment", "image"])
def test_a_symlink_loop_is_reported_by_check_and_build(site_dir, kind):
    text = {"document": document(), "attachment": document(附件=["loop.pdf"]),
            "image": document("![图](loop.png)\n")}[kind]
    write_site(site_dir, {"content/cq/a.md": text})
    loop = {"document": "content/cq/self.md", "attachment": "content/cq/loop.pdf", "image": "content/cq/loop.png"}[kind]
    os.symlink(os.path.basename(loop), site_dir / loop)
    os.symlink("dirloop", site_dir / "content/cq/dirloop")  # a folder loop: never entered, said (round 30, row 5)
    findings, output = check_and_build(site_dir)
    where = {"document": ("content/cq/self.md", 0), "attachment": ("content/cq/a.md", 12),
             "image": ("content/cq/a.md", 13)}[kind]
    looped = [f for f in findings if "循环的符号链接" in f["message"]]
    # the loop itself too, where the walk of content/ meets it: once dangling or looping, a link named like an
    # attachment may have been a folder of documents (round 32, row 23)
    itself = [] if kind == "document" else [(loop, 0)]
    assert sorted((f["file"], f["line"]) for f in looped) == sorted([where, ("content/cq/dirloop", 0), *itself])
    assert looped[0]["code"] in ("GK114", "GK723") and "循环的符号链接" in output


def test_a_document_file_name_that_is_not_utf8_is_refused_by_check_and_build(site_dir):
    write_site(site_dir, {"content/cq/a.md": document()})
    bad = os.fsencode(site_dir / "content/cq") + "/公开.md".encode("gbk")  # 通知 in GBK happens to be valid UTF-8
    with open(bad, "wb") as fh:
        fh.write(document(索引号="11500000009275780L/2019-00002").encode())
    os.mkdir(os.fsencode(site_dir / "content/cq") + "/附件".encode("gbk"))
    findings, output = check_and_build(site_dir)
    refused = [f for f in findings if f["code"] == "GK115"]
    assert len(refused) == 2 and all(f["file"].startswith("content/cq/") for f in refused)
    assert "UTF-8" in refused[0]["message"] and "GK115" in output


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_a_catalog_in_gb18030_is_named_with_the_command_to_convert_it(site_dir, encoding):
    write_site(site_dir, {"content/cq/a.md": document()})
    (site_dir / "catalog.yaml").write_bytes(MINIMAL_CATALOG.encode(encoding))
    status, report = check_json(site_dir)
    proc = run_gkssg("build", "--site", str(site_dir), "--date", "2026-11-01")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert status == 2 and proc.returncode in (1, 2)
    found = [f for f in report["findings"] if f["code"] == "GK002"]
    assert found and found[0]["file"] == "catalog.yaml" and "iconv" in found[0]["message"]
    assert found[0]["line"] == 2  # the first line that is not ASCII


def test_a_full_width_colon_in_catalog_is_explained(site_dir):
    write_site(site_dir, {"content/cq/a.md": document()},
               catalog=MINIMAL_CATALOG.replace("  name: 测试站点", "  name：测试站点"))
    status, report = check_json(site_dir)
    found = [f for f in report["findings"] if f["file"] == "catalog.yaml" and f["severity"] == "error"]
    assert status == 2 and found and found[0]["line"] == 2 and "全角冒号" in found[0]["message"]
