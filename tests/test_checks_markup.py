"""GK732: raw HTML tags of a body that the page drops (checks/markup.py), once a tag name and file, at its line."""

from __future__ import annotations

from conftest import check_json, document, write_site

from gkssg.render.markdown import markdown_fragment


def _gk140(site_dir, body):
    write_site(site_dir, {"content/cq/a.md": document(body), "content/cq/jd.mp4": b"\x00\x00\x00\x18ftypmp42"})
    status, report = check_json(site_dir)
    text = (site_dir / "content/cq/a.md").read_text(encoding="utf-8").split("\n")
    items = [f for f in report["findings"] if f["code"] == "GK732"]
    assert all(f["severity"] == "warning" and f["file"] == "content/cq/a.md" for f in items), items
    return status, items, text


def test_a_video_a_font_and_a_style_are_named_on_their_first_line(site_dir):
    body = ("正文第一段。\n\n<video src=\"jd.mp4\" controls>您的浏览器不能播放视频</video>\n\n"
            "<font color=red>重要</font>提示，<FONT size=5>再次</FONT>提示。\n\n<style>p{color:red}</style>\n")
    status, items, text = _gk140(site_dir, body)
    lines = {f["message"].split("<")[1].split(">")[0]: f["line"] for f in items}
    assert lines == {"video": text.index('<video src="jd.mp4" controls>您的浏览器不能播放视频</video>') + 1,
                     "font": text.index("<font color=red>重要</font>提示，<FONT size=5>再次</FONT>提示。") + 1,
                     "style": text.index("<style>p{color:red}</style>") + 1}, items
    messages = {f["message"].split("<")[1].split(">")[0]: f["message"] for f in items}
    assert "媒体" in messages["video"] and "共 2 处" in messages["font"] and "内容一起删除" in messages["style"]
    assert status == 0  # warnings: the text is published, only the tags go
    page = markdown_fragment(body)[0]  # what the warnings say is what the page does
    assert "<video" not in page and "<font" not in page and "<style" not in page and "color:red" not in page
    assert "重要" in page and "您的浏览器不能播放视频" in page


def test_kept_tags_autolinks_code_and_the_script_rules_are_not_gk140(site_dir):
    body = ("<https://www.gov.cn> 与 <ban@example.gov.cn> 是自动链接。\n\n"
            "<table><tr><td>表格</td></tr></table>\n\n<sup>1</sup> <br/> <span class=\"x\">文字</span>\n\n"
            "`<video>` 是代码。\n\n```\n<font>代码块</font>\n```\n\n<iframe src=\"https://x.example\"></iframe>\n\n"
            "一般而言 5<6 且 7>3。\n\n<!-- <video src=\"old.mp4\"> 旧稿 -->\n")
    status, items, _ = _gk140(site_dir, body)
    assert items == []


def test_svg_and_math_are_said_to_go_with_their_text(site_dir):
    """Hostile round 35, row 45: GK732 said their text stayed; the page keeps none of it."""
    body = "前文 <svg><text>图中文字</text></svg> 与 <math><mi>x</mi></math> 后文。\n"
    status, items, _ = _gk140(site_dir, body)
    assert {f["message"].split("<")[1].split(">")[0] for f in items} == {"svg", "math"}
    assert all("内容一起删除" in f["message"] for f in items), items
    assert "图中文字" not in markdown_fragment(body)[0]


def test_the_line_is_right_after_a_code_block(site_dir):
    """The tag's offset was taken in the masked body, whose blanked code lines are shorter: body_line counted the
    newlines of the real body up to it, so a tag after a code block was placed lines too early."""
    body = "正文。\n\n```\n" + "代码行很长很长很长很长很长很长很长很长\n" * 6 + "```\n\n<font color=red>重要</font>\n"
    status, items, text = _gk140(site_dir, body)
    assert [f["line"] for f in items] == [text.index("<font color=red>重要</font>") + 1], items
