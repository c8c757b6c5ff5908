"""`gkssg check` as users and CI run it: output formats, --strict, --changed."""

from __future__ import annotations

import json

from conftest import document, git, run_gkssg, write_site


def test_changed_checks_only_the_files_changed_since_the_revision(site_dir):
    write_site(site_dir, {
        "content/cq/old.md": document(标题="旧文件", 发文字号="渝府办发[2019]71号"),  # warns, but is old
        "content/cq/new.md": document(标题="新文件", 索引号="11500000009275780L/2019-00002"),
    })
    git(site_dir, "init", "-q")
    git(site_dir, "add", "-A")
    git(site_dir, "commit", "-qm", "base")
    (site_dir / "content/cq/new.md").write_text(
        document(标题="新文件", 索引号="11500000009275780L/2019-00002", 发布日期="2019年6月28日"), encoding="utf-8")
    proc = run_gkssg("check", "--site", str(site_dir), "--changed", "--format", "json", "--date", "2026-11-01")
    report = json.loads(proc.stdout)
    files = {f["file"] for f in report["findings"] if f["file"].startswith("content/")}
    assert files == {"content/cq/new.md"}
    assert proc.returncode == 1
    full = json.loads(run_gkssg("check", "--site", str(site_dir), "--format", "json", "--date", "2026-11-01").stdout)
    assert "content/cq/old.md" in {f["file"] for f in full["findings"]}


def test_github_format_prints_workflow_annotations(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(发文字号="渝府办发[2019]71号")})
    proc = run_gkssg("check", "--site", str(site_dir), "--format", "github", "--date", "2026-11-01")
    assert "::warning file=content/cq/a.md,line=4,title=GK402::GK402" in proc.stdout
    assert proc.returncode == 0


def test_strict_makes_warnings_fail(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(发文字号="渝府办发[2019]71号")})
    assert run_gkssg("check", "--site", str(site_dir), "--date", "2026-11-01").returncode == 0
    strict = run_gkssg("check", "--site", str(site_dir), "--strict", "--date", "2026-11-01")
    assert strict.returncode == 1


def test_text_format_groups_by_file_and_ends_with_a_summary(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(发文字号="渝府办发[2019]71号")})
    proc = run_gkssg("check", "--site", str(site_dir), "--date", "2026-11-01")
    lines = proc.stdout.strip().splitlines()
    assert "content/cq/a.md" in lines
    assert lines[-1].startswith("检查完成：0 个错误，") and "个警告" in lines[-1]
    assert any("警告 GK402" in line and "渝府办发〔2019〕71号" in line for line in lines)


def test_text_format_folds_long_runs_of_one_info_rule_but_json_keeps_them_all():
    from gkssg.findings import Findings
    from gkssg.printing import INFO_LINES_PER_RULE, as_json, as_text

    findings = Findings()
    for line in range(10, 20):
        findings.info("GK515", "catalog.yaml", line, f"栏目{line}还没有已发布文件")
    findings.error("GK501", "catalog.yaml", 30, "找不到栏目")
    text = as_text(findings)
    assert text.count("GK515  栏目") == INFO_LINES_PER_RULE
    assert f"另有 {10 - INFO_LINES_PER_RULE} 条同类提示（GK515）" in text and "GK501" in text
    assert len(json.loads(as_json(findings))["findings"]) == 11


def _unescape(text: str) -> str:
    for code, char in (("%0A", "\n"), ("%0D", "\r"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_github_annotations_cannot_be_forged_by_a_file_name():
    from gkssg.findings import Findings
    from gkssg.printing import as_github
    names = ["content/cq/a\n::error file=content/ok.md,line=1::伪造的错误.md", "content/cq/b%0A::x.md",
             "content/cq/c,line=99,title=GK000::.md", "content/cq/d\r::warning::e.md"]
    findings = Findings()
    for name in names:
        findings.warning("GK402", name, 3, "发文字号格式\n::error::伪造 50%")
    lines = as_github(findings).splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == len(names) and len(lines) == len(names) + 1
    for line in annotations:
        head, _, message = line[2:].partition("::")
        kind, _, props = head.partition(" ")
        fields = dict(p.split("=", 1) for p in props.split(","))
        assert kind == "warning" and set(fields) == {"file", "line", "title"} and fields["line"] == "3"
        assert _unescape(fields["file"]) in names
        assert _unescape(message) == "GK402 发文字号格式\n::error::伪造 50%"


def test_github_format_of_a_site_with_a_newline_in_a_file_name(site_dir):
    name = "content/cq/a\n::error file=content/cq/ok.md,line=1::伪造.md"
    write_site(site_dir, {name: document(发文字号="渝府办发[2019]71号")})
    proc = run_gkssg("check", "--site", str(site_dir), "--format", "github", "--date", "2026-11-01")
    assert "Traceback" not in proc.stderr
    forged = [line for line in proc.stdout.splitlines() if line.startswith("::error")]
    assert forged == []
    assert "file=content/cq/a%0A%3A%3Aerror file=content/cq/ok.md%2Cline=1%3A%3A伪造.md" in proc.stdout
