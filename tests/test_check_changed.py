"""`gkssg check --changed`: a department's check is about its submission (issue 17, item 7).

It fails on findings in the changed files and on cross-document findings they cause (a
duplicate 索引号 with an unchanged file, a broken link to a renamed file, a column the
submission made stale). Site-level conditions the submission did not cause (the single-veto
line, empty or stale columns) are warnings there and stay errors in the full check.
"""

from __future__ import annotations

import json

from conftest import document, git, run_gkssg, write_site

DATE = "2026-11-01"

# Five list columns (规划 columns: stale after 365 days), each with a document of its own.
CATALOG = """\
site:
  name: 测试站点
  base_url: https://www.example.gov.cn/
agencies:
  - id: cqszfbgt
    name: 重庆市人民政府办公厅
    credit_code: 11500000009275780L
    folders: [content/cq]
columns:
  - name: 政府信息公开
    slug: zfxxgk
    children:
      - name: 法定主动公开内容
        slug: fdzdgknr
        children:
          - {name: 总体规划, slug: ztgh, update_days: 365}
          - {name: 专项规划, slug: zxgh, update_days: 365}
          - {name: 区域规划, slug: qygh, update_days: 365}
          - {name: 年度计划, slug: ndjh, update_days: 365}
          - {name: 空间规划, slug: kjgh, update_days: 365}
"""
COLUMNS = ("总体规划", "专项规划", "区域规划", "年度计划", "空间规划")


def column_doc(number: int, column: str, published: str = "2019-06-28", body: str = "正文第一段。\n") -> str:
    return document(body, 标题=f"第{number}号文件", 索引号=f"11500000009275780L/2019-0000{number}",
                    发布日期=published, 公开路径=[f"政府信息公开>法定主动公开内容>{column}"])


def committed_site(site_dir, published=("2019-06-28",) * 5, extra=None):
    files = {f"content/cq/{n}.md": column_doc(n, column, published[n - 1])
             for n, column in enumerate(COLUMNS, start=1)}
    files.update(extra or {})
    write_site(site_dir, files, CATALOG)
    git(site_dir, "init", "-q")
    git(site_dir, "add", "-A")
    git(site_dir, "commit", "-qm", "base")


def check(site_dir, *extra):
    proc = run_gkssg("check", "--site", str(site_dir), "--format", "json", "--date", DATE, *extra)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def codes(report, severity):
    return {f["code"] for f in report["findings"] if f["severity"] == severity}


def test_a_veto_line_the_submission_did_not_cause_is_a_warning_in_changed_and_an_error_in_full(site_dir):
    committed_site(site_dir)  # five stale columns before the department's edit: GK513
    (site_dir / "content/cq/1.md").write_text(
        column_doc(1, "总体规划", body="正文第一段（更正错别字）。\n"), encoding="utf-8")
    code, report = check(site_dir, "--changed")
    assert code == 0, report
    assert "GK513" in codes(report, "warning") and "GK513" not in codes(report, "error")
    veto = next(f for f in report["findings"] if f["code"] == "GK513")
    assert "本次提交" in veto["message"] and "gkssg check" in veto["message"]
    full_code, full = check(site_dir)
    assert full_code == 1 and "GK513" in codes(full, "error")


def test_a_veto_line_the_submission_causes_stays_an_error(site_dir):
    committed_site(site_dir, published=("2019-06-28",) * 4 + ("2026-10-20",))  # four stale: no veto yet
    assert "GK513" not in codes(check(site_dir)[1], "error")
    # the department re-dates the one fresh document: now five columns are stale
    (site_dir / "content/cq/5.md").write_text(column_doc(5, "空间规划", "2019-06-28"), encoding="utf-8")
    code, report = check(site_dir, "--changed")
    assert code == 1 and "GK513" in codes(report, "error")


def test_a_broken_link_in_an_unchanged_file_to_a_renamed_file_fails_the_submission(site_dir):
    linking = column_doc(1, "总体规划", body="详见[第2号文件](2.md)。\n")
    committed_site(site_dir, published=("2026-10-20",) * 5)
    (site_dir / "content/cq/1.md").write_text(linking, encoding="utf-8")
    git(site_dir, "commit", "-qam", "link")
    git(site_dir, "mv", "content/cq/2.md", "content/cq/2-renamed.md")
    code, report = check(site_dir, "--changed")
    assert code == 1
    assert {(f["code"], f["file"]) for f in report["findings"] if f["severity"] == "error"} == {
        ("GK711", "content/cq/1.md")}


def test_a_duplicate_index_number_with_an_unchanged_file_fails_the_submission(site_dir):
    committed_site(site_dir, published=("2026-10-20",) * 5)
    (site_dir / "content/cq/6.md").write_text(column_doc(1, "专项规划", "2026-10-21"), encoding="utf-8")
    code, report = check(site_dir, "--changed")
    assert code == 1
    assert ("GK305", "content/cq/6.md") in {(f["code"], f["file"]) for f in report["findings"]}


def test_an_error_already_in_an_unchanged_file_is_not_the_submissions(site_dir):
    broken = column_doc(1, "总体规划", "2026-10-20", body="详见[旧文件](gone.md)。\n")
    committed_site(site_dir, published=("2026-10-20",) * 5, extra={"content/cq/1.md": broken})
    assert check(site_dir)[0] == 1  # GK711 in the full check
    (site_dir / "content/cq/2.md").write_text(
        column_doc(2, "专项规划", "2026-10-20", body="正文（更正）。\n"), encoding="utf-8")
    code, report = check(site_dir, "--changed")
    assert code == 0, report
    assert all(f["file"] != "content/cq/1.md" for f in report["findings"])
