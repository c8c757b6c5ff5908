"""GK4xx: 发文字号 (GB/T 9704-2012, DOMAIN.md §5).

Canonical: 机关代字 + 〔四位年份〕 + 序号 + 号 with six-angle brackets U+3014/U+3015,
no leading zero and no 第; orders (重庆市人民政府令第290号) have their own form.
Search normalises every variant the same way (codes.normalize_doc_no).
"""

from __future__ import annotations

from gkssg import codes
from gkssg.checks.registry import document_rule
from gkssg.findings import Findings
from gkssg.model import Document, Site


@document_rule("GK401", "GK402")
def canonical_form(site: Site, doc: Document, findings: Findings) -> None:
    """GK401 error: the 发文字号 is recognisable as one (机关代字〔年份〕序号号 or 令第N号);
    GK402 warning: variant brackets (﹝﹞ [] ［］ 【】 （） () 〖〗), two-digit years, 第,
    leading zeros or spaces — reported with the GB/T 9704-2012 normalised form."""
    if not doc.doc_no.strip():
        return
    line = doc.line_of("doc_no")
    parsed = codes.parse_doc_no(doc.doc_no)
    if parsed is None:
        findings.error("GK401", doc.source, line,
                       f"发文字号“{doc.doc_no}”无法识别：应写作“机关代字〔年份〕序号号”，如 渝府办发〔2019〕71号；"
                       "政府令写作“重庆市人民政府令第290号”。没有发文字号的文件请删除该项。")
    elif parsed.problems:
        findings.warning("GK402", doc.source, line,
                         f"发文字号“{doc.doc_no}”不符合 GB/T 9704-2012（{'；'.join(parsed.problems)}）："
                         f"请改为“{parsed.normalized}”。")


@document_rule("GK403")
def year_matches_written(site: Site, doc: Document, findings: Findings) -> None:
    """GK403 warning: the year in the 发文字号 equals the 成文日期 year (GB/T 9704-2012:
    the year is the year the document was issued)."""
    parsed = codes.parse_doc_no(doc.doc_no) if doc.doc_no.strip() else None
    if parsed is None or parsed.year is None or doc.written is None:
        return
    if parsed.year != doc.written.year:
        findings.warning("GK403", doc.source, doc.line_of("doc_no"),
                         f"发文字号年份 {parsed.year} 与成文日期 {doc.written.isoformat()} 的年份不一致："
                         "请核对发文字号或成文日期。")
