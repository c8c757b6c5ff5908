"""A new user's round with material the tests had not seen (issue 17): 平潭综合实验区's 行政规范性文件.

tests/real/pingtan/ is what a web team has after `gkssg init` and copying ten published 规范性文件 with their
metadata exactly as www.pingtan.gov.cn shows it (sources in each file). Every finding `gkssg check` gives under
the default settings is listed here with the reason it is the published page's, not gkssg's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import check_json

from gkssg import codes

SITE = Path(__file__).resolve().parent / "real" / "pingtan"

NO_TOPIC = ("content/xfzd/2023-00021.md", "content/zrzy/2023-00067.md", "content/zrzy/2023-00110.md",
            "content/zrzy/2023-00102.md", "content/jtjs/2023-00078.md", "content/xzsp/2023-00039.md",
            "content/gwh/2024-00189.md", "content/gwh/2025-00660.md", "content/zfgzb/2023-00038.md")
# 索引号 year 2023 on documents written and published in 2016, 2019, 2021 and 2022: the column was re-catalogued
# in 2023 (the archived pages link files uploaded in August 2023) and the old documents got 2023 numbers.
OLD_IN_2023 = ("content/xfzd/2023-00021.md", "content/zrzy/2023-00067.md", "content/zrzy/2023-00102.md",
               "content/jtjs/2023-00078.md", "content/xzsp/2023-00039.md")
EXPECTED = {
    # 主题分类 published as "无" (nine pages): the page has no topic, and 主题分类 is required (DOMAIN.md §2, §6).
    *(("error", "GK205", path) for path in NO_TOPIC),
    # 主题分类 published empty (filled by a script the archive did not run).
    ("error", "GK201", "content/lywt/2024-00143.md"),
    *(("warning", "GK306", path) for path in OLD_IN_2023),
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
