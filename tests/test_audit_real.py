"""gkssg audit on task lists as agencies really write them (tests/real/tasks/, sources in each file)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from factories import make_site

from gkssg.commands.audit import audit, extract_paths, format_text, task_paths
from gkssg.commands.cli import main

TASKS = Path(__file__).resolve().parent / "real" / "tasks"
REPO = Path(__file__).resolve().parents[1]


def read(name: str) -> str:
    return (TASKS / name).read_text(encoding="utf-8")


def test_half_width_colon_comma_and_numbered_alternatives_of_a_real_list():
    # 重庆市文化旅游委: "(公开路径:1.政府网站>…>预算/决算,2.政务新媒体、…(以下简称其他渠道))" and
    # "(公开路径:1.政府网站>政府信息公开目录>疫情防控>重要政策/政策解读,2.其他渠道)".
    paths = {t.path: t.lines for t in task_paths(read("cq-whlyw-2021.txt"), None)}
    assert paths == {"政府信息公开>法定主动公开内容>预算/决算": [18],
                     "政府信息公开目录>疫情防控>重要政策": [24], "政府信息公开目录>疫情防控>政策解读": [24]}


def test_separators_real_lists_use():
    text = ("1、公开规划（公开路径：政府网站>规划信息>专项规划；政务新媒体）\n"
            "2、公开预算（公开路径: 1、政府网站>法定主动公开内容>预算/决算，2、其他渠道）\n"
            "3、公开债务（公开路径：(1)政府网站>政府信息公开目录>地方政府债务;(2)其他渠道）")
    assert [p for p, _, _ in extract_paths(text)] == [
        "政府网站>规划信息>专项规划", "政府网站>法定主动公开内容>预算/决算", "政府网站>政府信息公开目录>地方政府债务"]


def test_a_breadcrumb_written_with_slashes_is_one_path_not_siblings():
    [task] = task_paths("（公开路径：政府网站/政府信息公开/法定主动公开内容/规划信息/专项规划）", None)
    assert task.path == "政府信息公开>法定主动公开内容>规划信息>专项规划"
    [task] = task_paths("（公开路径：政府信息公开/法定主动公开内容/预算/决算）", None)
    assert task.path == "政府信息公开>法定主动公开内容>预算/决算"
    # With ">" the slash still lists siblings in the last segment.
    assert [t.path for t in task_paths("（公开路径：政府网站>疫情防控>重要政策/政策解读）", None)] == [
        "疫情防控>重要政策", "疫情防控>政策解读"]


def test_text_that_is_not_a_path_is_reported_unreadable_not_as_a_column_to_add():
    # The .docx text of 重庆市 渝府办发〔2021〕50号's list as a sharing site extracted it: every ">" lost.
    results = audit(read("cq-2021-docx-text.txt"), make_site())
    assert [r.status for r in results] == ["unreadable"] * 3
    assert results[0].task.path.startswith("政府网站政府信息公开法定主动公开内容规划")
    text = format_text("任务", results)
    assert "无法识别" in text and "catalog.yaml 中增加" not in text


def test_suggests_a_column_only_when_it_is_close():
    site = make_site()
    [far] = audit("〔公开路径：政府网站>政府信息公开>法定主动公开内容>国土空间规划〕", site)
    assert far.status == "missing" and far.options == []
    [near] = audit("〔公开路径：政府网站>规划信息>专项规化〕", site)
    assert any(o.endswith("专项规划") for o in near.options)


def run_json(*args: str):
    result = CliRunner().invoke(main, ["audit", *args, "--format", "json"], prog_name="gkssg")
    return result, json.loads(result.output)


def test_json_is_printed_for_every_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result, data = run_json(str(tmp_path / "no-such.txt"))
    assert result.exit_code == 2 and "不存在" in data["error"]
    (tmp_path / "a.txt").write_text("没有路径", encoding="utf-8")
    result, data = run_json(str(tmp_path / "a.txt"))
    assert result.exit_code != 0 and "公开路径" in data["error"]
    result, data = run_json(str(tmp_path / "a.txt"), "--site", str(tmp_path / "nowhere"))
    assert result.exit_code != 0 and "catalog.yaml" in data["error"]
    result, data = run_json(str(tmp_path / "a.txt"), "--no-such-option")
    assert result.exit_code == 2 and "--no-such-option" in data["error"]


def test_json_of_a_real_list_against_the_demo_site(tmp_path):
    result, data = run_json(str(TASKS / "cq-whlyw-2021.txt"), "--site", str(REPO))
    assert result.exit_code == 0
    assert {p["path"]: p["status"] for p in data["paths"]}["政府信息公开>法定主动公开内容>预算/决算"] != "unreadable"
