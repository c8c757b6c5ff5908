"""gkssg new: next free 索引号, every required field, Chinese prompts."""

import datetime as dt

import click
import pytest
import yaml
from click.testing import CliRunner
from factories import CQ_CODE, default_documents, make_site, run

from gkssg.commands import new as new_cli
from gkssg.commands.new import new_command
from gkssg.model import Document
from gkssg.scaffold import newdoc
from gkssg.scaffold.newdoc import NewDocument, create_document, find_agency, next_index_no

KEYS = {"标题": "title", "索引号": "index_no", "发文字号": "doc_no", "发布机构": "publisher",
        "主题分类": "topic", "体裁分类": "genre", "成文日期": "written", "发布日期": "published",
        "有效性": "validity", "公开属性": "disclosure", "公开路径": "paths"}


def read_back(path, site) -> Document:
    """Parse the created file the way the loader maps Chinese keys (DOMAIN.md §2)."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    assert set(data) <= set(KEYS)
    fields = {KEYS[k]: v for k, v in data.items()}
    return Document(source=path.relative_to(site.root).as_posix(), body=body, **fields)


def test_takes_the_next_serial_of_the_agency_and_year():
    site = make_site()
    assert next_index_no(site, site.agencies[0], 2021) == f"{CQ_CODE}/2021-00007"
    assert next_index_no(site, site.agencies[0], 2022) == f"{CQ_CODE}/2022-00001"
    assert next_index_no(site, site.agencies[1], 2021).endswith("/2021-00001")


def test_keeps_the_serial_width_the_agency_already_uses():
    docs = default_documents()
    docs[0].index_no = f"{CQ_CODE}/2021-000123"
    assert next_index_no(make_site(docs), make_site(docs).agencies[0], 2021) == f"{CQ_CODE}/2021-000124"


def test_refuses_to_number_for_an_agency_without_code():
    site = make_site()
    site.agencies[0].credit_code = ""
    with pytest.raises(click.ClickException):
        next_index_no(site, site.agencies[0], 2021)


def test_finds_agencies_by_id_name_or_alias():
    site = make_site()
    assert find_agency(site, "cqszfbgt") is find_agency(site, "市政府办公厅") is site.agencies[0]
    assert find_agency(site, "不存在") is None


def test_created_document_has_every_required_field_and_checks_clean(tmp_path):
    site = make_site(root=tmp_path)
    spec = NewDocument(agency=site.agencies[0], title="关于印发某某办法的通知", topic="综合政务",
                       paths=["政府信息公开>政府信息公开制度"], genre="行政规范性文件", validity="有效",
                       doc_no="渝府办发[2021]第051号", date=dt.date(2021, 6, 30))
    path = create_document(site, spec)
    assert path == tmp_path / "content/cqszfbgt/2021-00007.md"
    doc = read_back(path, site)
    assert doc.index_no == f"{CQ_CODE}/2021-00007" and doc.doc_no == "渝府办发〔2021〕51号"
    assert doc.written == doc.published == dt.date(2021, 6, 30)
    site.documents.append(doc)
    from factories import attach
    attach(site, doc)
    problems = [f for f in run(site).items if f.file == doc.source]
    assert problems == []


def test_refuses_to_overwrite_an_existing_file(tmp_path):
    site = make_site(root=tmp_path)
    spec = NewDocument(agency=site.agencies[1], title="标题", topic="综合政务", paths=["政府信息公开>政府信息公开制度"],
                       date=dt.date(2021, 6, 30))
    create_document(site, spec)
    with pytest.raises(click.ClickException):
        create_document(site, spec)


def test_uses_today_in_the_site_time_zone(tmp_path):
    site = make_site(root=tmp_path)
    path = create_document(site, NewDocument(agency=site.agencies[1], title="标题", topic="综合政务",
                                             paths=["政府信息公开>政府信息公开制度"]))
    assert read_back(path, site).published == newdoc.site_today(site)


def test_command_prompts_in_chinese_for_missing_fields(tmp_path, monkeypatch):
    (tmp_path / "catalog.yaml").write_text("site: {}\n", encoding="utf-8")
    site = make_site(root=tmp_path)
    monkeypatch.setattr(new_cli, "load_site_for_new", lambda root: site)
    answers = "\n".join(["不存在的局", "qjqzfbgs", "关于某事项的通知", "综合政物", "综合政务", "",
                         "没有的栏目", "政府信息公开>政府信息公开制度"]) + "\n"
    result = CliRunner().invoke(new_command, ["--site", str(tmp_path), "--date", "2021-06-30"], input=answers)
    assert result.exit_code == 0, result.output
    assert "发布机构" in result.output and "没有登记" in result.output and "不在可选范围内" in result.output
    created = tmp_path / "content/qjqzfbgs/2021-00001.md"
    assert "重庆市黔江区人民政府办公室" in created.read_text(encoding="utf-8")


def test_command_with_every_flag_asks_nothing(tmp_path, monkeypatch):
    (tmp_path / "catalog.yaml").write_text("site: {}\n", encoding="utf-8")
    monkeypatch.setattr(new_cli, "load_site_for_new", lambda root: make_site(root=tmp_path))
    result = CliRunner().invoke(new_command, [
        "--site", str(tmp_path), "--agency", "lsj", "--title", "标题", "--topic", "综合政务", "--genre", "通知",
        "--path", "规划信息>专项规划", "--date", "2021-06-30"], input="")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "content/lsj/2021-00001.md").is_file()


def test_created_file_loads_and_checks_clean_with_the_real_loader(site_dir):
    from conftest import write_site

    from gkssg.checks import run_rules
    from gkssg.load.site import load_site
    write_site(site_dir, {})
    site, _ = load_site(site_dir, dt.date(2021, 7, 1))
    path = create_document(site, NewDocument(
        agency=find_agency(site, "cqszfbgt"), title="关于“六稳”工作的通知：第一批", topic="综合政务",
        paths=["规划信息>专项规划"], genre="通知", doc_no="渝府办发〔2021〕3号", date=dt.date(2021, 6, 30)))
    assert path.parent == site_dir / "content/cq"
    site, findings = load_site(site_dir, dt.date(2021, 7, 1))
    run_rules(site, findings)
    [doc] = site.documents
    assert doc.title == "关于“六稳”工作的通知：第一批" and doc.index_no == "11500000009275780L/2021-00001"
    assert [f for f in findings.items if f.file == doc.source] == []
