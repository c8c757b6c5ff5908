"""A minimal, deterministic Word (.docx) writer: centred title, paragraphs and one bordered table.

Enough for a printable form (the 依申请公开 申请表) that opens in Word, WPS and LibreOffice,
without a third-party package. The same bytes come out for the same input (fixed zip
timestamps), so an unchanged form is not rewritten by an incremental build.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>')
_PAGE_WIDTH_TWIPS = 9000  # A4 (11906) less 2 × 1453 twips (≈ 2.56 cm) margins


@dataclass
class Cell:
    """A table cell: text, how many grid columns it spans, whether it is a label (bold, shaded)
    and whether it is a tall writing box."""

    text: str = ""
    span: int = 1
    label: bool = False
    tall: bool = False


def _run(text: str, bold: bool = False, size: int = 21) -> str:
    props = f'<w:rPr><w:rFonts w:eastAsia="宋体"/>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>'
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph(text: str, bold: bool = False, center: bool = False, size: int = 21) -> str:
    align = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    return f"<w:p>{align}{_run(text, bold, size)}</w:p>"


def _table(rows: list[list[Cell]], columns: int) -> str:
    width = _PAGE_WIDTH_TWIPS // columns
    borders = "".join(f'<w:{side} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{width * columns}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
           '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
           + f'<w:gridCol w:w="{width}"/>' * columns + "</w:tblGrid>"]
    for row in rows:
        tall = any(c.tall for c in row)
        out.append(f'<w:tr><w:trPr><w:trHeight w:val="{2400 if tall else 560}"/></w:trPr>')
        for cell in row:
            span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="EDEDED"/>' if cell.label else ""
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width * cell.span}" w:type="dxa"/>{span}{shade}'
                       f'<w:vAlign w:val="center"/></w:tcPr>{_paragraph(cell.text, bold=cell.label)}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document_xml(title: str, before: list[str], rows: list[list[Cell]], columns: int, after: list[str]) -> str:
    body = [_paragraph(title, bold=True, center=True, size=36)]
    body += [_paragraph(text) for text in before]
    body.append(_table(rows, columns))
    body += [_paragraph(text, size=18) for text in after]
    section = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
               '<w:pgMar w:top="1440" w:right="1453" w:bottom="1440" w:left="1453" w:header="720" w:footer="720" w:gutter="0"/>'
               '</w:sectPr>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
            + "".join(body) + section + "</w:body></w:document>")


def build_docx(title: str, before: list[str], rows: list[list[Cell]], columns: int, after: list[str] = ()) -> bytes:
    """The .docx bytes of a form: title, paragraphs, the table of `columns` grid columns, notes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("word/document.xml", document_xml(title, before, rows, columns, list(after)))):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
