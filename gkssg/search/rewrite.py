"""Queries as people type them: the forms of one query that are searched together.

A query is folded (tokenizer.fold: full-width → half-width, traditional → simplified,
lower case) and then searched in up to MAX_FORMS forms; a document matches when it
matches any form, and scores the best of its forms' scores (search.js does the same,
query for query: tests/test_search_differential.py):

- the query itself;
- 发文字号 typed without brackets or with words around the year: in 国办发2022年8号,
  国办发 2022 8号, 国办发(2022)8号 and 2022年第8号 the year and serial become 〔2022〕8号,
  and words before them are a group of their own (财政部2023年11号 → 财政部 〔2023〕11号:
  the documents of 财政部, its 发布机构, numbered 〔2023〕11号). Queries seen on a public
  search site show the forms (https://www.zhetiaohe.com/ss/6c336fb44e47f01b4d20770a7c4e4aeac932fb6db638300a20d27ee82bade2550ecbb156a71ceaec6da0ecee29d614b463721c20212945a3c6d4361d896f363a.html
  “财政部2023年11号”, …/ss/7a384d5c… “住建部2023年3号令全文”, …/ss/6f3385d0… “建房2022年16号文件原文”).
  The whole query, rewritten so, is also looked up as an exact 发文字号 (keys.py);
- ABBREVIATIONS, each way: a query with the long form also searches the short one, and a
  query with the short form the long one, unless the short form is part of the long one
  (then the short form finds every document the long one does).

A form other than the query as typed scores REWRITTEN_WEIGHT of its score.
"""

from __future__ import annotations

import re

from .keys import query_keys
from .tokenizer import fold, query_groups

MAX_FORMS = 6
# A document found only by a rewritten form scores this much of that form's score: what was typed
# comes first (年报 finds a 年报 before a 年度报告 of the same score).
REWRITTEN_WEIGHT = 0.9


def form_weight(i: int) -> float:
    """The weight of the i-th form of forms() (the query as typed is the first)."""
    return 1.0 if i == 0 else REWRITTEN_WEIGHT

# (short, long): what people type and what documents say. The first four are issue 19's; 住建部 /
# 住建局 from the queries above and a column name on a government site
# (http://www.nbjb.gov.cn/col/col1229214366/index.html: 部门政务公开区 住建局); the others are the
# common short names of the departments whose documents every local column carries.
ABBREVIATIONS = (
    ("年报", "年度报告"),
    ("解读", "政策解读"),
    ("规范性文件", "行政规范性文件"),
    ("公开指南", "政府信息公开指南"),
    ("住建部", "住房和城乡建设部"),
    ("住建局", "住房和城乡建设局"),
    ("住建委", "住房和城乡建设委员会"),
    ("发改委", "发展和改革委员会"),
    ("人社局", "人力资源和社会保障局"),
    ("人社厅", "人力资源和社会保障厅"),
    ("卫健委", "卫生健康委员会"),
    ("市监局", "市场监督管理局"),
)

_OPEN = "〔﹝\\[【(〖{"
_CLOSE = "〕﹞\\]】)〗}"
# A year and serial of a 发文字号: brackets, 年 or spaces between them (without any, 202249 is ambiguous).
_YEAR_SERIAL = re.compile(rf"[{_OPEN}]?\s*((?:19|20)[0-9][0-9])(\s*[{_CLOSE}]\s*|\s*年\s*|\s+)"
                          r"(?:第\s*)?0*([1-9][0-9]{0,5})\s*号")


def doc_no_form(query: str) -> str:
    """`query` (folded) with each 发文字号 year and serial written 〔year〕serial号, and the words
    before it apart (a group of their own); the query itself when it has none."""
    def canonical(match: re.Match) -> str:
        before = query[:match.start()]
        sep = " " if before and not before.endswith(" ") else ""
        return f"{sep}〔{match.group(1)}〕{match.group(3)}号"
    return _YEAR_SERIAL.sub(canonical, query).strip()


def _abbreviated(form: str) -> list[str]:
    out = []
    for short, long in ABBREVIATIONS:
        if long in form:
            out.append(form.replace(long, short))
        elif short in form and short not in long:
            out.append(form.replace(short, long))
    return out


def forms(query: str) -> list[str]:
    """The forms of a query searched together, the query (folded) first; at most MAX_FORMS, none
    with the same groups of tokens as an earlier one."""
    base = " ".join(fold(query).split())
    candidates = [base, doc_no_form(base)]
    for form in list(candidates):
        candidates += _abbreviated(form)
    out, seen = [], set()
    for form in candidates:
        key = repr(query_groups(form))
        if form and key not in seen and len(out) < MAX_FORMS:
            seen.add(key)
            out.append(form)
    return out


def exact_keys(query: str) -> list[str]:
    """The exact 发文字号 / 索引号 keys of a query: of the query folded, and of its 发文字号 form
    written whole (国办发2022年8号 → 国办发〔2022〕8号)."""
    base = " ".join(fold(query).split())
    keys = query_keys(base)
    glued = doc_no_form(base).replace(" ", "")
    return list(dict.fromkeys(keys + query_keys(glued)))
