"""GK51x empty and stale columns, counted as 国办秘函〔2019〕19号 counts them."""

import datetime as dt

from factories import column, default_documents, find_column, findings_with, make_site

from gkssg.checks.catalogue import column_states, expected_update_days


def test_reports_empty_list_column_with_its_catalog_line():
    docs = [d for d in default_documents() if "专项规划" not in d.paths[0]]
    [finding] = findings_with(make_site(docs), "GK510")
    assert finding.file == "catalog.yaml" and finding.line == 9 and "专项规划" in finding.message


def test_scheduled_or_on_request_documents_do_not_fill_a_column():
    docs = default_documents()
    plan = next(d for d in docs if "专项规划" in d.paths[0])
    plan.published = dt.date(2021, 9, 1)
    assert findings_with(make_site(docs), "GK510")
    plan.published, plan.disclosure = dt.date(2021, 6, 1), "依申请公开"
    assert findings_with(make_site(docs), "GK510")


def test_counts_documents_of_descendant_columns():
    site = make_site()
    parent = find_column(site, "预算/决算")
    child = column("部门预算", "bmys", line=20)
    child.parent, parent.children = parent, [child]
    moved = next(d for d in site.documents if d.columns and d.columns[0] is parent)
    moved.columns = [child]
    states = column_states(site)
    assert states[id(parent)].count == 1 and states[id(child)].count == 1
    assert findings_with(site, "GK510") == []


def test_single_pages_are_never_empty_columns():
    assert all("政府信息公开指南" not in f.message for f in findings_with(make_site([]), "GK510"))


def test_reports_stale_column_by_its_update_days():
    site = make_site()
    col = find_column(site, "专项规划")
    col.update_days = 2  # newest document: 2021-06-28, build date 2021-07-01
    [finding] = findings_with(site, "GK511")
    assert "专项规划" in finding.message and "已 3 天" in finding.message and "应每 2 天" in finding.message


def test_applies_the_domain_defaults_for_policy_and_news_columns():
    assert expected_update_days(column("工作动态", "gzdt")) == 14
    assert expected_update_days(column("通知公告", "tzgg")) == 180
    assert expected_update_days(column("制度", "zd", column_type="政策文件")) == 180
    assert expected_update_days(column("专项规划", "zxgh")) == 365
    assert expected_update_days(column("联系我们", "lxwm")) is None


def test_update_days_zero_switches_the_staleness_check_off():
    assert expected_update_days(column("工作动态", "gzdt", update_days=0)) is None
    assert expected_update_days(column("法律", "fl", update_days=30)) == 30


def test_accepts_column_updated_within_its_interval():
    site = make_site(build_date=dt.date(2021, 12, 1))  # 政府信息公开制度 is 政策文件: 180 days
    assert findings_with(site, "GK511") == []


def test_five_empty_columns_are_a_single_veto_error():
    site = make_site([])
    [finding] = findings_with(site, "GK512")
    assert finding.severity == "error" and "单项否决" in finding.message and "国办秘函〔2019〕19号" in finding.message
    assert findings_with(site, "GK514") == []


def test_four_empty_columns_stay_warnings_with_a_summary():
    docs = default_documents()[:2]
    site = make_site(docs)
    assert len(findings_with(site, "GK510")) == 4
    assert findings_with(site, "GK512") == []
    assert "空白栏目 4 个" in findings_with(site, "GK514")[0].message


def test_five_stale_columns_are_a_single_veto_error():
    site = make_site()
    for col in site.all_columns():
        col.update_days = 1
    [finding] = findings_with(site, "GK513")
    assert "单项否决" in finding.message


def test_fresh_site_has_no_column_findings():
    site = make_site()
    assert [f for f in findings_with(site, "GK512") + findings_with(site, "GK513") + findings_with(site, "GK514")] == []


def test_empty_column_the_build_does_not_publish_is_listed_not_counted():
    docs = [d for d in default_documents() if "专项规划" not in d.paths[0]]
    site = make_site(docs)
    find_column(site, "专项规划").always_show = False
    assert findings_with(site, "GK510") == []
    [hidden] = findings_with(site, "GK515")
    assert hidden.severity == "info" and "专项规划" in hidden.message and "暂不显示" in hidden.message


def test_an_empty_column_with_the_agencys_note_is_not_a_blank_column():
    docs = [d for d in default_documents() if "专项规划" not in d.paths[0]]
    site = make_site(docs)
    find_column(site, "专项规划").empty_note = "本机关暂无此类信息"
    assert findings_with(site, "GK510") == []
    assert all("专项规划" not in f.message for f in findings_with(site, "GK515") + findings_with(site, "GK514"))


def test_a_parent_whose_every_empty_child_is_explained_is_not_a_blank_column():
    site = make_site()
    parent = find_column(site, "预算/决算")
    child = column("部门预算", "bmys", line=20, empty_note="本机关暂无此类信息")
    child.parent, parent.children = parent, [child]
    for doc in site.documents:
        doc.columns = [c for c in doc.columns if c is not parent]
    assert all("预算/决算" not in f.message for f in findings_with(site, "GK510"))
    child.empty_note = ""
    assert any("预算/决算" in f.message for f in findings_with(site, "GK510") + findings_with(site, "GK515"))


def test_an_unexplained_empty_art20_column_hints_at_the_note():
    docs = [d for d in default_documents() if "专项规划" not in d.paths[0]]
    site = make_site(docs)
    col = find_column(site, "专项规划")
    col.always_show, col.art20 = False, 3
    [finding] = [f for f in findings_with(site, "GK515") if "专项规划" in f.message]
    assert "empty_note" in finding.message


def test_the_demo_column_has_no_blank_column_and_every_art20_column_shows(tmp_path):
    from conftest import REPO

    from gkssg.build.pipeline import build_site, load_and_check

    site, findings = load_and_check(REPO, dt.date(2026, 11, 1))
    assert not [f for f in findings.items if f.code in ("GK510", "GK512")]
    build_site(REPO, tmp_path / "out", dt.date(2026, 11, 1))
    art20 = [c for c in site.all_columns() if c.art20 and not c.children]
    assert len(art20) >= 20
    for col in art20:
        html = (tmp_path / "out" / col.url_dir / "index.html").read_text(encoding="utf-8")
        assert col.empty_note in html if col.empty_note else ("共 " in html or "共收录" in html), col.path_text


def _init_site_with_stale(tmp_path, paths):
    """A `gkssg init` site (its catalogue as scaffolded) with one 2020 document in each path."""
    from click.testing import CliRunner

    from gkssg.checks import run_rules
    from gkssg.commands.cli import main
    from gkssg.load.site import load_site
    root = tmp_path / "init"
    assert CliRunner().invoke(main, ["init", str(root)], prog_name="gkssg").exit_code == 0
    for example in (root / "content").rglob("*.md"):
        if example.name != "README.md":
            example.unlink()
    for n, path in enumerate(paths, 1):
        (root / "content/bgs").mkdir(parents=True, exist_ok=True)
        (root / f"content/bgs/{n}.md").write_text(
            f"---\n标题: 通知{n}\n索引号: ZBJG0001/2020-{n:05d}\n发布机构: 示例机关办公室\n主题分类: 综合政务\n"
            f"成文日期: 2020-06-01\n发布日期: 2020-06-01\n公开路径: ['{path}']\n---\n正文。\n", encoding="utf-8")
    site, findings = load_site(root, dt.date(2024, 6, 1))
    return run_rules(site, findings).items


def test_the_veto_counts_a_stale_parent_and_its_child_once(tmp_path):
    # 国办秘函〔2019〕19号 counts the columns that go un-updated: a parent whose only documents sit in
    # a stale child is the same 栏目不更新 (realtry: 履职依据 + 规范性文件, 政策文件 + 其他文件).
    leaves = ["法定主动公开内容>履职依据>规范性文件", "政府信息公开目录>政策文件>其他文件",
              "法定主动公开内容>应急管理", "法定主动公开内容>统计信息"]
    found = _init_site_with_stale(tmp_path, leaves)
    assert [f for f in found if f.code == "GK513"] == []
    [summary] = [f for f in found if f.code == "GK514"]
    assert "未及时更新栏目 4 个" in summary.message
    found = _init_site_with_stale(tmp_path / "five", leaves + ["法定主动公开内容>行政许可"])
    [veto] = [f for f in found if f.code == "GK513"]
    assert "共有 5 个" in veto.message and "履职依据、" not in veto.message and "规范性文件" in veto.message
