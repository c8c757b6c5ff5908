"""Hand-built sites for the annual-report tests (no dependency on the content loader)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from gkssg.model import Agency, Column, Document, Site, SiteInfo

REPO = Path(__file__).resolve().parent.parent
SEED_REPORT = "content/cqszfbgt/2020-11304.md"
DEMO_2020 = "content/cqszfbgt/2021-90001.md"

# canonical key ← front-matter spellings, as DOMAIN.md §2 lists them
KEYS = {"标题": "title", "索引号": "index_no", "发布机构": "publisher", "体裁分类": "genre",
        "成文日期": "written", "发布日期": "published", "废止日期": "abolished", "有效期至": "valid_until",
        "有效性": "validity", "公开属性": "disclosure", "施行日期": "effective",
        "年报数据": "report", "年度": "year", "年报格式": "format"}
EXTRA = ("report", "report_file", "year", "format")


def parse_document(root: Path, rel: str) -> Document:
    """A Document from a Markdown file, the way the content loader fills it for these tests."""
    text = (root / rel).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    node = yaml.compose(front)
    data = yaml.safe_load(front)
    doc = Document(source=rel, body=body, body_line=front.count("\n") + 3)
    for (key_node, _), (key, value) in zip(node.value, data.items()):
        name = KEYS.get(key, key)
        doc.key_lines[name] = key_node.start_mark.line + 2
        if name in EXTRA:
            doc.extra[name] = value
        elif hasattr(doc, name) and name not in ("paths",):
            setattr(doc, name, value)
    return doc


def make_site(root: Path, docs: list[Document], build_date=dt.date(2026, 1, 1)) -> Site:
    """A site with the 重庆市人民政府办公厅 agency and a 年报 column holding every report."""
    main = Agency("cqszfbgt", "重庆市人民政府办公厅", credit_code="11500000009275780L",
                  folders=["content/cqszfbgt"])
    other = Agency("qjq", "黔江区人民政府", credit_code="11500114009130039C", folders=["content/qjq"])
    gk = Column("政府信息公开", "zfxxgk")
    reports = Column("政府信息公开年报", "zfxxgknb", kind="reports", parent=gk)
    gk.children.append(reports)
    site = Site(root=root, info=SiteInfo(name="重庆市人民政府", base_url="https://www.cq.gov.cn/",
                                         sponsor="重庆市人民政府办公厅"),
                agencies=[main, other], topics=["电子政务"], genres=[], columns=[gk],
                documents=docs, build_date=build_date)
    for doc in docs:
        doc.agency = site.agency_named(doc.publisher)
        doc.slug = doc.index_no.replace("/", "-")
        if "report" in doc.extra:
            doc.columns = [reports]
    return site


def seed_site(tmp_path: Path | None = None, text: str | None = None, extra: list[Document] = ()) -> Site:
    """The repository's demo site reduced to the 2019 report (optionally with edited text)."""
    root = REPO
    if text is not None:
        root = tmp_path
        (root / "content/cqszfbgt").mkdir(parents=True, exist_ok=True)
        (root / SEED_REPORT).write_text(text, encoding="utf-8")
    return make_site(root, [parse_document(root, SEED_REPORT), *extra])
