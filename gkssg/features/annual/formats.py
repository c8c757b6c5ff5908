"""The two official layouts of the 政府信息公开工作年度报告 tables.

- 2019 trial format: 国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》,
  used by the 2019 and 2020 reports (seeds/002 is the 重庆市 2019 report).
- 2021 format: 国办公开办函〔2021〕30号, used from the 2021 reports on.

Only tables 二, 三 and 四 carry numbers (DOMAIN.md §7). Every row and column
here is spelled exactly as the form prints it; `key` is the short name department
staff type in the front matter, `label` the text the rendered table shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

COUNT = "count"  # a number of items: integer >= 0
DELTA = "delta"  # 本年增/减: an integer that may be negative
MONEY = "money"  # an amount of money: number >= 0, decimals allowed

# Canonical table keys and what staff may type instead.
T2, T3, T4 = "二", "三", "四"
TABLE_KEYS = {
    T2: ("主动公开", "表二", "二、主动公开政府信息情况", "主动公开政府信息情况"),
    T3: ("依申请公开", "表三", "三、收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请情况"),
    T4: ("复议诉讼", "表四", "四、政府信息公开行政复议、行政诉讼情况",
         "政府信息公开行政复议、行政诉讼情况", "行政复议和行政诉讼"),
}
TABLE_TITLES = {
    T2: "二、主动公开政府信息情况",
    T3: "三、收到和处理政府信息公开申请情况",
    T4: "四、政府信息公开行政复议、行政诉讼情况",
}


@dataclass(frozen=True)
class Col:
    """A column of a table: its key, printed label and kind of number."""

    key: str
    label: str
    kind: str = COUNT
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """A row: `key` as typed, `label` as printed; `group` is the enclosing row key
    for numbered sub-rows (e.g. 不予公开 for 1.属于国家秘密)."""

    key: str
    label: str
    group: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Unique id within its table: 'group/key' for sub-rows."""
        return f"{self.group}/{self.key}" if self.group else self.key


@dataclass(frozen=True)
class Block:
    """A block of table 二 (one item of Art. 20) with its own columns."""

    label: str  # 第二十条第（一）项
    columns: tuple[Col, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Format:
    """One official format: table 二 as blocks, tables 三 and 四 as grids."""

    id: str  # "2019" | "2021"
    name: str
    t2: tuple[Block, ...]
    t3_rows: tuple[Row, ...]
    t3_groups: dict[str, str] = field(default_factory=dict)  # group key → printed label
    t3_cols: tuple[Col, ...] = ()
    t4_rows: tuple[Row, ...] = ()
    t4_cols: tuple[Col, ...] = ()

    def rows(self, table: str) -> tuple[Row, ...]:
        if table == T2:
            return tuple(r for b in self.t2 for r in b.rows)
        return self.t3_rows if table == T3 else self.t4_rows

    def columns(self, table: str, row: Row) -> tuple[Col, ...]:
        if table == T2:
            return next(b.columns for b in self.t2 if row in b.rows)
        return self.t3_cols if table == T3 else self.t4_cols

    def block_of(self, row_key: str) -> Block | None:
        return next((b for b in self.t2 if any(r.key == row_key for r in b.rows)), None)

    def group_rows(self, group: str) -> tuple[Row, ...]:
        return tuple(r for r in self.t3_rows if r.group == group)


def _col(key, label=None, kind=COUNT, *aliases) -> Col:
    return Col(key, label or key, kind, tuple(aliases))


# Table 三 columns (identical in both formats).
T3_COLS = (
    _col("自然人"),
    _col("商业企业", None, COUNT, "法人或其他组织商业企业"),
    _col("科研机构"),
    _col("社会公益组织"),
    _col("法律服务机构"),
    _col("其他", None, COUNT, "其他组织"),
    _col("总计", None, COUNT, "合计"),
)
T3_PERSON_COLS = tuple(c.key for c in T3_COLS[:-1])
T3_TOTAL_COL = "总计"
T3_LEGAL_PERSONS = "法人或其他组织"


def _t3_rows(other_rows: tuple[Row, ...]) -> tuple[Row, ...]:
    g = "不予公开"
    n = "无法提供"
    p = "不予处理"
    return (
        Row("本年新收", "一、本年新收政府信息公开申请数量", "", ("本年新收政府信息公开申请数量", "新收")),
        Row("上年结转", "二、上年结转政府信息公开申请数量", "", ("上年结转政府信息公开申请数量",)),
        Row("予以公开", "（一）予以公开"),
        Row("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "",
            ("部分公开（区分处理的，只计这一情形，不计其他情形）",)),
        Row("属于国家秘密", "1.属于国家秘密", g),
        Row("其他法律行政法规禁止公开", "2.其他法律行政法规禁止公开", g),
        Row("危及“三安全一稳定”", "3.危及“三安全一稳定”", g, ("危及三安全一稳定", '危及"三安全一稳定"')),
        Row("保护第三方合法权益", "4.保护第三方合法权益", g),
        Row("属于三类内部事务信息", "5.属于三类内部事务信息", g),
        Row("属于四类过程性信息", "6.属于四类过程性信息", g),
        Row("属于行政执法案卷", "7.属于行政执法案卷", g),
        Row("属于行政查询事项", "8.属于行政查询事项", g),
        Row("本机关不掌握相关政府信息", "1.本机关不掌握相关政府信息", n),
        Row("没有现成信息需要另行制作", "2.没有现成信息需要另行制作", n),
        Row("补正后申请内容仍不明确", "3.补正后申请内容仍不明确", n),
        Row("信访举报投诉类申请", "1.信访举报投诉类申请", p),
        Row("重复申请", "2.重复申请", p),
        Row("要求提供公开出版物", "3.要求提供公开出版物", p),
        Row("无正当理由大量反复申请", "4.无正当理由大量反复申请", p),
        Row("要求行政机关确认或重新出具已获取信息", "5.要求行政机关确认或重新出具已获取信息", p),
        *other_rows,
        Row("总计", "（七）总计", "", ("本年度办理结果总计", "合计")),
        Row("结转下年度", "四、结转下年度继续办理", "", ("结转下年度继续办理",)),
    )


T3_GROUPS_2019 = {"不予公开": "（三）不予公开", "无法提供": "（四）无法提供", "不予处理": "（五）不予处理"}
T3_GROUPS_2021 = {**T3_GROUPS_2019, "其他处理": "（六）其他处理"}
T3_OUTCOME_PARENT = "三、本年度办理结果"
# Rows that R2 adds up to （七）总计: every outcome row (DOMAIN.md §7).
T3_OUTCOME_EXCLUDED = ("本年新收", "上年结转", "总计", "结转下年度")

T4_COLS = (
    _col("结果维持", None, COUNT, "维持"),
    _col("结果纠正", None, COUNT, "纠正"),
    _col("其他结果", None, COUNT, "其他"),
    _col("尚未审结", None, COUNT, "未审结"),
    _col("总计", None, COUNT, "合计"),
)
T4_ROWS = (
    Row("行政复议", "行政复议", "", ("复议",)),
    Row("未经复议直接起诉", "未经复议直接起诉", "", ("行政诉讼未经复议直接起诉", "直接起诉")),
    Row("复议后起诉", "复议后起诉", "", ("行政诉讼复议后起诉",)),
)
T4_LAWSUIT = "行政诉讼"

# The （一） block: rules and normative documents, computable from the site (derive.py).
ART20_1 = "第二十条第（一）项"

FORMAT_2019 = Format(
    id="2019",
    name="国办公开办函〔2019〕60号（试行格式）",
    t2=(
        Block(ART20_1,
              (_col("本年新制作数量"), _col("本年新公开数量"), _col("对外公开总数量")),
              (Row("规章", "规章"), Row("规范性文件", "规范性文件", "", ("行政规范性文件",)))),
        Block("第二十条第（五）项",
              (_col("上一年项目数量"), _col("本年增/减", None, DELTA, "本年增减", "本年增／减"),
               _col("处理决定数量")),
              (Row("行政许可", "行政许可"), Row("其他对外管理服务事项", "其他对外管理服务事项"))),
        Block("第二十条第（六）项",
              (_col("上一年项目数量"), _col("本年增/减", None, DELTA, "本年增减", "本年增／减"),
               _col("处理决定数量")),
              (Row("行政处罚", "行政处罚"), Row("行政强制", "行政强制"))),
        Block("第二十条第（八）项",
              (_col("上一年项目数量"), _col("本年增/减", None, DELTA, "本年增减", "本年增／减")),
              (Row("行政事业性收费", "行政事业性收费"),)),
        Block("第二十条第（九）项",
              (_col("采购项目数量"), _col("采购总金额", None, MONEY)),
              (Row("政府集中采购", "政府集中采购"),)),
    ),
    t3_rows=_t3_rows((Row("其他处理", "（六）其他处理"),)),
    t3_groups=T3_GROUPS_2019,
    t3_cols=T3_COLS,
    t4_rows=T4_ROWS,
    t4_cols=T4_COLS,
)

_OTHER_2021 = "其他处理"
FORMAT_2021 = Format(
    id="2021",
    name="国办公开办函〔2021〕30号",
    t2=(
        Block(ART20_1,
              (_col("本年制发件数"), _col("本年废止件数"), _col("现行有效件数")),
              (Row("规章", "规章"), Row("行政规范性文件", "行政规范性文件", "", ("规范性文件",)))),
        Block("第二十条第（五）项", (_col("本年处理决定数量"),), (Row("行政许可", "行政许可"),)),
        Block("第二十条第（六）项", (_col("本年处理决定数量"),),
              (Row("行政处罚", "行政处罚"), Row("行政强制", "行政强制"))),
        Block("第二十条第（八）项",
              (_col("本年收费金额", "本年收费金额（单位：万元）", MONEY,
                    "本年收费金额（单位：万元）", "本年收费金额（万元）"),),
              (Row("行政事业性收费", "行政事业性收费"),)),
    ),
    t3_rows=_t3_rows((
        Row("逾期不补正", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _OTHER_2021,
            ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",)),
        Row("逾期未缴费", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", _OTHER_2021,
            ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",)),
        Row("其他", "3.其他", _OTHER_2021),
    )),
    t3_groups=T3_GROUPS_2021,
    t3_cols=T3_COLS,
    t4_rows=T4_ROWS,
    t4_cols=T4_COLS,
)

# What real reports write in a cell that does not apply (not a number, not a slip): kept as written, counts as 0.
NA_MARKS = ("/", "／", "\\", "—", "——", "-", "－", "–", "--", "无", "不适用")

FORMATS = {"2019": FORMAT_2019, "2021": FORMAT_2021}
FORMAT_ALIASES = {
    "2019": "2019", "试行": "2019", "2019试行": "2019", "国办公开办函〔2019〕60号": "2019",
    "2021": "2021", "国办公开办函〔2021〕30号": "2021",
}


def default_format(year: int) -> Format:
    """The format a report for `year` uses when its front matter does not say:
    the trial format through the 2020 reports, the 2021 format from 2021 on."""
    return FORMAT_2019 if year <= 2020 else FORMAT_2021


def format_named(value) -> Format | None:
    """The format written as `value` (2019 / 2021 / 试行 / the document number), or None."""
    return FORMATS.get(FORMAT_ALIASES.get(normalize_label(str(value)), ""))


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])\s*")
_FULLWIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", '"': "“", "＂": "“", "／": "/", " ": "", "\u3000": ""})


def normalize_label(text: str) -> str:
    """A label as compared: numbering (一、 （一） 1.) dropped, brackets and spaces unified."""
    text = str(text).strip().translate(_FULLWIDTH)
    text = _NUMBERING.sub("", text)
    return text.replace("”", "“")


def match(name: str, candidates) -> object | None:
    """The Row/Col among `candidates` that `name` spells (key, label or alias)."""
    wanted = normalize_label(name)
    for cand in candidates:
        spellings = (cand.key, cand.label, *cand.aliases)
        if any(normalize_label(s) == wanted for s in spellings):
            return cand
    return None
