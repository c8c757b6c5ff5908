"""The labels real pages print for 有效性, copied with their metadata tables (tests/real, round of 2026-12-07c): 公文时效
(内蒙古自治区政务服务与数据管理局's 内政数发〔2025〕21号, content/nmgzsj; 铜川市's 清理结果公告, content/tcszfb), 时效性
(泸西县午街铺镇, content/lxwjpz), 时效 (宿迁市). Each was an unknown field (GK110, an error) before; now each is 有效性."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import declared_folders

from gkssg.build.pipeline import load_and_check

REAL = Path(__file__).resolve().parent / "real"


@pytest.mark.parametrize("label", ["公文时效", "时效性", "时效"])
def test_a_real_pages_label_for_validity_is_read_as_validity(tmp_path, label):
    root = tmp_path / "site"
    (root / "content" / "nmgzsj").mkdir(parents=True)
    shutil.copy(REAL / "catalog.yaml", root / "catalog.yaml")
    declared_folders(root)  # the other agencies' folders, empty (GK019)
    text = (REAL / "content/nmgzsj/2025-03582.md").read_text("utf-8")
    assert "\n有效性: 有效\n" in text
    (root / "content/nmgzsj/2025-03582.md").write_text(text.replace("\n有效性: 有效\n", f"\n{label}: 有效\n"), "utf-8")
    site, findings = load_and_check(root, dt.date(2026, 12, 7))
    assert not [f for f in findings.items if f.severity == "error"], findings.sorted()
    assert [d.validity for d in site.documents] == ["有效"]
