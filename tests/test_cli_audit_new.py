"""`gkssg audit` and `gkssg new` run as a user runs them (subprocess)."""

import json
from pathlib import Path

from conftest import REPO, run_gkssg, write_site


def seed004() -> Path:
    here = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    return next((here if here.is_dir() else Path("/work/shared/seeds")).glob("004_*"))


def test_gkssg_audit_prints_json_for_the_demo_site():
    proc = run_gkssg("audit", str(seed004()), "--site", str(REPO), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["paths"]) == 28 and sum(data["summary"].values()) == 28


def test_gkssg_audit_reports_columns_a_small_catalogue_lacks(site_dir):
    write_site(site_dir, {})
    proc = run_gkssg("audit", str(seed004()), "--site", str(site_dir))
    assert proc.returncode == 0, proc.stderr
    assert "栏目树中没有的栏目" in proc.stdout and "疫苗接种点" in proc.stdout


def test_gkssg_new_creates_a_document_the_check_accepts(site_dir):
    write_site(site_dir, {})
    proc = run_gkssg("new", "--site", str(site_dir), "--agency", "cqszfbgt", "--title", "关于测试的通知",
                     "--topic", "综合政务", "--genre", "通知", "--path", "规划信息>专项规划", "--date", "2026-10-30")
    assert proc.returncode == 0, proc.stderr
    created = site_dir / "content/cq/2026-00001.md"
    assert created.is_file() and "已创建 content/cq/2026-00001.md" in proc.stdout
    check = run_gkssg("check", "--site", str(site_dir), "--format", "json", "--date", "2026-11-01")
    findings = [f for f in json.loads(check.stdout)["findings"] if f["file"] == "content/cq/2026-00001.md"]
    assert findings == []
