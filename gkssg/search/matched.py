"""Which fields of a result matched the query, as the result says (标题, 发文字号, 关键词 …).

A field is named when a group of the query (of any of its forms: rewrite.forms) occurs in
it as a phrase, tokenized as the index tokenizes; 发文字号 / 索引号 also when the whole query
is that number (an exact key). A field holding a number (发文字号, 索引号, 解读对象: a policy's
number) is named for a form only when every group of the form with a digit is in it too: the
number typed is this one, not another of the same 机关代字 (岳云政发〔2017〕8号, the number the
text of 岳云政发〔2022〕2号 says it abolishes, matched that document in its text, not in its
发文字号: real round 2026-12-07c, #5). 正文 is named when no form of the query is found in the
other fields alone: the document then matched in its text. search.js names the same fields
from the display row (static_index.display_block); the differential test holds them equal.
"""

from __future__ import annotations

from gkssg.search.tokenizer import tokenize

# The fields a reader sees, in the order a result names them.
# 解读对象: a 政策解读's policy, its title and 发文字号 (corpus.policy_text: 渝中府办〔2022〕37号 解读 was said to
# match 标题、正文).
FIELDS = ("标题", "发文字号", "关键词", "索引号", "发布机构", "主题分类", "解读对象")
BODY = "正文"
NUMBERED = ("发文字号", "索引号", "解读对象")


def _has(tokens: list[str], group: list[str]) -> bool:
    n = len(group)
    return any(tokens[i:i + n] == group for i in range(len(tokens) - n + 1))


def _numeric(group: list[str]) -> bool:
    return any(c.isdigit() for token in group for c in token)


def matched_fields(values: dict[str, str], forms: list[list[list[str]]], exact: str = "") -> list[str]:
    """The fields matched, from `values` (field name → its text), the groups of each form of the
    query, and `exact` (发文字号 or 索引号 when the query is that number of this document)."""
    tokens = {name: tokenize(values.get(name, "")) for name in FIELDS}
    found = {exact} if exact else set()
    whole = False  # a form found in the fields above alone
    for groups in forms:
        hits = [[name for name in FIELDS if _has(tokens[name], g)] for g in groups]
        partial = {name for name in NUMBERED
                   if any(_numeric(g) and name not in names for g, names in zip(groups, hits))}
        hits = [[name for name in names if name not in partial] for names in hits]
        for names in hits:
            found.update(names)
        whole = whole or (bool(groups) and all(hits))
    out = [name for name in FIELDS if name in found]
    if not whole and not exact:
        out.append(BODY)
    return out
