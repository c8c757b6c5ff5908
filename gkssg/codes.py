"""Identifier arithmetic: credit codes, organisation codes, index numbers,
document numbers, ID numbers, mobile numbers and card numbers.

Pure functions only; the check rules (gkssg/checks/) and search call them.
Each function cites the standard its arithmetic comes from (DOMAIN.md §4, §5, §13).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# --- GB 32100-2015 统一社会信用代码 -------------------------------------------------

# Character set without I O S V Z; the position of a character is its value (0–30).
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a credit code.

    Raises ValueError when a character is outside the GB 32100 alphabet.
    """
    if len(first17) != 17:
        raise ValueError("统一社会信用代码本体应为 17 位")
    total = 0
    for char, weight in zip(first17.upper(), CREDIT_WEIGHTS):
        value = CREDIT_ALPHABET.find(char)
        if value < 0:
            raise ValueError(f"字符 {char} 不属于统一社会信用代码字符集")
        total += value * weight
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def is_credit_code_syntax(code: str) -> bool:
    """18 characters, all from the GB 32100 alphabet (check digit not verified)."""
    return len(code) == 18 and all(c in CREDIT_ALPHABET for c in code)


def is_valid_credit_code(code: str) -> bool:
    """Whether an 18-character 统一社会信用代码 has the right GB 32100 check character."""
    if not is_credit_code_syntax(code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def embedded_org_code(credit_code: str) -> str:
    """The 9-character 组织机构代码 inside a credit code (characters 9–17, GB 32100)."""
    return credit_code[8:17]


# --- GB 11714 组织机构代码 -------------------------------------------------------------

ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY = re.compile(r"^[0-9A-Z]{8}\Z")


def org_code_check_char(first8: str) -> str:
    """The GB 11714 check character: 11 − (Σ value×weight mod 11); 10 → X, 11 → 0.

    Digits count as their value and letters A–Z as 10–35.
    """
    if not _ORG_BODY.match(first8):
        raise ValueError("组织机构代码本体应为 8 位数字或大写字母")
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_WEIGHTS))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_valid_org_code(code: str) -> bool:
    """Whether a 9-character 组织机构代码 (with or without the hyphen) checks (GB 11714)."""
    code = code.replace("-", "").upper()
    if len(code) != 9 or not _ORG_BODY.match(code[:8]):
        return False
    return org_code_check_char(code[:8]) == code[8]


# --- 索引号 (DOMAIN.md §4) ----------------------------------------------------------

# The one default shape (docs/checks.md "索引号的格式" lists each with a real example and its
# source): `<agency code>[-<category>]<"/", "-" or "-/"><year>[month]["-"]<serial>`, where the
# agency code is an 18-character 统一社会信用代码 (GB 32100), a 9-character 组织机构代码
# (GB 11714), a 6-digit 行政区划代码 (GB/T 2260) or a site-local code of 3–18 digits and letters
# in either case (册亨县 CHX/2019-1650684, 阿里地区 dqxs/2021-00016; GK302 still tells a lowercase
# 统一社会信用代码 to use uppercase, as GB 32100 does); a 2–4 digit category may follow it (福建 QZ09054-0101-2025-00001, 河南
# XC412927-02-2013-00108); the year may be followed by its month (201901-00336), and the month by
# its day when a "-" follows (保山市's sites: 115330250152645191/20260116-00001); a 组织机构代码
# may be printed as GB 11714 prints it, 主体代码-校验码 (施甸县 01525939-x/20260130-00001: its
# code is 01525939X, see parse_index_no); the serial has 4–8 digits. Sites whose numbers have
# another shape declare it in catalog.yaml (site.index_no_pattern).
DEFAULT_INDEX_NO_PATTERN = (
    r"^(?P<code>[0-9A-Za-z]{8}-[0-9Xx]|[0-9A-Za-z]{3,18})(?:-\d{2,4})?(?:/|-|-/)"
    r"(?P<year>(?:19|20)\d{2})(?:(?:0[1-9]|1[0-2])(?:(?:0[1-9]|[12]\d|3[01])(?=-))?)?-?"
    r"(?P<serial>\d{4,8})$"
)

# What GK301 tells the user the default accepts, shape by shape.
DEFAULT_INDEX_NO_SHAPES = (
    ("18 位统一社会信用代码（GB 32100）", "11500000009275780L/2020-11304"),
    ("9 位组织机构代码（GB 11714）", "000014349/2017-00156"),
    ("6 位行政区划代码（GB/T 2260）或站点自编代码（3–18 位数字、字母，不分大小写）", "6107280000/2024-001005"),
    ("年份后加月份", "003129766/201901-00336"),
    ("用“-”或“-/”分隔", "01527918X-2020-153077"),
    ("机构代码后加分类号", "QZ09054-0101-2025-00001"),
    ("年份后加月、日", "115330250152645191/20260116-00001"),
    ("组织机构代码按 GB 11714 印作“主体代码-校验码”", "01525939-X/2026-00001"),
)
# Named groups a site's own pattern may have: serial is required; code (checked against the
# publisher, GK307) and year (checked against the dates, GK306) when the numbers carry them.
INDEX_NO_GROUPS = ("code", "year", "serial")
REQUIRED_INDEX_NO_GROUPS = ("serial",)


# The year (with its month when a separator follows it) and the serial at the end of an index
# number in any shape: 971045726/mssrmzf/2023-00073, 971045726_202312_73, HP0120210019.
_YEAR_SERIAL = (re.compile(r"(?P<year>(?:19|20)\d{2}(?:0[1-9]|1[0-2])?)[-/_.\s]+(?P<serial>\d{1,8})$"),
                re.compile(r"(?P<year>(?:19|20)\d{2})(?P<serial>\d{1,8})$"))


def reshaped_index_no(code: str, text: str) -> str | None:
    """`text` in the default shape with `code`, keeping the year (and month) and the serial
    as written; only the shape changes (separators, a serial padded to four digits).
    None when the text shows no year and serial to keep."""
    match = next((m for p in _YEAR_SERIAL if (m := p.search(text.strip()))), None)
    if not match or not code:
        return None
    candidate = f"{code}/{match['year']}-{match['serial'].zfill(4)}"
    return candidate if parse_index_no(candidate) else None


@dataclass(frozen=True)
class IndexNo:
    """The parts of a 索引号 that the site's pattern names."""

    text: str
    code: str  # agency code ("" when the pattern has no `code` group)
    year: int | None
    serial: str  # as written, zero padding kept ("" when absent)


_PRINTED_ORG_CODE = re.compile(r"^[0-9A-Za-z]{8}-[0-9Xx]$")


# The longest 索引号 a pattern is tried on: real ones are 20–35 characters; a longer text is no 索引号, and a site's
# own pattern is only safe on a bounded text (load/regex_guard.py).
MAX_INDEX_NO_CHARS = 64


def parse_index_no(text: str, pattern: str = "") -> IndexNo | None:
    """Parse an index number with the site's pattern (groups code, year, serial).

    Returns None when the text does not match (or is longer than MAX_INDEX_NO_CHARS). Missing groups come back empty.
    """
    if len(text.strip()) > MAX_INDEX_NO_CHARS:
        return None
    match = re.match(pattern or DEFAULT_INDEX_NO_PATTERN, text.strip())
    if not match:
        return None
    groups = match.groupdict()
    year = groups.get("year")
    code = groups.get("code") or ""
    if _PRINTED_ORG_CODE.match(code):  # 01525939-x is the 组织机构代码 01525939X (GB 11714's printed form)
        code = code.replace("-", "")
    return IndexNo(text=text.strip(), code=code,
                   year=int(year[:4]) if year else None, serial=groups.get("serial") or "")


# One 索引号 in its spellings (hostile round 27a, rows 3 and 4): the code as parse_index_no reads it (GB 11714's
# hyphen dropped: 01525939-X is 01525939X), a 2–4 digit category kept, and "/" for the separator "-/" or "-"
# before the year (the page-name form 01525939X-20260130-00001, which document_slug gives both spellings).
_INDEX_NO_HEAD = re.compile(r"^(?P<code>[0-9A-Z]{8}-[0-9X]|[0-9A-Z]+)(?P<cat>-[0-9]{2,4})?"
                            r"(?:-?/|-(?=(?:19|20)[0-9]{2}))", re.IGNORECASE | re.ASCII)


def fold_index_no(compact: str) -> str:
    """`compact` (an 索引号 without spaces) with its code and separator in one spelling, case kept:
    01525939-x-/20260130-00001, 01525939x-20260130-00001 → 01525939x/20260130-00001. Text of another shape is
    returned as it is. search.js (queryKeys) does the same."""
    match = _INDEX_NO_HEAD.match(compact)
    if not match:
        return compact
    return f"{match['code'].replace('-', '')}{match['cat'] or ''}/{compact[match.end():]}"


def index_no_identity(text: str) -> str:
    """What makes two 索引号 one number (GK305, the fact index): stripped, the spellings folded, upper case."""
    return fold_index_no(text.strip()).upper()


# The month and day the default shape lets follow the year (115330250152645191/20260116-00001).
_MONTH_DAY = re.compile(r"(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12][0-9]|3[01])-")


def impossible_index_no_date(text: str, pattern: str = "") -> str | None:
    """The date an 索引号 of the default shape writes after its year when that day does not exist (20260231,
    20250229: hostile round 27a, row 8), as 2026年2月31日; None otherwise (a site's own pattern is its own)."""
    if pattern and pattern != DEFAULT_INDEX_NO_PATTERN:
        return None
    match = re.match(DEFAULT_INDEX_NO_PATTERN, text.strip())
    if not match:
        return None
    day = _MONTH_DAY.match(text.strip(), match.end("year"))
    if not day:
        return None
    year, month, number = int(match["year"]), int(day["month"]), int(day["day"])
    try:
        dt.date(year, month, number)
    except ValueError:
        return f"{year}年{month}月{number}日"
    return None


# --- 发文字号 (GB/T 9704-2012, DOMAIN.md §5) -------------------------------------------

# The Chinese characters of a 机关代字 or an issuer: the basic block, and planes 2 and 3 (CJK Extension B and later,
# search's tokenizer.CJK). A name may have such a character, and search folds some traditional characters to one
# (澫 → 𬇕, 暐 → 𬀩: search/simplified.py), so a 发文字号 keeps its exact key when typed folded. search.js has the same.
HAN = "\u4e00-\u9fa5\U00020000-\U0003ffff"
CANONICAL_DOC_NO = re.compile(rf"^[{HAN}A-Za-z]+〔(19|20)\d{{2}}〕[1-9]\d*号\Z")
# 令: 重庆市人民政府令第290号, 中华人民共和国主席令第三十一号.
ORDER_DOC_NO = re.compile(rf"^(?P<issuer>[{HAN}]+令)第(?P<serial>[0-9]+|[一二三四五六七八九十百千零〇两]+)号\Z")

_OPEN = "〔﹝[［【（(〖{｛"
_CLOSE = "〕﹞]］】）)〗}｝"
_VARIANT_DOC_NO = re.compile(
    rf"^(?P<org>[{HAN}A-Za-z]+?)(?P<open>[{re.escape(_OPEN)}])(?P<year>\d{{2}}|\d{{4}})(?P<nian>年?)"
    rf"(?P<close>[{re.escape(_CLOSE)}])(?P<di>第?)(?P<serial>\d+)(?P<hao>号?)$")
_SPACES = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class DocNo:
    """A parsed 发文字号 and how it differs from the GB/T 9704 canonical form."""

    text: str  # as written
    normalized: str  # canonical form
    org: str  # 机关代字 (or the issuer of an order, e.g. 重庆市人民政府令)
    year: int | None  # None for orders
    serial: str
    is_order: bool
    problems: tuple[str, ...]  # Chinese descriptions of each deviation; empty when canonical


def _expand_year(digits: str) -> int:
    if len(digits) == 4:
        return int(digits)
    # Two-digit years seen in the wild are recent: 00–49 → 20xx, 50–99 → 19xx.
    value = int(digits)
    return 2000 + value if value < 50 else 1900 + value


def parse_doc_no(text: str) -> DocNo | None:
    """Parse a 发文字号 in any common bracket style; None when it is not one.

    Canonical (GB/T 9704-2012): 机关代字 + 〔四位年份〕 + 序号（无前导零、无"第"）+ 号.
    Orders (重庆市人民政府令第290号) have their own canonical form and are accepted.
    """
    raw = text
    compact = _SPACES.sub("", text.strip())
    if not compact:
        return None
    order = ORDER_DOC_NO.match(compact)
    if order:
        serial = order["serial"]
        problems = []
        if serial.isdigit() and serial != str(int(serial)):
            problems.append("序号有前导零")
            serial = str(int(serial))
        if compact != raw:
            problems.append("含有空格")
        return DocNo(raw, f"{order['issuer']}第{serial}号", order["issuer"], None, serial,
                     True, tuple(problems))
    match = _VARIANT_DOC_NO.match(compact)
    if not match:
        return None
    year = _expand_year(match["year"])
    serial = str(int(match["serial"]))
    if serial == "0" or not 1900 <= year <= 2099:
        return None
    normalized = f"{match['org']}〔{year}〕{serial}号"
    problems = []
    if match["open"] != "〔" or match["close"] != "〕":
        problems.append(f"年份括号“{match['open']}{match['close']}”应为六角括号“〔〕”")
    if len(match["year"]) == 2:
        problems.append("年份应写全四位")
    if match["nian"]:
        problems.append("年份后不应加“年”")
    if match["di"]:
        problems.append("序号前不应加“第”")
    if match["serial"] != serial:
        problems.append("序号不应有前导零")
    if not match["hao"]:
        problems.append("缺少“号”字")
    if compact != raw:
        problems.append("含有空格")
    return DocNo(raw, normalized, match["org"], year, serial, False, tuple(problems))


def normalize_doc_no(text: str) -> str:
    """The canonical form of a 发文字号 typed in any bracket style.

    Search indexes and queries both go through this, so 渝两江管办发﹝2021﹞44号,
    渝两江管办发[2021]44号 and 渝两江管办发〔2021〕044号 all find the same document.
    Text that is not a document number comes back with only whitespace removed.
    """
    parsed = parse_doc_no(text)
    return parsed.normalized if parsed else _SPACES.sub("", text.strip())


def display_doc_no(text: str) -> str:
    """The 发文字号 as the site shows it (metadata table, listings, library, feeds, search
    results): the GB/T 9704-2012 form (六角括号〔〕, four-digit year, no 第, no leading zero,
    no spaces) when it is recognisably one, else as written (GK401 reports it). The body of
    a document keeps the text as published; GK402 tells the department the fix."""
    parsed = parse_doc_no(text)
    return parsed.normalized if parsed else text.strip()


_DOC_NO_IN_TEXT = re.compile(
    rf"(?<=[{HAN}A-Za-z])\s*[{re.escape(_OPEN)}]\s*(\d{{4}}|\d{{2}})\s*年?\s*[{re.escape(_CLOSE)}]"
    rf"\s*第?\s*0*([1-9]\d*)\s*号")


def normalize_doc_nos_in_text(text: str) -> str:
    """Rewrite every 发文字号 inside free text (a search query, a snippet) to canonical form.

    渝府办发[2019]第071号 通知 → 渝府办发〔2019〕71号 通知. Only the bracket, year and serial
    part changes, so the 机关代字 before it is kept as typed. Inside text the closing 号 is
    required (规划（2021）1 期 is no document number); whole queries go through normalize_doc_no.
    """
    def canonical(match: re.Match) -> str:
        return f"〔{_expand_year(match.group(1))}〕{match.group(2)}号"
    return _DOC_NO_IN_TEXT.sub(canonical, text)


def is_canonical_doc_no(text: str) -> bool:
    """Whether a 发文字号 is already in GB/T 9704 canonical form (orders included)."""
    return bool(CANONICAL_DOC_NO.match(text)) or (
        bool(ORDER_DOC_NO.match(text)) and normalize_doc_no(text) == text)


# --- GB 11643-1999 居民身份证号码 -------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """The GB 11643 check character: "10X98765432"[Σ dᵢ·wᵢ mod 11]."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def id_birth_date(number: str) -> dt.date | None:
    """The birth date inside an 18-digit ID number, or None when it is not a real date."""
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def is_valid_id_number(number: str, today: dt.date | None = None) -> bool:
    """Whether text is an 18-digit 居民身份证号码: area, real birth date, GB 11643 check.

    Contract and serial numbers look alike; a wrong check character or an
    impossible birth date (month 13, 30 February, after `today`, before 1900)
    means it is not an ID number (DOMAIN.md §13).
    """
    number = number.upper()
    if not re.fullmatch(r"[1-9]\d{16}[\dX]", number):
        return False
    birth = id_birth_date(number)
    if birth is None or birth.year < 1900 or birth > (today or dt.date.today()):
        return False
    return id_check_char(number[:17]) == number[17]


# --- mobile numbers and card numbers ---------------------------------------------------

def is_mobile_number(text: str) -> bool:
    """A mainland mobile number: 1[3-9] followed by 9 digits, nothing more."""
    return bool(re.fullmatch(r"1[3-9]\d{9}", text))


def luhn_valid(digits: str) -> bool:
    """The Luhn (ISO/IEC 7812) check that bank card numbers carry."""
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# --- masking for messages --------------------------------------------------------------

def mask_number(number: str) -> str:
    """Hide the middle of a number so a finding never republishes it.

    110105194912310 02X → 110105********002X; 13812345678 → 138****5678;
    6222020200112233445 → 6222***********3445.
    """
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[-4:]
    if len(number) == 11:
        return number[:3] + "****" + number[-4:]
    keep = 4 if len(number) > 10 else 2
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]
