"""Sites for the annual-report tests: the demo site copied to a temporary folder, or a small hand-made one."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

from conftest import declared_folders

from gkssg.findings import Findings
from gkssg.load.site import load_site
from gkssg.model import Site

REPO = Path(__file__).resolve().parent.parent
SEED_REPORT = "content/cqszfbgt/2020-11304.md"  # seeds/002, 2019 trial format
DEMO_2020 = "content/cqszfbgt/2021-90001.md"  # demo data, 2021 format
BUILD_DATE = dt.date(2026, 11, 1)

HAND_CATALOG = """\
site:
  name: 年报测试站点
  base_url: https://www.example.gov.cn/
  site_code: "5000000001"
  sponsor: 重庆市人民政府办公厅
agencies:
  - id: cqszfbgt
    name: 重庆市人民政府办公厅
    credit_code: 11500000009275780L
    folders: [content/cq]
  - id: qjq
    name: 重庆市黔江区人民政府
    credit_code: 11500114009130039C
    folders: [content/qj]
extra_topics: [电子政务]
columns:
  - name: 政府信息公开
    slug: zfxxgk
    children:
      - {name: 政府信息公开制度, slug: zfxxgkzd}
      - {name: 规范性文件, slug: gfxwj, kind: library}
      - {name: 政府信息公开年报, slug: zfxxgknb, kind: reports}
"""


def demo_site(tmp_path: Path, edits: dict[str, list[tuple[str, str]]] | None = None,
              drop: tuple[str, ...] = ()) -> Path:
    """Copy the demo site into tmp_path, replacing text in some files (file → [(old, new)])."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "catalog.yaml", root / "catalog.yaml")
    for rel in drop:
        (root / rel).unlink()
    for rel, pairs in (edits or {}).items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert text.count(old) == 1, f"{old!r} should occur once in {rel}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return root


def hand_site(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "hand"
    root.mkdir(parents=True, exist_ok=True)
    (root / "catalog.yaml").write_text(HAND_CATALOG, encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    declared_folders(root)  # the agencies' folders the test wrote nothing into, empty (GK019)
    return root


def load(root: Path, build_date: dt.date = BUILD_DATE) -> tuple[Site, Findings]:
    """Load a site with the content loader; fails the test on loader errors."""
    site, findings = load_site(root, build_date)
    assert not findings.errors, [f for f in findings.items if f.severity == "error"]
    return site, findings


def doc(site: Site, source: str):
    return next(d for d in site.documents if d.source == source)


def policy(index: str, title: str, genre: str, written: str, published: str, agency: str = "cq",
           extra: str = "") -> tuple[str, str]:
    """A 规章/规范性文件 content file for the hand-made site."""
    code = "11500000009275780L" if agency == "cq" else "11500114009130039C"
    publisher = "重庆市人民政府办公厅" if agency == "cq" else "重庆市黔江区人民政府"
    text = f"""\
    ---
    标题: {title}
    索引号: {code}/{published[:4]}-{index}
    发布机构: {publisher}
    主题分类: 综合政务
    体裁分类: {genre}
    成文日期: {written}
    发布日期: {published}
    有效性: {'废止' if '废止日期' in extra else '有效'}
    公开路径:
      - 政府信息公开>规范性文件
    {extra}
    ---
    正文。
    """
    return f"content/{agency}/{published[:4]}-{index}.md", text


def report_file(year: int, body_rows: str, fmt: str = "2021", agency: str = "cq", index: str = "09001",
                published: str | None = None) -> tuple[str, str]:
    """A report content file whose 年报数据 is `body_rows` (already indented by 2 spaces)."""
    code = "11500000009275780L" if agency == "cq" else "11500114009130039C"
    publisher = "重庆市人民政府办公厅" if agency == "cq" else "重庆市黔江区人民政府"
    published = published or f"{year + 1}-01-20"
    text = (f"---\n标题: {publisher}{year}年政府信息公开工作年度报告\n索引号: {code}/{published[:4]}-{index}\n"
            f"发布机构: {publisher}\n主题分类: 电子政务\n成文日期: {published}\n发布日期: {published}\n"
            f"公开路径:\n  - 政府信息公开>政府信息公开年报\n年度: {year}\n年报格式: {fmt}\n年报数据:\n"
            f"{body_rows}---\n\n## 一、总体情况\n\n正文。\n")
    return f"content/{agency}/{published[:4]}-{index}.md", text


def with_annual(features: tuple[str, ...]) -> tuple[str, ...]:
    """features.registry.REGISTRY with the annual-report feature exactly once (whether or not it lists it)."""
    return (*(f for f in features if f != "gkssg.features.annual"), "gkssg.features.annual")
