"""Round 36b: GK131/GK132 (load/content._check_raw_html → load/parsed.written_as_markup) against the page's own HTML
before sanitizing (Python-Markdown's HTML of the body, parsed the same way). The check parses the body *as written*
(code blanked by mask_code), the page is Python-Markdown's output: wherever the two differ, a script or event
attribute that is markup on the page goes unreported (MISS), or text on the page is reported (FALSE).
Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_raw.py"""
from __future__ import annotations

import re

from gkssg.findings import Findings
from gkssg.load.content import _check_raw_html
from gkssg.load.parsed import as_parsed, without_controls
from gkssg.render.markdown import _markdown_html

S = "<script>alert(1)</script>"
E = '<img src="a.png" onerror="alert(1)">'
BODIES = {
    # a container the as-written parse sees, that Markdown writes as text
    "escaped <plaintext>": "说明：\\<plaintext> 标签已停用。\n\n" + S + "\n\n" + E,
    "escaped <textarea>": "说明 \\<textarea> 示例\n\n" + E,
    "escaped <xmp>": "见 \\<xmp> 标签\n\n" + E,
    "escaped <!--": "注：\\<!-- 不是注释\n\n" + E + "\n\n结束 -->",
    "unclosed <!-- in prose": "备注 <!-- 待定\n\n" + E,
    "link dest <plaintext>": "[附件](<plaintext>)\n\n" + E,
    "link title <xmp>": '[附件](a.pdf "<xmp>")\n\n' + E,
    "image alt <textarea>": "![<textarea>](a.png)\n\n" + E,
    "autolink with <noscript>": "<https://www.gov.cn/?q=<noscript>>\n\n" + E,
    "ref definition <title>": "[r]: a.pdf '<title>'\n\n[r]\n\n" + E,
    "tag Markdown escapes (quote with <)": '说明 <xmp title="<"> 结束\n\n' + E,
    "code span with \\`": "\\`" + S + "\\`",
    "~~~ fence (no fenced_code)": "~~~\n" + E + "\n~~~",
    "``` fence (no fenced_code)": "```\n" + S + "\n```",
    "code span in raw div": "<div>\n`" + E + "`\n</div>",
    "indented after blank in div": "<div>\nx\n\n    " + E + "\n</div>",
    "`-->` in a raw comment block": "<!-- 注释 `-->` " + E + " -->",
    "`</textarea>` in a raw block": "<div><textarea>`</textarea>`" + E + "</textarea></div>",
    "backtick attr in raw div": '<div title="`" onclick="alert(1)" lang="`">x</div>',
    "attr_list onclick": "正文 {: onclick=\"alert(1)\" }",
    "attr_list heading onmouseover": "## 标题 {: onmouseover=\"alert(1)\" }",
    # the tag or attribute as html5ever reads it, not as the pattern does
    "<svg/onload=>": "图 <svg/onload=alert(1)>",
    'quoted value then /onerror': '图 <img src="a.png"/onerror=alert(1)>',
    'quoted value then onerror': '图 <img src="a.png"onerror=alert(1)>',
    # a control character the page's text leaves out (without_controls) inside the name
    "<script ESC>": "正文 <script\x1b>alert(1)</script>",
    "<scr ESC ipt>": "正文 <scr\x1bipt>alert(1)</script>",
    "on ESC error=": '图 <img src="a.png" on\x1berror=alert(1)>',
    "<iframe C1 (U+0085)>": '正文 <iframe\x85 src="https://www.gov.cn/">',
    # false positives: text on the page, reported
    "multi-line code span": "见 `a\n" + S + "` 示例",
    "code block in list": "- 项目\n\n        " + S,
    "backslash \\<script>": "示例 \\<script>alert(1)\\</script>",
    "quote < in tag (escaped by Markdown)": '示例 <img src="a.png" title="<" onerror="alert(1)">',
    "email-like tag": "示例 <script@x.cn> y",
}


EVENTS = {"on" + n for n in ("load", "error", "click", "mouseover", "focus", "blur", "toggle", "animationstart",
                                "pointerover", "input", "change", "submit", "keydown", "begin", "end")}


RAW_TEXT = re.compile(r"<(xmp|iframe|noembed|noframes|noscript|script|style)>.*?</\1>", re.S)


def page_marks(body):
    """What the page's HTML before sanitizing (Python-Markdown's) has as markup: parsed as the sanitizer parses it
    (every element kept, event attributes from a fixed list recorded), not found with the check's patterns."""
    made = _markdown_html(without_controls(body))
    seen = []

    def record(tag, attribute, value):
        seen.append(("GK132", attribute))
        return value

    out = as_parsed(made, EVENTS, record, removed=frozenset())
    out = RAW_TEXT.sub(r"<\1>", out).split("<plaintext>")[0]  # text written as it is: no tag of the page
    for tag, code in (("script", "GK131"), ("iframe", "GK132"), ("object", "GK132"), ("embed", "GK132")):
        if re.search(rf"<{tag}[\s>/]", out):
            seen.append((code, tag))
    return sorted(set(seen)), made


def check_marks(body):
    f = Findings()
    _check_raw_html(body, 1, "content/x.md", f)
    out = []
    for item in f.items if hasattr(f, "items") else f:
        code = getattr(item, "code", None) or item[0]
        msg = getattr(item, "message", "")
        if code in ("GK131", "GK132") and "javascript:" not in msg:
            out.append((code, msg))
    return out


# 74ab1a9^1's _check_raw_html (patterns over mask_code(body), no parse), to tell a regression from an old miss
OLD_PATTERNS = [(re.compile(r"<\s*script\b", re.I), "GK131"), (re.compile(r"<\s*(iframe|object|embed)\b", re.I), "GK132"),
                (re.compile(r"\son[a-z]+\s*=", re.I), "GK132")]


def old_marks(body):
    from gkssg.load.content import mask_code
    text = mask_code(body)
    return sorted({code for pattern, code in OLD_PATTERNS if pattern.search(text)})


def main():
    miss = false = 0
    for name, body in BODIES.items():
        page, made = page_marks(body)
        checked = check_marks(body)
        verdict = "ok   "
        if page and not checked:
            verdict, miss = "MISS ", miss + 1
        elif checked and not page:
            verdict, false = "FALSE", false + 1
        print(verdict, f"{name:40}", "page:", page, "| check:", [c for c, _ in checked], "| old:", old_marks(body))
        if verdict != "ok   ":
            print("      made:", repr(made[:160]))
    print(f"{miss} bodies whose page has a script/iframe/on…= the check does not report; {false} reported though text")


if __name__ == "__main__":
    main()
