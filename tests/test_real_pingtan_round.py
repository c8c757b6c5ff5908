"""A new user's round with material the tests had not seen (issue 17): 平潭综合实验区's 行政规范性文件.

tests/real/pingtan/ is what a web team has after `gkssg init` and copying four published 规范性文件 with their
metadata exactly as www.pingtan.gov.cn shows it (sources in each file). Every finding `gkssg check` gives under
the default settings is listed here with the reason it is the published page's, not gkssg's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import check_json

from gkssg import codes

SITE = Path(__file__).resolve().parent / "real" / "pingtan"

EXPECTED = {
    # 主题分类 published as "无": the page has no topic, and 主题分类 is required (DOMAIN.md §2, §6).
    ("error", "GK205", "content/xfzd/2023-00021.md"),
    ("error", "GK205", "content/zrzy/2023-00067.md"),
    ("error", "GK205", "content/zrzy/2023-00110.md"),
    # 主题分类 published empty (filled by a script the archive did not run).
    ("error", "GK201", "content/lywt/2024-00143.md"),
    # 索引号 year 2023 on documents written and published in 2022 (the column was re-catalogued in 2023).
    ("warning", "GK306", "content/xfzd/2023-00021.md"),
    ("warning", "GK306", "content/zrzy/2023-00067.md"),
}


def test_the_fujian_index_number_shape_is_accepted_by_default():
    # 单位代码-分类号-年份-流水号, as 福建 sites write it: PZ00101-1700-2023-00021.
    for number in ("PZ00101-1700-2023-00021", "PZ00101-0200-2024-00143"):
        parsed = codes.parse_index_no(number)
        assert parsed and parsed.year == int(number.split("-")[2])


def test_every_finding_on_the_pingtan_documents_is_the_published_pages(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITE, root, ignore=shutil.ignore_patterns(".gkssg"))
    _, report = check_json(root)
    found = {(f["severity"], f["code"], f["file"]) for f in report["findings"] if f["severity"] != "info"}
    assert found == EXPECTED
    for finding in report["findings"]:
        if finding["code"] == "GK205":
            assert "写作“无”" in finding["message"] and "extra_topics" not in finding["message"]
