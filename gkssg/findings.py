"""Findings: what `gkssg check` (and every load step) reports about a site.

Every message is in Chinese for department staff, names the file and line,
says what is wrong and how to fix it, and carries a stable rule code.
Every code is registered, with its stage, severity and summary, in gkssg/rulecodes.py.
Rule code ranges:
  GK0xx catalog.yaml and site configuration
  GK1xx file format and front matter parsing (encoding, BOM, YAML, colons)
  GK2xx document metadata (required fields, dates, topics, validity)
  GK3xx 索引号 (index numbers, credit codes)
  GK4xx 发文字号 (document numbers)
  GK5xx catalogue: 公开路径, empty and stale columns
  GK6xx personal information
  GK7xx links, attachments, media, IPv6 readiness
  GK8xx lifecycle and 政策解读
  GK9xx 政府信息公开工作年度报告
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from gkssg.rulecodes import CODES

# The one control class: every Unicode Cc character, C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F), as YAML's
# double-quoted escapes write them ("\\b", "\\x9b", "\\N"; a backslash in "files\\bmb.docx" is one: round 30, row 16).
# A C1 character is a control to a terminal as much as ESC is (U+009B is an 8-bit CSI, U+0085 a line break:
# round 32, row 10). A message shows them escaped, never as the raw character a terminal would act on.
CONTROL_RANGE = "\x00-\x1f\x7f-\x9f"
CONTROLS = re.compile(f"[{CONTROL_RANGE}]")
# The controls a text field cannot mean: all of them but tab and line breaks, which are whitespace to a page
# (a title's tab is spaced, a column's body keeps its lines). GK129 in front matter, GK018 in catalog.yaml; in a
# body GK134, and the page leaves them out (render.markdown.markdown_fragment).
TEXT_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The one bidi class: the bidirectional embeddings (U+202A–U+202C), overrides (U+202D, U+202E) and isolates
# (U+2066–U+2069), Unicode's Bidi_Control but the marks. An RLO reverses the rest of its line wherever the text is
# shown: a title's <title>, the lists, feed.xml, the terminal (round 32, row 12; "Trojan Source", CVE-2021-42574,
# which rustc denies for the same nine). Chinese is written without them; the bidi algorithm orders right-to-left
# scripts by itself. GK130 in front matter and bodies, GK018 in catalog.yaml.
BIDI_RANGE = "\u202a-\u202e\u2066-\u2069"
BIDI_CONTROLS = re.compile(f"[{BIDI_RANGE}]")
# A closed right-to-left embedding or isolate is text, not a trick: a Uyghur or Arabic name that the program it was
# typed in wrapped in RLE…PDF (U+202B…U+202C) or RLI/FSI…PDI (U+2067/U+2068…U+2069) shows as written, and the
# closing control ends the embedding where it began (hostile round 34, row 27). Only such a pair on one line whose
# content is right-to-left letters and the marks, spaces and punctuation between them is let through (stray_bidi):
# an override (LRO, RLO: "Trojan Source"), an embedding or isolate left open (it reorders the rest of its
# paragraph), a closing control with no opener, nested pairs, and a pair around digits or left-to-right text
# (RLI "2025 12" PDI shows "12 2025"; LRE around Uyghur reverses its words) stay GK130.
_RTL_PAIR = re.compile(f"\u202b([^{BIDI_RANGE}\n]*)\u202c|[\u2067\u2068]([^{BIDI_RANGE}\n]*)\u2069")
_RTL_CONTENT = {"R", "AL", "NSM", "WS", "ON", "CS", "ES", "ET", "BN"}  # Unicode bidi classes: no L, EN, AN


def _right_to_left(text: str) -> bool:
    classes = [unicodedata.bidirectional(c) for c in text]
    return all(c in _RTL_CONTENT for c in classes) and any(c in ("R", "AL") for c in classes)


def stray_bidi(text: str) -> str:
    """`text` without its closed right-to-left pairs (controls and content: _RTL_PAIR), the bidi controls left being
    the ones GK130 reports; lines are kept."""
    if not BIDI_CONTROLS.search(text):
        return text
    return _RTL_PAIR.sub(lambda m: "" if _right_to_left(m.group(1) if m.group(1) is not None else m.group(2))
                         else m.group(0), text)
# The one class of characters nobody sees: format characters (Unicode Cf) that show nothing (zero-width space and
# joiners, word joiner, invisible operators, a BOM inside text, the soft hyphen, interlinear annotation, the tag
# characters of "ASCII smuggling") and the line and paragraph separators (Zl, Zp: a title on two lines in a
# terminal). A title holding one looks whole and is not (search, the same title twice). Not the marks LRM, RLM and
# ALM, nor Mongolian's vowel separator U+180E: scripts need them and they hide nothing. GK133 in front matter and
# bodies (round 34, rows 28 and 47: tag characters in a body or a link's text were published without a word).
# Hostile round 35 (rows 24–37) added what shows nothing but is not Cf: the variation selectors (one after another
# hides a byte each, "emoji smuggling"), the deprecated format characters U+206A–206F, the combining grapheme joiner,
# the Hangul fillers, the blank Braille pattern, the musical formatting characters and Mongolian's free variation
# selectors.
INVISIBLE_RANGE = ("\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u200b-\u200d\u2060-\u2064\u206a-\u206f"
                   "\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0001"
                   "\U000e0020-\U000e007f\U000e0100-\U000e01ef\u2028\u2029")
INVISIBLE = re.compile(f"[{INVISIBLE_RANGE}]")
# Invisible characters a script needs, which GK133 leaves alone (unseen): a zero-width space between Tibetan
# characters, the line-break opportunity Tibetan text carries after its tsheg (hostile round 34, row 26), and a
# zero-width joiner inside an emoji sequence (👨‍👩‍👧, round 34, row 25). Anywhere else they are still GK133.
# So is one variation selector after the character it selects a form of: VS1–16 after an emoji, a keycap's digit or a
# CJK ideograph (❤️, 1️⃣), an ideographic variation selector (VS17–256) after a CJK ideograph, a Mongolian free variation
# selector after a Mongolian letter; a second selector in a row selects nothing (it hides a byte).
_EMOJI = "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
_SCRIPT_NEEDS = re.compile(
    f"(?<=[\u0f00-\u0fff])\u200b(?=[\u0f00-\u0fff])|(?<=[{_EMOJI}\ufe0f])\u200d(?=[{_EMOJI}])"
    f"|(?<=[{_EMOJI}{_IDEOGRAPHS}#*0-9])[\ufe00-\ufe0f](?![{_SELECTORS}])"
    f"|(?<=[{_IDEOGRAPHS}])[\U000e0100-\U000e01ef](?![{_SELECTORS}])"
    f"|(?<=[\u1820-\u18af])[\u180b-\u180d\u180f](?![\u180b-\u180d\u180f])")


def unseen(text: str) -> str:
    """`text` without the invisible characters its scripts need (_SCRIPT_NEEDS): the ones left are GK133's; lines
    are kept."""
    return _SCRIPT_NEEDS.sub("", text) if INVISIBLE.search(text) else text


# Everything a message shows escaped (shown_controls), and what a terminal never receives raw (for_terminal: the
# line break aside): controls, bidi controls and marks, the invisible characters.
HIDDEN_RANGE = f"{BIDI_RANGE}\u200e\u200f\u061c{INVISIBLE_RANGE}"
_SHOWN = re.compile(f"[{CONTROL_RANGE}{HIDDEN_RANGE}]")
_ON_TERMINAL = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{HIDDEN_RANGE}]")  # a line of output may break, nothing else
_NAMES = {"\0": ("\\0", "空字符"), "\a": ("\\a", "响铃"), "\b": ("\\b", "退格"), "\t": ("\\t", "制表符"),
          "\n": ("\\n", "换行"), "\v": ("\\v", "垂直制表符"), "\f": ("\\f", "换页"), "\r": ("\\r", "回车"),
          "\x1b": ("\\e", "转义字符"), "\x85": ("\\N", "下一行"), "\u2028": ("\\L", "行分隔符"),
          "\u2029": ("\\P", "段分隔符")}
_FORMAT_NAMES = {"\u202a": "从左到右嵌入", "\u202b": "从右到左嵌入", "\u202c": "嵌入结束", "\u202d": "从左到右覆盖",
                 "\u202e": "从右到左覆盖", "\u2066": "从左到右隔离", "\u2067": "从右到左隔离", "\u2068": "方向隔离",
                 "\u2069": "隔离结束", "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字",
                 "\u2060": "词连接符", "\ufeff": "零宽不换行空格（BOM）", "\u00ad": "软连字符"}


def _written(char: str) -> str:
    """A character as YAML's double-quoted escapes write it: \\b, \\x9b, \\u202e, \\U000e0041."""
    if char in _NAMES:
        return _NAMES[char][0]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xff else f"\\u{code:04x}" if code <= 0xffff else f"\\U{code:08x}"


def _named(char: str) -> str:
    if char in _NAMES:
        return _NAMES[char][1]
    if char in _FORMAT_NAMES:
        return _FORMAT_NAMES[char]
    return "控制字符" if CONTROLS.match(char) else "标签字符" if "\U000e0000" <= char <= "\U000e007f" else "不可见字符"


def shown_controls(text: str) -> str:
    """`text` with every control, bidi and invisible character written as its YAML escape (\\b, \\0, \\x9b,
    \\u202e, \\u200b …): what a message shows, whatever reads it."""
    return _SHOWN.sub(lambda m: _written(m.group()), text)


def for_terminal(text: str) -> str:
    """`text` as it may reach a terminal: every control but the line break, every bidi control and invisible
    character written as its YAML escape. Every line gkssg prints goes through it (printing.echo): a title, a file
    name or a catalog.yaml name holding ESC or U+009B would otherwise start an escape sequence (round 32, rows 10,
    20, 21: `\\e]0;…\\a` set the window title), one holding U+202E print the rest of the line reversed (row 12)."""
    return _ON_TERMINAL.sub(lambda m: _written(m.group()), text)


def one_line(text: str) -> str:
    """`text` for one line of a report: as `for_terminal`, the line break written as `\\n` too. A file named
    `x⏎⏎检查完成：0 个错误……全部通过。⏎.md` printed its own forged summary line in `gkssg check`'s text output
    (hostile round 33, row 45)."""
    return for_terminal(text).replace("\n", "\\n")


def named_controls(text: str, pattern: re.Pattern = CONTROLS) -> str:
    """The characters of `pattern` in `text`, each once, as written and named: “\\b（退格）、\\u202e（从右到左覆盖）”;
    tag characters, which spell hidden text one letter each, once for all."""
    found = dict.fromkeys("\U000e0000" if "\U000e0000" <= c <= "\U000e007f" else c for c in pattern.findall(text))
    return "、".join("\\U000e00xx（标签字符）" if c == "\U000e0000" else f"{_written(c)}（{_named(c)}）" for c in found)

# The single-veto line (GK512/GK513, checks/catalogue.py): a site-level finding no file causes.
# `gkssg check` reports it as an error; `gkssg build` publishes anyway, since publishing is how a
# team brings its columns up to date (check_output states this in every summary).
VETO_CODES = frozenset({"GK512", "GK513"})
# content/ gave no document because it is missing (GK119) or empty over an output that had documents (GK120):
# every column is empty only because of it, and the column notices (checks/catalogue.py) would bury the one
# finding that says why (hostile round 30, row 12). They are dropped when one of these is reported.
NO_CONTENT_CODES = frozenset({"GK119", "GK120"})
COLUMN_CODES = frozenset({"GK510", "GK511", "GK512", "GK513", "GK514", "GK515"})
# … and so would every agency's folder reported gone (GK019) when content/ as a whole gave nothing (unmounted).
NO_CONTENT_CONSEQUENCES = COLUMN_CODES | {"GK019"}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in a site: a rule code, where, and what to do about it."""

    file: str  # relative to the site root, POSIX separators; "" for site-wide findings
    line: int  # 1-based line in that file; 0 when the finding is about the whole file
    code: str  # stable rule code, e.g. "GK201"
    severity: str  # "error" | "warning" | "info"
    message: str  # Chinese: what is wrong and how to fix it

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "file": self.file,
                "line": self.line, "message": self.message}


@dataclass
class Findings:
    """Collects findings from every stage so one run reports every problem."""

    items: list[Finding] = field(default_factory=list)

    def add(self, code: str, severity: str, file: str, line: int, message: str) -> None:
        registered = CODES.get(code)
        assert registered and severity in registered.severities, f"{code} {severity}: not as registered in gkssg/rulecodes.py"
        message = for_terminal(message)  # a control a document wrote (a YAML "\0", a link's %00): shown, never raw
        self.items.append(Finding(file, line, code, severity, message))

    def error(self, code: str, file: str, line: int, message: str) -> None:
        self.add(code, "error", file, line, message)

    def warning(self, code: str, file: str, line: int, message: str) -> None:
        self.add(code, "warning", file, line, message)

    def info(self, code: str, file: str, line: int, message: str) -> None:
        self.add(code, "info", file, line, message)

    def extend(self, other: "Findings | list[Finding]") -> None:
        self.items.extend(other.items if isinstance(other, Findings) else other)

    def without_consequences(self) -> "Findings":
        """These findings, without the empty-column notices and the agencies' missing folders that only
        follow from content/ giving no document (NO_CONTENT_CODES)."""
        if not any(f.code in NO_CONTENT_CODES for f in self.items):
            return self
        return Findings([f for f in self.items if f.code not in NO_CONTENT_CONSEQUENCES])

    def count(self, severity: str) -> int:
        return sum(1 for f in self.items if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    def sorted(self) -> list[Finding]:
        return sorted(set(self.items))
