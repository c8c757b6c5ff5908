"""The demo content reproduces the five seed documents faithfully.

content/ is both the demo site and the first test fixture, so every seed line
must survive the conversion to Markdown: nothing paraphrased, shortened,
reordered or added. Only the lines listed in SEEDS as front matter or page
chrome may be missing from a body. Uses only pyyaml and the standard library
(front matter is split by hand on the `---` lines).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


def _seeds_dir() -> Path:
    # CI clones the repository next to `shared/`; developers have /work/shared.
    for candidate in (Path(__file__).resolve().parents[2] / "shared" / "seeds", Path("/work/shared/seeds")):
        if candidate.is_dir():
            return candidate
    raise AssertionError("找不到 shared/seeds：请把仓库克隆在 shared/ 旁边")


SEEDS_DIR = _seeds_dir()

# For each seed: the content file, how many leading lines became front matter,
# the lines dropped as page chrome (with why), and the metadata it must carry.
SEEDS = {
    "000": {
        "doc": "content/cqszfbgt/2019-90001.md",
        "header_lines": 2,  # web page title, 发布日期
        "chrome": {
            "文件下载": "download widget; the attachment file is not part of the seed",
            "重庆市人民政府办公厅关于印发 <BR>2019年重庆市政务公开工作要点的通知": "download link text",
        },
        "meta": {
            "标题": "重庆市人民政府办公厅关于印发2019年重庆市政务公开工作要点的通知",
            "索引号": "11500000009275780L/2019-90001",
            "发文字号": "渝府办发〔2019〕71号",
            "发布机构": "重庆市人民政府办公厅",
            "成文日期": dt.date(2019, 6, 20),
            "发布日期": dt.date(2019, 6, 28),
            "公开路径": ["政府信息公开>政府信息公开制度", "政府信息公开目录>政策文件>其他文件"],
        },
    },
    "001": {
        "doc": "content/tlszwgk/2019-90001.md",
        "header_lines": 0,
        "chrome": {"信息来源：暂无来源": "web page source field, not document text"},
        "meta": {
            "标题": "通辽市政务公开工作领导小组关于印发2019年政务公开工作要点的通知",
            "索引号": "ZBJG0002/2019-90001",
            "发文字号": "通政公字〔2019〕2号",
            "发布机构": "通辽市政务公开工作领导小组",
            "成文日期": dt.date(2019, 7, 19),
            "发布日期": dt.date(2019, 7, 19),
            "公开路径": ["政府信息公开>政府信息公开制度", "政府信息公开目录>政策文件>其他文件"],
        },
    },
    "002": {
        "doc": "content/cqszfbgt/2020-11304.md",
        "header_lines": 12,  # the page's metadata table (twice) and the web page title
        "chrome": {"您即将离开“重庆市人民政府网站”": "page pop-up text"},
        # The report's tables are data (年报数据, docs/annual-report.md): the seed lines
        # between these section headings are cells, checked number by number against
        # the rendered tables in tests/test_annual_render.py, not body text.
        "tables_as_data": ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                           "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"),
        "meta": {
            "标题": "重庆市2019年政府信息公开工作年度报告",
            "索引号": "11500000009275780L/2020-11304",
            "主题分类": "电子政务",
            "发布机构": "重庆市人民政府办公厅",
            "成文日期": dt.date(2020, 3, 31),
            "发布日期": dt.date(2020, 3, 31),
            "公开路径": ["政府信息公开>政府信息公开年报"],
        },
    },
    "003": {
        "doc": "content/qjqzf/2017-00861.md",
        "header_lines": 12,  # breadcrumb, nine metadata bullets, blank line, web page title
        "chrome": {},
        "meta": {
            "标题": "重庆市黔江区人民政府办公室关于认真落实政务公开重点任务分工和有关工作的通知",
            "索引号": "11500114009130039C/2017-00861",
            "发文字号": "黔江府办发〔2017〕53号",
            "主题分类": "其他",
            "体裁分类": "行政规范性文件",
            "发布机构": "重庆市黔江区人民政府",
            "成文日期": dt.date(2017, 6, 1),
            "发布日期": dt.date(2017, 6, 1),
            "有效性": "有效",
            "公开路径": ["政府信息公开目录>政策文件>其他文件", "法定主动公开内容>履职依据>规范性文件"],
        },
    },
    "004": {
        "doc": "content/ljxq/2021-90001.md",
        "header_lines": 0,
        "chrome": {"1": "page number of the printed document"},
        "meta": {
            "标题": "重庆两江新区管理委员会办公室关于印发2021年两江新区政务公开工作要点任务分工的通知",
            "索引号": "ZBJG0001/2021-90001",
            "发文字号": "渝两江管办发﹝2021﹞44号",
            "发布机构": "重庆两江新区管理委员会办公室",
            "成文日期": dt.date(2021, 6, 6),
            "发布日期": dt.date(2021, 6, 6),
            "公开路径": ["政府信息公开>政府信息公开制度", "政府信息公开目录>政策文件>其他文件"],
        },
    },
}

# Word-processor residue inside a seed line, removed during conversion.
ARTEFACTS = ("[bookmark: _GoBack]",)
_WS = re.compile(r"\s+")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def seed_text(key: str) -> str:
    return next(SEEDS_DIR.glob(f"{key}_*.txt")).read_text(encoding="utf-8")


def read_doc(rel: str) -> tuple[dict, str]:
    """Split a content file on its `---` lines into (front matter, body)."""
    lines = (REPO / rel).read_text(encoding="utf-8").split("\n")
    assert lines[0] == "---", f"{rel} 应以 --- 开头"
    end = lines.index("---", 1)
    return yaml.safe_load("\n".join(lines[1:end])), "\n".join(lines[end + 1:])


def squash(text: str) -> str:
    """Compare text ignoring whitespace and table pipes (Chinese needs no spaces)."""
    return _WS.sub("", text.replace("|", ""))


def body_text(body: str) -> str:
    """The body's words: Markdown heading marks, table rules and <br> removed."""
    kept = []
    for line in body.split("\n"):
        if _TABLE_RULE.match(line):
            continue
        kept.append(re.sub(r"^#{1,6}\s+", "", line).replace("<br>", ""))
    return squash("\n".join(kept))


def seed_lines(key: str) -> list[str]:
    """The seed's lines that must appear in the body, squashed."""
    spec = SEEDS[key]
    out = []
    headings = spec.get("tables_as_data", ())
    in_tables = False
    for line in seed_text(key).split("\n")[spec["header_lines"]:]:
        if line.strip() in spec["chrome"]:
            continue
        if headings and line.strip() in headings:
            in_tables = line.strip() != headings[-1]
        elif in_tables:
            continue
        for artefact in ARTEFACTS:
            line = line.replace(artefact, "")
        if squash(line):
            out.append(squash(line))
    return out


def markdown_tables(body: str) -> list[list[list[str]]]:
    """Every pipe table of a body as rows of stripped cells (header row first)."""
    tables, current = [], []
    for line in body.split("\n") + [""]:
        if line.startswith("|"):
            if not _TABLE_RULE.match(line):
                current.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif current:
            tables.append(current)
            current = []
    return tables


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_seed_line_appears_in_the_converted_body(key):
    _, body = read_doc(SEEDS[key]["doc"])
    text = body_text(body)
    missing = [line for line in seed_lines(key) if len(line) > 1 and line not in text]
    assert not missing, f"seeds/{key} 的这些行没有出现在 {SEEDS[key]['doc']} 正文中：{missing[:3]}"


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_converted_body_is_the_seed_text_in_order_with_nothing_added(key):
    _, body = read_doc(SEEDS[key]["doc"])
    expected, actual = "".join(seed_lines(key)), body_text(body)
    if expected != actual:
        at = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
        pytest.fail(f"seeds/{key} 第 {at} 个字符起不一致：原文「{expected[at:at + 40]}」正文「{actual[at:at + 40]}」")


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_front_matter_records_the_seed_metadata(key):
    meta, _ = read_doc(SEEDS[key]["doc"])
    for field, value in SEEDS[key]["meta"].items():
        assert meta.get(field) == value, f"{SEEDS[key]['doc']} 的 {field} 应为 {value!r}，实为 {meta.get(field)!r}"
    assert meta["公开属性"] == "主动公开"


def test_seed_page_metadata_became_front_matter():
    lines = seed_text("000").split("\n")
    meta, _ = read_doc(SEEDS["000"]["doc"])
    assert lines[0].strip() == meta["标题"]
    assert lines[1].strip() == f"发布日期:{meta['发布日期']:%Y-%m-%d}"
    header = "\n".join(seed_text("002").split("\n")[:12])
    meta, _ = read_doc(SEEDS["002"]["doc"])
    for value in (meta["索引号"], meta["主题分类"], meta["标题"], f"{meta['成文日期']:%Y-%m-%d}"):
        assert value in header
    header = seed_text("003").split("\n")[:12]
    meta, _ = read_doc(SEEDS["003"]["doc"])
    assert header[0].strip() == "您当前位置: 首页/政务公开/政府信息公开目录/政策文件/其他文件"
    bullets = dict(line.strip().lstrip("•").strip().split(" ", 1) for line in header[1:9])
    assert bullets["索引号"] == meta["索引号"] and bullets["发文字号"] == meta["发文字号"]
    assert bullets["主题分类"] == meta["主题分类"] and bullets["体裁分类"] == meta["体裁分类"]
    assert squash(bullets["文件标题"]) == meta["标题"]
    assert bullets["发布机构"] == "黔江区人民政府" and header[9].strip() == "• 有效性"


def test_annual_report_tables_keep_every_number_in_its_cell():
    # The tables are data in the front matter (年报数据, docs/annual-report.md).
    meta, _ = read_doc(SEEDS["002"]["doc"])
    data = meta["年报数据"]
    assert data["主动公开"]["规章"] == {"本年新制作数量": 7, "本年新公开数量": "8(含2018年 结转1件)", "对外公开总数量": 186}
    assert data["主动公开"]["政府集中采购"] == {"采购项目数量": 28954, "采购总金额": "552.94亿元"}
    apply = {}
    for label, value in data["依申请公开"].items():
        if "自然人" in value:
            apply[label] = list(value.values())
        else:
            apply.update({f"{label}/{sub}": list(v.values()) for sub, v in value.items()})
    assert len(apply) == 23 and all(len(v) == 7 for v in apply.values())
    for label, values in apply.items():  # R3: 总计 = 自然人 + five kinds of 法人或其他组织
        assert values[6] == sum(values[:6]), label
    new, carried, done, left = apply["本年新收"], apply["上年结转"], apply["总计"], apply["结转下年度"]
    for col in range(7):  # R1: 一 + 二 = 三（七） + 四 (DOMAIN.md §7: 7522 + 149 = 7498 + 173)
        assert new[col] + carried[col] == done[col] + left[col]
    for block in data["复议诉讼"].values():  # R4
        values = list(block.values())
        assert values[4] == sum(values[:4])


def test_task_tables_keep_every_row():
    _, body = read_doc(SEEDS["003"]["doc"])
    (rows,) = markdown_tables(body)
    assert rows[0] == ["目标", "序号", "任务", "具体要求", "责任单位"]
    assert [r[1] for r in rows[1:]] == [str(n) for n in range(1, 35)]
    assert all(len(r) == 5 and r[3] and r[4] for r in rows[1:])
    _, body = read_doc(SEEDS["004"]["doc"])
    (rows,) = markdown_tables(body)
    assert all(len(r) == 5 for r in rows)
    cells = squash("".join("".join(r) for r in rows).replace("<br>", ""))
    paths = re.findall(r"公开路径：[^〕]*〕", seed_text("004"))
    assert len(paths) == 23 and all(squash(p) in cells for p in paths)


def _catalog() -> dict:
    return yaml.safe_load((REPO / "catalog.yaml").read_text(encoding="utf-8"))


def _chains(columns, prefix=()):
    for col in columns:
        names = [col["name"], *col.get("aliases", [])]
        chain = prefix + (names,)
        yield chain
        yield from _chains(col.get("children", []), chain)


def _resolve(path: str) -> list[tuple]:
    """Columns whose ancestry ends with the path's segments (DOMAIN.md §3)."""
    segments = [s.strip() for s in path.split(">") if s.strip()]
    if segments[0] == "政府网站":
        segments = segments[1:]
    return [chain for chain in _chains(_catalog()["columns"])
            if len(chain) >= len(segments)
            and all(seg in names for names, seg in zip(chain[-len(segments):], segments))]


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_publication_path_names_exactly_one_column(key):
    meta, _ = read_doc(SEEDS[key]["doc"])
    for path in meta["公开路径"]:
        assert len(_resolve(path)) == 1, path


def test_catalog_has_every_column_the_seed_task_list_names():
    text = seed_text("004")
    paths = re.findall(r"公开路径：(?:（1）)?(政府网站>[^；〕）]*)", text)
    paths += ["政务公开>政府信息公开目录>政策解读>" + form for form in ("视频", "图片", "文字")]
    for path in paths:
        head, _, last = path.rpartition(">")
        # "核酸检测点/发热门诊/疫苗接种点" lists sibling columns; "预算/决算" is one name.
        names = [last] if last == "预算/决算" else last.split("/")
        for name in names:
            assert len(_resolve(f"{head}>{name}")) == 1, f"{head}>{name}"


def _gb32100_ok(code: str) -> bool:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(alphabet.index(c) * w for c, w in zip(code[:17], weights))
    return alphabet[(31 - total % 31) % 31] == code[17]


def test_index_numbers_follow_the_documented_site_scheme():
    catalog = _catalog()
    pattern = re.compile(catalog["site"]["index_no_pattern"])
    agencies = {a["name"]: a for a in catalog["agencies"]}
    for spec in SEEDS.values():
        meta, _ = read_doc(spec["doc"])
        agency = agencies[meta["发布机构"]]
        match = pattern.match(meta["索引号"])
        assert match, meta["索引号"]
        assert match["code"] == (agency.get("credit_code") or agency["local_code"])
        assert spec["doc"] == f"{agency['folders'][0]}/{match['year']}-{match['serial']}.md"
        assert int(match["year"]) in (meta["成文日期"].year, meta["发布日期"].year)
    assert all(_gb32100_ok(a["credit_code"]) for a in agencies.values() if a.get("credit_code"))
    for name in ("重庆两江新区管理委员会办公室", "通辽市政务公开工作领导小组"):
        assert not agencies[name].get("credit_code"), f"{name} 的统一社会信用代码未知，不得编造"
        assert re.fullmatch(r"ZBJG\d{4}", agencies[name]["local_code"])


def test_site_assigned_serials_count_from_90001_per_agency_and_year():
    serials: dict[tuple[str, str], list[int]] = {}
    for spec in SEEDS.values():
        meta, _ = read_doc(spec["doc"])
        code, year_serial = meta["索引号"].split("/")
        year, serial = year_serial.split("-")
        if serial.startswith("9"):
            serials.setdefault((code, year), []).append(int(serial))
    assert serials, "至少一篇文件使用站点自编索引号"
    for numbers in serials.values():
        assert sorted(numbers) == list(range(90001, 90001 + len(numbers)))


# The real 政府信息公开指南 of the demo (content/ydz): the stored text of its web page,
# http://cqxs.gov.cn/jz/ydx/zwgk_78906/zfxxgkzn_78907, is tests/data/real/ydz_zfxxgkzn.txt.
GUIDE = {"doc": "content/ydz/2024-90001.md", "source": REPO / "tests" / "data" / "real" / "ydz_zfxxgkzn.txt",
         "url": "http://cqxs.gov.cn/jz/ydx/zwgk_78906/zfxxgkzn_78907",
         "header_lines": 4,  # web page title, blank, 来源, 发布时间
         "truncated_from": "2.邮政寄递"}  # the stored page text ends inside this item


def test_the_real_guide_is_its_source_text_in_order_up_to_where_the_stored_copy_ends():
    meta, body = read_doc(GUIDE["doc"])
    lines = GUIDE["source"].read_text(encoding="utf-8").split("\n")
    kept = []
    for line in lines[GUIDE["header_lines"]:]:
        if line.startswith(GUIDE["truncated_from"]):
            break
        kept.append(squash(line))
    body_lines = body.split("\n")
    note = [line for line in body_lines if line.startswith("> 演示站点注：")]
    assert len(note) == 1 and GUIDE["url"] in note[0], "正文末尾应有一条写明原网页地址的“演示站点注”"
    assert body_text("\n".join(line for line in body_lines if line not in note)) == "".join(kept)
    assert meta["标题"] == lines[0].strip()
    assert lines[2].strip() == f"来源:{meta['来源']}" and lines[3].strip() == f"发布时间:{meta['发布日期']:%Y-%m-%d}"
    assert "演示" not in meta, "真实文件不得标注为演示"
    assert GUIDE["url"] in (REPO / GUIDE["doc"]).read_text(encoding="utf-8").split("---")[1]


def _all_docs():
    return sorted((REPO / "content").rglob("*.md"))


def test_the_demo_holds_40_to_80_documents_and_marks_every_one_it_made():
    real = {spec["doc"] for spec in SEEDS.values()} | {GUIDE["doc"]}
    docs = _all_docs()
    assert 40 <= len(docs) <= 80, len(docs)
    for path in docs:
        rel = path.relative_to(REPO).as_posix()
        meta, _ = read_doc(rel)
        if rel in real:
            assert "演示" not in meta, rel
        else:
            assert meta.get("演示") is True, f"{rel} 是为演示编写的文件，前置信息应写“演示: true”"
