"""政策解读: links both ways, forms, media rendering and media checks."""

import datetime as dt

from lifecycle_fixtures import CODE_A, Lifecycle, column, copy_media, doc, make_site, render_partial

from gkssg.checks.lifecycle import check
from gkssg.features import interpretations, lifecycle
from gkssg.findings import Findings

D = dt.date


def codes(site, **kwargs):
    findings = Findings()
    check(site, findings, **kwargs)
    return [f.code for f in findings.sorted()], findings


def full_context(site, d):
    return {**lifecycle.doc_context(site, d), **interpretations.doc_context(site, d)}


def test_policy_lists_its_interpretations_with_form_title_and_date(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    lifecycle.annotate(fx.site)
    listed = interpretations.doc_context(fx.site, fx.amending)["interpretations"]
    assert [(i.form, i.title, i.date) for i in listed] == [
        ("文字", "一文读懂修改决定", D(2020, 5, 2)),
        ("视频", "视频解读修改决定", D(2020, 5, 4)),
        ("图片", "一图读懂修改决定", D(2020, 5, 6)),
    ]
    html = render_partial("related.html", full_context(fx.site, fx.amending), fx.amending.url, fx.site)
    assert "相关解读" in html and f'href="{fx.video.slug}.html"' in html and "【视频解读】" in html
    assert '<time datetime="2020-05-04">2020-05-04</time>' in html  # a typed date, written as before


def test_interpretation_page_links_back_to_its_policy(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    html = render_partial("related.html", full_context(fx.site, fx.text), fx.text.url, fx.site)
    assert "解读文件" in html and f'href="{fx.amending.slug}.html"' in html and fx.amending.title in html


def test_form_comes_from_key_then_column_then_defaults_to_text(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    assert interpretations.form_of(fx.video) == "视频"  # column form
    fx.video.form = "图片"
    assert interpretations.form_of(fx.video) == "图片"  # key wins
    loose = doc(f"{CODE_A}/2020-00200", "解读", interprets=fx.amending.index_no)
    assert interpretations.form_of(loose) == "文字"
    assert interpretations.form_of(fx.notice) == ""  # not an interpretation


def test_unpublished_interpretation_is_not_listed_on_policy(tmp_path):
    fx = Lifecycle(tmp_path, D(2020, 5, 5))  # the 图片 one is published 2020-05-06
    lifecycle.annotate(fx.site)
    titles = [i.title for i in fx.amending.derived.interpretation.interpretations]
    assert "一图读懂修改决定" not in titles and "视频解读修改决定" in titles


def test_video_interpretation_renders_playable_video_with_poster_and_captions(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    context = interpretations.doc_context(fx.site, fx.video)
    assert context["media_files"] == ["content/jd.mp4", "content/jd.vtt", "content/jd.webm",
                                      "content/poster.png"]
    html = render_partial("interpretation_media.html", context, fx.video.url, fx.site)
    assert '<video controls preload="metadata"' in html
    assert 'poster="../files/poster.png"' in html
    assert '<source src="../files/jd.webm" type="video/webm">' in html
    assert '<source src="../files/jd.mp4" type="video/mp4">' in html
    assert '<track kind="captions" src="../files/jd.vtt" srclang="zh"' in html


def test_image_interpretation_renders_responsive_image_with_text_alternative(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    context = interpretations.doc_context(fx.site, fx.image)
    html = render_partial("interpretation_media.html", context, fx.image.url, fx.site)
    assert 'alt="修改决定要点图解"' in html and "max-width:100%" in html
    assert "修改决定共三条要点。" in html


def test_fixture_media_are_real_web_video_files():
    from lifecycle_fixtures import MEDIA
    assert (MEDIA / "jd.webm").read_bytes()[:4] == b"\x1a\x45\xdf\xa3"  # EBML (Matroska/WebM)
    assert (MEDIA / "jd.mp4").read_bytes()[4:8] == b"ftyp"  # ISO base media file


def test_complete_interpretation_site_passes_media_checks(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    found, _ = codes(fx.site)
    assert not [c for c in found if c.startswith("GK82") or c.startswith("GK84")], found


def policy_and(tmp_path, build=dt.date(2021, 1, 1), files=("jd.mp4", "poster.png", "jd.vtt"), **fields):
    copy_media(tmp_path, *files)
    policy = doc(f"{CODE_A}/2020-00001", "测试政策", published=D(2020, 5, 1))
    interp = doc(f"{CODE_A}/2020-00002", "测试解读", published=D(2020, 5, 1),
                 interprets=policy.index_no, **fields)
    return make_site(tmp_path, [policy, interp], [], build), interp


def test_rejects_interpretation_of_missing_policy(tmp_path):
    site, interp = policy_and(tmp_path)
    interp.interprets = f"{CODE_A}/2099-00009"
    found, findings = codes(site)
    assert "GK820" in found
    assert [f.line for f in findings.items if f.code == "GK820"] == [interp.line_of("interprets")]


def test_rejects_interpretation_of_non_public_policy(tmp_path):
    site, _ = policy_and(tmp_path)
    site.documents[0].disclosure = "依申请公开"
    assert "GK821" in codes(site)[0]


def test_rejects_document_interpreting_itself(tmp_path):
    site, interp = policy_and(tmp_path)
    interp.interprets = interp.index_no
    assert "GK822" in codes(site)[0]


def test_rejects_unknown_form(tmp_path):
    site, interp = policy_and(tmp_path, form="动画")
    assert "GK823" in codes(site)[0]


def test_rejects_missing_media_file(tmp_path):
    site, _ = policy_and(tmp_path, form="视频", files=("poster.png",),
                         media={"file": "jd.mp4", "poster": "poster.png"})
    found, findings = codes(site)
    assert "GK841" in found
    assert "content/jd.mp4" in [f for f in findings.items if f.code == "GK841"][0].message


def test_rejects_media_outside_the_site(tmp_path):
    site, _ = policy_and(tmp_path, form="视频",
                         media={"file": "../../etc/x.mp4", "poster": "poster.png"})
    assert "GK841" in codes(site)[0]


def test_rejects_video_that_browsers_cannot_play(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "jd.avi").write_bytes(b"RIFF")
    site, _ = policy_and(tmp_path, form="视频", media={"file": "jd.avi", "poster": "poster.png"})
    assert "GK843" in codes(site)[0]


def test_rejects_video_without_poster(tmp_path):
    site, _ = policy_and(tmp_path, form="视频", media={"file": "jd.mp4"})
    assert "GK844" in codes(site)[0]


def test_rejects_captions_that_are_not_webvtt(tmp_path):
    site, _ = policy_and(tmp_path, form="视频",
                         media={"file": "jd.mp4", "poster": "poster.png", "captions": "jd.srt"})
    assert "GK845" in codes(site)[0]


def test_rejects_image_without_alt_text(tmp_path):
    site, _ = policy_and(tmp_path, form="图片", media={"file": "poster.png"})
    assert "GK842" in codes(site)[0]
    site, _ = policy_and(tmp_path, form="图片", media={"file": "poster.png", "alt": "图解"})
    assert "GK842" not in codes(site)[0]


def test_rejects_markdown_image_without_alt_in_image_interpretation(tmp_path):
    site, interp = policy_and(tmp_path, form="图片", body="说明\n\n![](poster.png)\n", body_line=12)
    found, findings = codes(site)
    assert [f.line for f in findings.items if f.code == "GK842"] == [14]


def test_rejects_video_interpretation_without_media(tmp_path):
    site, _ = policy_and(tmp_path, form="视频")
    assert "GK846" in codes(site)[0]


def test_rejects_malformed_media_block(tmp_path):
    site, _ = policy_and(tmp_path, form="视频",
                         media={"file": "jd.mp4", "poster": "poster.png", "vidoe": "x"})
    assert "GK840" in codes(site)[0]


def test_warns_about_interpretation_later_than_three_working_days(tmp_path):
    # Policy on Friday 2020-05-01; Mon–Wed are working days 1–3, Thursday the 4th.
    site, interp = policy_and(tmp_path)
    interp.published = D(2020, 5, 6)
    assert "GK850" not in codes(site)[0]
    interp.published = D(2020, 5, 7)
    found, findings = codes(site)
    assert "GK850" in found
    assert [f.severity for f in findings.items if f.code == "GK850"] == ["warning"]
    assert "GK850" not in codes(site, working_days=5)[0]


def test_counts_working_days_skipping_weekends():
    assert interpretations.working_days_after(D(2020, 5, 1), D(2020, 5, 4)) == 1  # Fri → Mon
    assert interpretations.working_days_after(D(2020, 5, 1), D(2020, 5, 1)) == 0


def test_media_in_interpretation_column_without_interprets_key_is_still_checked(tmp_path):
    col = column("视频", "sp", form="视频")
    parent = column("政策解读", "zcjd", "interpretations", children=[col])
    d = doc(f"{CODE_A}/2020-00003", "视频", cols=(col,))
    site = make_site(tmp_path, [d], [parent], D(2021, 1, 1))
    assert "GK846" in codes(site)[0]


def test_media_that_is_a_symlink_out_of_content_is_reported_not_dropped_silently(tmp_path):
    """hostile1 Low 17: captions → /etc/passwd were left out of the page without a word."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "jd.vtt").symlink_to("/etc/passwd")
    (tmp_path / "content" / "loop.png").symlink_to("loop.png")
    site, _ = policy_and(tmp_path, form="视频", files=("jd.mp4", "poster.png"),
                         media={"file": "jd.mp4", "poster": "loop.png", "captions": "jd.vtt"})
    found, findings = codes(site)
    messages = [f.message for f in findings.items if f.code == "GK841"]
    assert any("jd.vtt" in m and "content/" in m for m in messages) and any("loop.png" in m for m in messages)
