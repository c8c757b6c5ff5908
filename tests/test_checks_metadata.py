"""GK2xx metadata rules: each has a failing and a passing case."""

import datetime as dt

from factories import default_documents, findings_with, make_site, run


def site_with(**changes):
    docs = default_documents()
    for key, value in changes.items():
        setattr(docs[0], key, value)
    return make_site(docs), docs[0]


def test_clean_demo_site_has_no_findings_at_all():
    assert run(make_site()).items == []


def test_reports_each_missing_required_field_with_its_chinese_name_and_line():
    site, doc = site_with(title="", topic="", published=None, paths=[])
    doc.key_lines = {"title": 2}
    found = findings_with(site, "GK201")
    messages = " ".join(f.message for f in found)
    assert {f.severity for f in found} == {"error"}
    assert "标题" in messages and "主题分类" in messages and "发布日期" in messages and "公开路径" in messages
    assert any(f.line == 2 and "标题" in f.message for f in found)


def test_accepts_document_with_every_required_field():
    assert findings_with(make_site(), "GK201") == []


def test_requires_validity_for_normative_documents():
    site, _ = site_with(genre="行政规范性文件", validity="")
    assert findings_with(site, "GK202")[0].severity == "error"


def test_accepts_normative_document_that_states_validity():
    site, _ = site_with(genre="规章", validity="有效")
    assert findings_with(site, "GK202") == []


def test_rejects_publication_before_writing():
    site, _ = site_with(written=dt.date(2021, 6, 29), published=dt.date(2021, 6, 28))
    [finding] = findings_with(site, "GK203")
    assert "2021-06-28" in finding.message and "2021-06-29" in finding.message


def test_accepts_publication_on_the_day_of_writing():
    site, _ = site_with(written=dt.date(2021, 6, 28), published=dt.date(2021, 6, 28))
    assert findings_with(site, "GK203") == []


def test_rejects_validity_outside_the_closed_list_with_a_suggestion():
    site, _ = site_with(validity="已失效")
    [finding] = findings_with(site, "GK204")
    assert "失效" in finding.message and "您是否要写" in finding.message


def test_accepts_every_validity_of_the_closed_list():
    for validity in ("有效", "失效", "废止", "已修改", "部分失效", "尚未生效"):
        site, _ = site_with(validity=validity)
        assert findings_with(site, "GK204") == []


def test_rejects_unknown_topic_with_did_you_mean():
    site, _ = site_with(topic="综合政物")
    [finding] = findings_with(site, "GK205")
    assert "综合政务" in finding.message


def test_a_topic_published_as_none_is_told_to_choose_one_not_to_extend_the_list():
    # 平潭综合实验区's 行政规范性文件 publish 主题分类 "无" (e.g. 岚综管规〔2022〕5号,
    # https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/202204/t20220422_79644.htm): the page has no topic.
    # The fix is to choose one from the list; adding "无" to extra_topics would be the wrong fix.
    for mark in ("无", "/", "—"):
        site, _ = site_with(topic=mark)
        [finding] = findings_with(site, "GK205")
        assert f"“{mark}”" in finding.message and "没有主题分类" in finding.message, finding.message
        assert "extra_topics" not in finding.message
        assert "“综合政务”" in finding.message  # shows where to choose from


def test_accepts_topics_with_sub_categories_and_local_extras():
    for topic in ("综合政务", "综合政务\\政务公开", "综合政务\\电子政务"):
        site, _ = site_with(topic=topic)
        assert findings_with(site, "GK205") == []


def test_accepts_topics_as_real_sites_write_them():
    # 郑州高新区 writes the path with "/"; 奉节县市场监管局 (重庆) gives two topics separated by ";":
    # http://www.cqfj.gov.cn/bm_168/scjdglj/zwgk_61819/zfxxgkml/spypjglyzwgk/ggfw/spaqyjcz/202303/t20230331_11833949.html
    for topic in ("财政、金融、审计/财政/业务信息", "综合政务;其他", "综合政务；财政、金融、审计"):
        site, _ = site_with(topic=topic)
        assert findings_with(site, "GK205") == [], topic
    # 高青县 (山东) joins 大类 and 小类 with "-" (round of 2026-12-07): http://www.gaoqing.gov.cn/gongkai/site_gqxrmzfbgs/
    # channel_c_5f9f6c84b9dfe9bfb0a8c85b_5fb3be98ca6492588cbb9947/doc_606d1786def539113ccd1a61.html
    site, _ = site_with(topic="综合政务-文秘工作")
    assert findings_with(site, "GK205") == []
    site, _ = site_with(topic="无此分类-文秘工作")
    assert [f.code for f in findings_with(site, "GK205")] == ["GK205"]
    site, _ = site_with(topic="综合政务;无此分类")
    [finding] = findings_with(site, "GK205")
    assert "无此分类" in finding.message


def test_a_listed_sub_category_under_an_unknown_category_is_refused_whatever_the_separator():
    # hostile round 27a, rows 9–10: 随便写的-其他 passed because its 小类 (其他) is listed, and the 规范性文件库 grew
    # topic views named 随便写的, 2025 and <script>…; the same with "\\" and "/" (fails on the old code)
    for major in ("随便写的", "2025", "一", "<script>alert(1)</script>"):
        for sep in ("-", "\\", "/"):
            topic = f"{major}{sep}其他"
            site, _ = site_with(topic=topic)
            assert [f.code for f in findings_with(site, "GK205")] == ["GK205"], topic
    site, _ = site_with(topic="一-二-三-四-其他")
    assert [f.code for f in findings_with(site, "GK205")] == ["GK205"]
    for topic in ("其他-其他", "综合政务\\其他", "财政、金融、审计/财政"):
        site, _ = site_with(topic=topic)
        assert findings_with(site, "GK205") == [], topic


def test_library_groups_a_topic_by_its_first_category():
    from gkssg.features.library import top_topic
    from gkssg.model import Document
    assert top_topic(Document(source="a.md", topic="市场监管、安全生产监管/安全生产监管")) == "市场监管、安全生产监管"
    assert top_topic(Document(source="a.md", topic="食品药品监管;工商")) == "食品药品监管"
    assert top_topic(Document(source="a.md", topic="综合政务-文秘工作")) == "综合政务"


def test_rejects_genre_outside_the_site_list():
    site, _ = site_with(genre="通告书")
    assert findings_with(site, "GK206")[0].severity == "error"


def test_accepts_genre_from_the_site_list():
    site, _ = site_with(genre="意见")
    assert findings_with(site, "GK206") == []


def test_accepts_the_contingency_plan_genre_real_catalogues_use():
    # 体裁分类 “预案”: 重庆市梁平区曲水镇人民政府, 曲水府发〔2023〕21号
    # (http://cqlp.gov.cn/qs/zwgk_29815/fdzdgknr_29817/yjya/202306/t20230603_12026259.html).
    from gkssg.load.config import DEFAULT_GENRES
    site, _ = site_with(genre="预案")
    site.genres = list(DEFAULT_GENRES)  # the genres a catalog.yaml without `genres` gets
    assert findings_with(site, "GK206") == []


def test_warns_when_summary_exceeds_one_hundred_characters():
    site, _ = site_with(summary="字" * 101)
    [finding] = findings_with(site, "GK207")
    assert finding.severity == "warning" and "101" in finding.message


def test_accepts_summary_of_exactly_one_hundred_characters():
    site, _ = site_with(summary="字" * 100)
    assert findings_with(site, "GK207") == []


def test_rejects_publisher_not_in_the_catalog():
    site, _ = site_with(publisher="重庆市人民政府办公室")
    [finding] = findings_with(site, "GK208")
    assert "重庆市人民政府办公厅" in finding.message


def test_accepts_publisher_written_with_a_registered_alias():
    site, _ = site_with(publisher="市政府办公厅")
    assert findings_with(site, "GK208") == []


def test_accepts_a_joint_publisher_led_by_a_registered_agency():
    # 联合发文: the 主办机关 is written first (GB/T 9704-2012 §7.2.3); gov.cn publishes
    # 国办发〔1996〕25号 with 发文机关 "国务院办公厅、中央军委办公厅"
    # (http://www.gov.cn/zhengce/content/2018-12/24/content_5351718.htm).
    site, doc = site_with(publisher="重庆市人民政府办公厅、中共重庆市委办公厅")
    assert findings_with(site, "GK208") == []
    assert site.agency_named(doc.publisher).name == "重庆市人民政府办公厅"


def test_rejects_a_joint_publisher_whose_lead_agency_is_not_registered():
    site, _ = site_with(publisher="中共重庆市委办公厅、重庆市人民政府办公厅")
    [finding] = findings_with(site, "GK208")
    assert "中共重庆市委办公厅、重庆市人民政府办公厅" in finding.message


def test_reports_future_publication_as_info_not_error():
    site, doc = site_with(published=dt.date(2021, 8, 1))
    [finding] = findings_with(site, "GK209")
    assert finding.severity == "info" and "将于 2021-08-01 发布" in finding.message


def test_says_nothing_about_documents_already_published():
    assert findings_with(make_site(), "GK209") == []


def test_changed_mode_limits_document_rules_to_the_given_files():
    docs = default_documents()
    docs[1].title = ""
    site = make_site(docs)
    assert findings_with(site, "GK201", only={docs[0].source}) == []
    assert findings_with(site, "GK201", only={docs[1].source})


def test_changed_mode_still_runs_site_wide_rules():
    docs = default_documents()
    docs[1].index_no = docs[0].index_no
    site = make_site(docs)
    assert {f.file for f in findings_with(site, "GK305", only=set())} == {docs[0].source, docs[1].source}


def test_no_schedule_info_for_documents_that_are_not_proactively_disclosed():
    site, _ = site_with(published=dt.date(2021, 8, 1), disclosure="依申请公开")
    assert findings_with(site, "GK209") == []
