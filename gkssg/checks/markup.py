"""GK732: raw HTML in a body that the page will not have.

The sanitizer (render/markdown.py) keeps a short list of tags: text, tables, lists, images, links. Any other tag a
department writes into a body (`<video>`, `<audio>`, `<font color=red>`, `<form>`, `<style>`) is removed from the
page without a word: a video that was meant to play is simply not there (hostile round 33, hard33's list). The
tags that can run script have their own errors (GK131 `<script>`, GK132 `<iframe>`/`<object>`/`<embed>`); this
warns once per tag name and file, on the line of its first use, with what to write instead. Code (fenced, indented,
spans) is shown as text and never read here.
"""

from __future__ import annotations

import re
from collections import Counter

from gkssg.checks.common import body_line
from gkssg.checks.registry import document_rule
from gkssg.findings import Findings
from gkssg.load.content import mask_code
from gkssg.model import Document, Site
from gkssg.render.markdown import ALLOWED_TAGS

# An opening tag as Markdown passes it through as raw HTML: a letter, then the name, then a space, "/" or ">".
# An autolink (<https://…>, <a@b.cn>) has ":" or "@" after its first word and is no tag.
_OPENING = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
_OWN_ERRORS = frozenset({"script", "iframe", "object", "embed"})  # GK131, GK132
_MEDIA = frozenset({"video", "audio", "source", "track", "picture"})
# the sanitizer drops what they hold too (round 35, row 45: <svg>'s and <math>'s text was said to stay)
_REMOVED_WITH_TEXT = frozenset({"style", "template", "svg", "math"})
# An HTML comment is shown by nothing: no tag in it (round 35, row 46). (`\<font>` is: Python-Markdown keeps the
# backslash and still reads the tag, which the page drops.)
_NOT_TAGS = re.compile(r"<!--.*?-->", re.S)


@document_rule("GK732")
def dropped_tags(site: Site, doc: Document, findings: Findings) -> None:
    """GK732 warning: a tag of the body's raw HTML that the page drops, once per tag name, at its first line: what
    the department wrote is not what the public reads (国办秘函〔2019〕19号 counts content that cannot be used)."""
    if "<" not in doc.body:
        return
    text = _NOT_TAGS.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), mask_code(doc.body, same_length=True))  # offsets kept
    first: dict[str, int] = {}
    counts: Counter = Counter()
    inside_until = 0  # the end of an element dropped with what it holds: the tags inside go with it
    for match in _OPENING.finditer(text):
        name = match.group(1).lower()
        if match.start() < inside_until or name in ALLOWED_TAGS or name in _OWN_ERRORS:
            continue
        if name in _REMOVED_WITH_TEXT:
            close = re.compile(f"</{name}\\s*>", re.I).search(text, match.end())
            inside_until = close.end() if close else len(text)
        counts[name] += 1
        first.setdefault(name, match.start())
    for name, offset in first.items():
        times = f"（共 {counts[name]} 处）" if counts[name] > 1 else ""
        findings.warning("GK732", doc.source, body_line(doc, offset), f"正文中的 <{name}> 标签{times}{_fate(name)}")


def _fate(name: str) -> str:
    if name in _MEDIA:
        return ("发布时会被删除，网页上不会有这段视频或音频：请把视频、音频文件作为“媒体”字段附上"
                "（见 docs/lifecycle.md），或在正文中写成普通链接 [说明](文件名)")
    if name in _REMOVED_WITH_TEXT:
        return "发布时会连同其中的内容一起删除：请删除它，需要显示的文字直接写在正文中"
    return "发布时会被删除（其中的文字保留，颜色、字体等格式不保留）：请删除这个标签，正文只写文字、表格、列表和图片"
