"""GK6xx: personal information in published text (DOMAIN.md §13).

Leaked ID numbers are a recurring real incident and a single-veto item
(国办秘函〔2019〕19号: 泄露个人隐私). To stay quiet on contract and serial
numbers, a digit run is only flagged when it really is what it looks like:
an ID number with a valid GB 11643 check character and a real birth date,
a mobile number not inside a longer run, a card number passing Luhn next to
words like 卡号. Messages mask the number so the report never republishes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gkssg import codes
from gkssg.checks.common import body_line
from gkssg.checks.registry import document_rule, per_run
from gkssg.findings import Findings
from gkssg.model import Document, Site

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
# Either a free-standing run, or right after the +86 / 0086 country prefix.
MOBILE = re.compile(r"(?:(?<=\+86)|(?<=0086)|(?<=\+86[- ])|(?<=0086[- ])|(?<![\dA-Za-z-]))1[3-9]\d(?:[- ]?\d{4}){2}(?![\dA-Za-z-])")
# Not inside a longer code: 11500099700519188N (a 统一社会信用代码) holds a Luhn-valid run.
CARD = re.compile(r"(?<![\dA-Za-z-])\d{4}(?:[ -]?\d{4}){2}[ -]?\d{4,7}(?![\dA-Za-z-])")
CARD_CONTEXT = re.compile(r"卡号|银行卡|借记卡|信用卡|账号|帐号|开户行|账户|帐户")
CARD_CONTEXT_CHARS = 20  # how far before the number the context word may stand
# Every number above is at least 11 characters of digits, spaces and hyphens between two digits:
# a text without such a run has none of them, and most bodies are skipped with one cheap scan.
CANDIDATE = re.compile(r"\d[\d -]{9,}[\dXx]")


@dataclass(frozen=True)
class Hit:
    """A number found in a document: its kind, digits and where it stands."""

    kind: str  # "id" | "mobile" | "card"
    number: str  # digits only (X upper-cased)
    line: int


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text).upper()


def _texts(doc: Document):
    """(text, line-of-offset function) for the body and the displayed metadata."""
    yield doc.body, lambda offset: body_line(doc, offset)
    for key in ("title", "summary"):
        value = getattr(doc, key)
        if value:
            line = doc.line_of(key)
            yield value, lambda offset, line=line: line


@per_run
def find_numbers(doc: Document, today=None) -> list[Hit]:
    """Every ID, mobile and bank card number in a document that passes its checks."""
    hits: list[Hit] = []
    for text, line_at in _texts(doc):
        if not CANDIDATE.search(text):
            continue
        id_spans = []
        for m in ID_NUMBER.finditer(text):
            if codes.is_valid_id_number(m.group(), today):
                hits.append(Hit("id", m.group().upper(), line_at(m.start())))
                id_spans.append(m.span())
        for m in CARD.finditer(text):
            number = _digits(m.group())
            if any(a <= m.start() < b for a, b in id_spans) or not 16 <= len(number) <= 19:
                continue
            context = text[max(0, m.start() - CARD_CONTEXT_CHARS):m.start()]
            if CARD_CONTEXT.search(context) and codes.luhn_valid(number):
                hits.append(Hit("card", number, line_at(m.start())))
        for m in MOBILE.finditer(text):
            hits.append(Hit("mobile", _digits(m.group()), line_at(m.start())))
    return hits


_LABELS = {"id": "居民身份证号码", "mobile": "手机号码", "card": "银行卡号"}


@document_rule("GK601", "GK602", "GK603", "GK604")
def personal_numbers(site: Site, doc: Document, findings: Findings) -> None:
    """GK601 error: an 18-digit 居民身份证号码 with a valid GB 11643 check character and a
    real birth date; GK602 warning: a mobile number 1[3-9]\\d{9} not inside a longer digit
    run (offices publish landlines; a mobile is usually a person's); GK603 error: a 16–19
    digit bank card number passing Luhn next to 卡号/银行卡/账号 (DOMAIN.md §13, seeds/003
    保密审查). GK604 info: a number listed in 允许公开号码 (privacy_allow) — reported, never silent."""
    allowed = {_digits(n) for n in doc.privacy_allow}
    for hit in find_numbers(doc, site.build_date):
        label, masked = _LABELS[hit.kind], codes.mask_number(hit.number)
        if hit.number in allowed:
            findings.info("GK604", doc.source, hit.line,
                          f"{label} {masked} 已列入“允许公开号码”，按要求公开：请确认公开该号码有法定依据并经保密审查。")
        elif hit.kind == "id":
            findings.error("GK601", doc.source, hit.line,
                           f"正文含有居民身份证号码 {masked}：公开前必须删除或隐去中间 8 位"
                           "（如 110105********002X）；确需公开的，请在“允许公开号码”中列出并说明依据。")
        elif hit.kind == "card":
            findings.error("GK603", doc.source, hit.line,
                           f"正文含有银行卡号 {masked}：请删除或只保留后 4 位；确需公开的对公账号，"
                           "请在“允许公开号码”中列出。")
        else:
            findings.warning("GK602", doc.source, hit.line,
                             f"正文含有手机号码 {masked}：个人手机号属于个人信息，请改为办公电话或隐去中间 4 位"
                             "（如 138****5678）；确需公开的服务电话，请在“允许公开号码”中列出。")


@document_rule("GK605")
def unused_allowances(site: Site, doc: Document, findings: Findings) -> None:
    """GK605 warning: every 允许公开号码 entry occurs in the document; a stale entry would
    silently allow the number if it were pasted in later (DOMAIN.md §13)."""
    if not doc.privacy_allow:
        return
    present = {hit.number for hit in find_numbers(doc, site.build_date)}
    text_digits = _digits(doc.body + doc.title + doc.summary)
    for entry in doc.privacy_allow:
        number = _digits(entry)
        if not number:
            findings.warning("GK605", doc.source, doc.line_of("privacy_allow"),
                             f"“允许公开号码”中的“{entry}”不是号码：这里只列需要公开的身份证号、手机号或账号，请删除这一项。")
        elif number not in present and number not in text_digits:
            findings.warning("GK605", doc.source, doc.line_of("privacy_allow"),
                             f"“允许公开号码”中的 {codes.mask_number(number)} 在正文中没有出现："
                             "请删除这一项，避免以后误放行其他内容。")
