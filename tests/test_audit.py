"""gkssg audit: task-list paths against the catalogue (seeds/004)."""

import datetime as dt
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from factories import column, default_documents, find_column, make_site

from gkssg.commands import audit as audit_mod
from gkssg.commands.audit import audit, audit_command, expand_path, extract_paths, format_text, task_paths


def seeds_dir() -> Path:
    here = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    return here if here.is_dir() else Path("/work/shared/seeds")


@pytest.fixture(scope="module")
def seed004() -> tuple[Path, str]:
    path = next(seeds_dir().glob("004_*"))
    return path, path.read_text(encoding="utf-8")


SEED004_PATHS = {
    "政府信息公开>法定主动公开内容>规划信息>国民经济和社会发展规划",
    "政府信息公开>法定主动公开内容>规划信息>专项规划",
    "政府信息公开>法定主动公开内容>规划信息>国土空间规划",
    "政府信息公开>法定主动公开内容>规划信息",
    "政务公开>政府信息公开目录>市场准入负面清单",
    "政府信息公开>法定主动公开内容>预算/决算",
    "政务公开>政府信息公开目录>地方政府债务",
    "政府信息公开目录>疫情防控>重要政策", "政府信息公开目录>疫情防控>政策解读",
    "政府信息公开目录>疫情防控>防疫服务>核酸检测点", "政府信息公开目录>疫情防控>防疫服务>发热门诊",
    "政府信息公开目录>疫情防控>防疫服务>疫苗接种点",
    "政府信息公开目录>爱国卫生运动", "政府信息公开目录>健康中国重庆行动", "政府信息公开目录>健康科普",
    "政务公开>政府信息公开目录>“六稳”“六保”>重要政策", "政务公开>政府信息公开目录>“六稳”“六保”>政策解读",
    "政府信息公开>法定主动公开内容>机关简介>联系我们",
    "政府信息公开>法定主动公开内容>履职依据>行政法规",
    "政府信息公开>法定主动公开内容>履职依据>市政府规章",
    "政府信息公开>法定主动公开内容>履职依据>规范性文件",
    "政府信息公开>法定主动公开内容>收费项目",
    "政务公开>政府信息公开目录>公共企事业单位信息公开",
}
SEED004_REQUESTED = {
    "政务公开>政府信息公开目录>“六稳”“六保”", "政务公开>政府信息公开目录>法治政府建设年度报告",
    "政务公开>政府信息公开目录>政策解读>视频", "政务公开>政府信息公开目录>政策解读>图片",
    "政务公开>政府信息公开目录>政策解读>文字",
}


def test_lists_every_path_of_seed_004(seed004):
    _, text = seed004
    tasks = task_paths(text, None)
    assert {t.path for t in tasks if t.origin == "公开路径"} == SEED004_PATHS
    assert {t.path for t in tasks if t.origin == "设置栏目"} == SEED004_REQUESTED


def test_every_path_marker_of_seed_004_yields_a_path_on_its_line(seed004):
    _, text = seed004
    marker_lines = {text.count("\n", 0, m.start()) + 1 for m in re.finditer("公开路径", text)}
    assert {line for _, line, origin in extract_paths(text) if origin == "公开路径"} == marker_lines
    assert all("其他渠道" not in path for path, _, _ in extract_paths(text))


def test_collects_the_lines_of_a_repeated_path(seed004):
    _, text = seed004
    [public] = [t for t in task_paths(text, None) if t.path.endswith("公共企事业单位信息公开")]
    assert len(public.lines) == 8


def test_reads_paths_in_round_brackets_and_stray_closers():
    text = "电话（公开路径：政府网站>A>联系我们），并〔公开路径：政府网站>A>市政府规章）〕"
    assert [p for p, _, _ in extract_paths(text)] == ["政府网站>A>联系我们", "政府网站>A>市政府规章"]


def test_keeps_known_slash_names_as_one_column():
    assert expand_path("政府网站>法定主动公开内容>预算/决算", None) == ["法定主动公开内容>预算/决算"]


def test_keeps_a_slash_name_the_catalogue_has():
    site = make_site()
    find_column(site, "专项规划").name = "专项/区域规划"
    assert expand_path("规划信息>专项/区域规划", site) == ["规划信息>专项/区域规划"]


def test_expands_slash_lists_in_the_last_segment_into_siblings():
    assert expand_path("政府网站>疫情防控>防疫服务>核酸检测点/发热门诊/疫苗接种点", make_site()) == [
        "疫情防控>防疫服务>核酸检测点", "疫情防控>防疫服务>发热门诊", "疫情防控>防疫服务>疫苗接种点"]


def demo_site():
    docs = default_documents()
    site = make_site(docs)
    directory = find_column(site, "政府信息公开目录")
    debt = column("地方政府债务", "dfzfzw", line=30)
    old = column("市场准入负面清单", "scfmqd", line=31, update_days=30)
    for child in (debt, old):
        child.parent = directory
        directory.children.append(child)
    docs[0].columns.append(old)
    docs[0].published = dt.date(2021, 1, 4)
    return site


def test_reports_missing_empty_stale_and_present_columns(seed004):
    _, text = seed004
    results = {r.task.path: r for r in audit(text, demo_site())}
    assert results["政务公开>政府信息公开目录>地方政府债务"].status == "empty"
    assert results["政务公开>政府信息公开目录>市场准入负面清单"].status == "stale"
    assert results["政府信息公开>法定主动公开内容>预算/决算"].status == "ok"
    assert results["政府信息公开>法定主动公开内容>规划信息>专项规划"].status == "ok"
    assert results["政府信息公开>法定主动公开内容>规划信息>国土空间规划"].status == "missing"
    assert results["政府信息公开目录>疫情防控>防疫服务>发热门诊"].status == "missing"
    assert "国土空间规划" in format_text("004", list(results.values()))


def test_suggests_close_columns_for_missing_paths():
    [result] = audit("〔公开路径：政府网站>规划信息>专项规化〕", make_site())
    assert result.status == "missing" and any("专项规划" in o for o in result.options)


def test_audit_command_prints_text_and_json(seed004, monkeypatch, tmp_path):
    path, _ = seed004
    (tmp_path / "catalog.yaml").write_text("site: {}\n", encoding="utf-8")
    monkeypatch.setattr(audit_mod, "load_site_for_audit", lambda root: demo_site())
    runner = CliRunner()
    text = runner.invoke(audit_command, [str(path), "--site", str(tmp_path)])
    assert text.exit_code == 0, text.output
    assert "栏目树中没有的栏目" in text.output and "疫苗接种点" in text.output
    data = json.loads(runner.invoke(audit_command, [str(path), "--site", str(tmp_path), "--format", "json"]).output)
    assert {p["path"] for p in data["paths"]} == SEED004_PATHS | SEED004_REQUESTED
    assert data["summary"]["missing"] > 0


def test_audit_command_lists_paths_without_a_site(seed004, tmp_path, monkeypatch):
    path, _ = seed004
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(audit_command, [str(path)])
    assert result.exit_code == 0 and "未对照栏目树" in result.output


def test_audit_command_refuses_a_file_without_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("没有路径", encoding="utf-8")
    result = CliRunner().invoke(audit_command, [str(tmp_path / "a.txt")])
    assert result.exit_code != 0 and "公开路径" in result.output


def test_reads_gbk_task_lists(tmp_path):
    path = tmp_path / "任务.txt"
    path.write_bytes("〔公开路径：政府网站>规划信息>专项规划〕".encode("gb18030"))
    assert [t.path for t in task_paths(audit_mod.read_task_text(path), None)] == ["规划信息>专项规划"]


def test_explains_how_to_read_docx_without_python_docx(tmp_path, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx → ImportError
    path = tmp_path / "任务.docx"
    path.write_bytes(b"PK")
    with pytest.raises(click.ClickException, match="python-docx"):
        audit_mod.read_task_text(path)


def test_says_when_an_empty_column_is_hidden_from_the_public():
    site = make_site([])
    find_column(site, "专项规划").always_show = False
    text = format_text("任务", audit("〔公开路径：政府网站>规划信息>专项规划〕", site))
    assert "还没有已发布的文件（网站上暂不显示该栏目）" in text


def test_audit_of_seed_004_against_the_demo_site_lists_every_path(seed004):
    path, _ = seed004
    repo = Path(__file__).resolve().parents[1]
    result = CliRunner().invoke(audit_command, [str(path), "--site", str(repo), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {p["path"] for p in data["paths"]} == SEED004_PATHS | SEED004_REQUESTED
    # Every path is accounted for: missing, ambiguous, or resolved to a column of the demo catalogue.
    for entry in data["paths"]:
        assert (entry["column"] is not None) == (entry["status"] in ("empty", "stale", "ok")), entry
