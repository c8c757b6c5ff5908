"""Queries as people type them: the forms of one query that are searched together.

A query is folded (tokenizer.fold: full-width → half-width, traditional → simplified,
lower case) and then searched in up to MAX_FORMS forms; a document matches when it
matches any form, and scores the best of its forms' scores (search.js does the same,
query for query: tests/test_search_differential.py):

- the query itself;
- a 发文字号 without its year (渝府办发71号) as its words and serial apart (渝府办发 71号): the
  documents so numbered in any year; a year glued to the serial (渝府办发201971号) is read as
  〔2019〕71号;
- 发文字号 typed without brackets or with words around the year: in 国办发2022年8号,
  国办发 2022 8号, 国办发(2022)8号 and 2022年第8号 the year and serial become 〔2022〕8号,
  and words before them are a group of their own (财政部2023年11号 → 财政部 〔2023〕11号:
  the documents of 财政部, its 发布机构, numbered 〔2023〕11号). Queries seen on a public
  search site show the forms (https://www.zhetiaohe.com/ss/6c336fb44e47f01b4d20770a7c4e4aeac932fb6db638300a20d27ee82bade2550ecbb156a71ceaec6da0ecee29d614b463721c20212945a3c6d4361d896f363a.html
  “财政部2023年11号”, …/ss/7a384d5c… “住建部2023年3号令全文”, …/ss/6f3385d0… “建房2022年16号文件原文”).
  The whole query, rewritten so, is also looked up as an exact 发文字号 (keys.py);
  Words that name the document after the number (号文件, 号全文, 号原文, 号文) are dropped from these forms;
- 政策解读 / 解读 / 一图读懂 glued to a name, apart from it (interpretation_form);
- a year (2023年) and the kinds of document named (年报, 年度报告, 解读…) as words of their own
  (words_form: 2023年年报 → 2023年 年报), of the query and of its all-abbreviations form;
- that form with a place glued before other words apart from them (place_form: 宝清县政府信息公开指南 →
  宝清县 政府信息公开指南), and with a province's short name and a kind of document apart too (joint_form:
  内蒙古依申请公开办法 → 内蒙古 依申请公开 办法);
- ABBREVIATIONS, each way: a query with the long form also searches the short one, and a
  query with the short form the long one, unless the short form is part of the long one
  (then the short form finds every document the long one does).

A form other than the query as typed scores REWRITTEN_WEIGHT of its score. When no form finds
anything, relaxed_forms() are searched instead, and when those find nothing either, most of the tokens of
each form (loose_forms); the results are then said to be partial matches.
"""

from __future__ import annotations

import re

from gkssg import codes
from gkssg.search.keys import PART_PREFIX, query_keys
from gkssg.search.tokenizer import CJK, fold, query_groups, tokenize

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
    # People name a government without 人民 (黔江区政府, 重庆市政府办公厅); its documents and
    # 发布机构 say 区人民政府, 市人民政府 (user round of issue 19, 2026-12-04).
    ("区政府", "区人民政府"),
    ("市政府", "市人民政府"),
    ("县政府", "县人民政府"),
    ("省政府", "省人民政府"),
    # and a town's, a township's, a banner's (内蒙古), an autonomous prefecture's: 明城镇人民政府 (tests/real,
    # round 2026-12-07c) is 明城镇政府 to its residents
    ("镇政府", "镇人民政府"),
    ("乡政府", "乡人民政府"),
    ("旗政府", "旗人民政府"),
    ("州政府", "州人民政府"),
    # An autonomous region's government by its short name: 内蒙古政府工作规则 for 内蒙古自治区人民政府工作规则
    # (tests/real, round 2026-12-07c, #7: a partial match before).
    ("内蒙古政府", "内蒙古自治区人民政府"),
    ("广西政府", "广西壮族自治区人民政府"),
    ("西藏政府", "西藏自治区人民政府"),
    ("宁夏政府", "宁夏回族自治区人民政府"),
    ("新疆政府", "新疆维吾尔自治区人民政府"),
    # The plan periods: people type 十四五, the 纲要 says 第十四个五年 (and “十四五” in quotes,
    # which the tokenizer drops).
    ("十三五", "第十三个五年"),
    ("十四五", "第十四个五年"),
    ("十五五", "第十五个五年"),
    # 国令第797号 for 国务院令第797号 (a query seen on the search site above: …/ss/3efe1891…, round 2026-12-06c).
    ("国令", "国务院令"),
    # 预决算 stands for 预算 and 决算: each is searched (a query 预算 also searches 预决算).
    ("预决算", "预算"),
    ("预决算", "决算"),
)

_OPEN = "〔﹝\\[【(〖{"
_CLOSE = "〕﹞\\]】)〗}"
# A year and serial of a 发文字号: brackets, 年, a hyphen or dash or spaces between them (without any, 202249 is
# ambiguous). The hyphen from queries people type: 国发2017-39号, 瑞政办2011-129号 (round 2026-12-06c); or nothing
# before 第, which says where the serial starts: 浠政发2017第1号, 渝中府办2022第37号 (round 2026-12-07j).
_DASHES = "\\-‐‑‒–—―−﹣"
_YEAR_SERIAL = re.compile(rf"[{_OPEN}]?\s*((?:19|20)[0-9][0-9])(\s*[{_CLOSE}]\s*|\s*年\s*|\s*[{_DASHES}]\s*|\s+|\s*(?=第))"
                          r"(?:第\s*)?0*([1-9][0-9]{0,5})\s*号")


# A year glued to its serial right after the words of a 发文字号 (国资通法规202249号): a 4-digit year
# of 19xx/20xx then a serial of at most 4 digits.
_GLUED = re.compile(rf"(?<=[{CJK}])((?:19|20)[0-9][0-9])0*([1-9][0-9]{{0,3}})号")
# A 发文字号 without its year (渝府办发71号): words ending in a Chinese character, then the serial.
_NO_YEAR = re.compile(rf"(?<=[{CJK}])(?:第\s*)?0*([1-9][0-9]{{0,3}})号")


# The serial in brackets instead of the year (湘工发2015[4]号文件, a query seen on the search site above:
# …/ss/f3e0ce61…): read as 2015年4号.
_SERIAL_BRACKETED = re.compile(rf"((?:19|20)[0-9][0-9])\s*[{_OPEN}]\s*(?:第\s*)?0*([1-9][0-9]{{0,5}})\s*[{_CLOSE}]\s*号")
# What people type after a 发文字号 for the document itself: 文件, 全文, 原文 and a final 文 (苏政务办发〔2019〕73号文件,
# 湘政发2014年27号文件, 广府发〔2017〕13号文件规定全文, 建房2022年16号文件原文, 国发39号文: queries seen on the
# search site above, …/ss/6f2e01d0…, …/ss/da2f9a9f…, …/ss/9a85f11e…). No document's title or body holds them
# glued to its own number, so with them the number is not a phrase, and not an exact key (tests/real, round
# of 2026-12-06b). The forms drop them; the query as typed keeps them.
# A space, a full-width space (folded to one) or quotes may stand between the number and these words
# (渝府办发〔2019〕71号 文件, “国发〔2017〕39号”文件), and a file type, 下载 or a full stop after them
# (…39号文件pdf, …39号文件下载, …39号文件。): hostile round 20, row 6.
_QUOTES = "\"'“”‘’「」『』"
_END = " 。，,.!?"
# They may also stand apart from each other (京人发1997年54号文件 全文: …/ss/a943fa80…), and people add 规定 / 相关规定
# or ask 是什么意思 (国资通法规202249号相关规定全文, …/ss/28f8f02f…; 中办发2022年22号文件是什么意思, …/ss/cb886c17…;
# 甘区政办发201756号文件规定, …/ss/5af19a0f…): round 2026-12-06c.
_DOC_WORD = "文件|全文|原文|相关规定|规定|是什么意思|什么意思"
_DOC_WORDS = re.compile(rf"(?<=[0-9]号)[ {_QUOTES}]*(?:(?:{_DOC_WORD})(?: *(?:{_DOC_WORD}|pdf|docx?|wps|下载))*[{_END}]*"
                        rf"|文(?=[{_END}]|$))")
_QUOTE = re.compile(f"[{_QUOTES}]")
# A 令 number typed without 第 (重庆市人民政府令330号): its key has it (codes.ORDER_DOC_NO).
_ORDER_WITHOUT_DI = re.compile(r"(?<=令)(?=[0-9]+号)")


# The year typed before the words of a 发文字号 (2017年国发39号文件: tests/real/queries-2026-12-06c.txt): moved after
# them (国发2017年39号), then written whole as any other. Not 年度 or 第 after the year (2024年度第3号, 2022年第8号),
# and the words never start with 年 (国发2017年39号 is the usual form).
_YEAR_FIRST = re.compile(rf"(?<![0-9])((?:19|20)[0-9][0-9])\s*年?\s*(?![年度第])([{CJK}]{{1,10}}?)\s*"
                         r"((?:第\s*)?[0-9]{1,6}\s*号)")


def _without_doc_words(form: str) -> str:
    return " ".join(_DOC_WORDS.sub(" ", form).split())


def doc_no_form(query: str) -> str:
    """`query` (folded) with each 发文字号 year and serial written 〔year〕serial号, and the words
    before it apart (a group of their own), without the words that name the document after it
    (_DOC_WORDS); the query itself when it has none."""
    typed = query
    query = _YEAR_FIRST.sub(r"\2\1年\3", _SERIAL_BRACKETED.sub(r"\1年\2号", query))

    def canonical(match: re.Match) -> str:
        before = query[:match.start()]
        sep = " " if before and not before.endswith(" ") else ""
        return f"{sep}〔{match.group(1)}〕{match.group(3)}号"
    out = _YEAR_SERIAL.sub(canonical, query).strip()
    if out == typed:
        out = _GLUED.sub(lambda m: f" 〔{m.group(1)}〕{m.group(2)}号", query).strip()
    return typed if out == typed else _without_doc_words(out)


def serial_form(query: str) -> str:
    """A 发文字号 typed without its year (渝府办发71号) as its words and its serial apart
    (渝府办发 71号), without the words that name the document after it (国发39号文 → 国发 39号): the
    documents numbered so in any year; the query itself when it has a year."""
    if doc_no_form(query) != query:
        return query
    out = _NO_YEAR.sub(lambda m: f" {m.group(1)}号", query).strip()
    return query if out == query else _without_doc_words(out)


# A year of the words around it (2023年年报, 湖南省生态环境厅2023年年报): the year apart from them. A report's
# title holds the year after the agency's name or first (2023年政府信息公开工作年度报告), never glued to the
# kind of document typed after it; glued, 2023年年报 finds no 年度报告 and its relaxed forms rank any
# document that has 2023 and 年报 anywhere first (tests/real, round of 2026-12-06b). Not before 第 (2022年第8号,
# doc_no_form), 度 (2023年度) or 报 (2024年报: 年 is 年报's).
_YEAR_WORD = re.compile(rf"(?<![0-9])((?:19|20)[0-9][0-9]年)(?=[{CJK}])(?![第度报])")


def year_form(query: str) -> str:
    """`query` (folded) with each year written 2023年 before more words as a word of its own."""
    return " ".join(_YEAR_WORD.sub(r" \1 ", query).split())


# The kinds of document people name after what they want, glued (审计局年报, 信息公开年报, 实施办法解读): a title
# says …工作年度报告 or 《…》政策解读, so glued the two are seldom a phrase in it.
# The plan periods too (十四五规划, 消防十四五规划): titles put them in quotes (渝中区消防救援事业发展“十四五”规划), and a
# quote breaks a run of bigrams, so 十四五规划 is not a phrase of that title (round 2026-12-06c).
_KIND_WORDS = re.compile("政策解读|一图读懂|解读|年度报告|年报|十三五|十四五|十五五")


# A year glued to 年报 or 年度报告 after a name (财政部2025年报, 田园镇2025年报): the year apart from the name as well.
# Its 年 is 年报's (_YEAR_WORD leaves it), and a report's title holds the agency and the year in either order, often
# with words between (2025年财政部政府信息公开工作年度报告, 田园镇人民政府2025年…): glued to the name, 财政部2025 was
# no phrase of the title and the query a partial match (tests/real, round of 2026-12-07b).
_YEAR_BEFORE_REPORT = re.compile(r"(?<![0-9])((?:19|20)[0-9][0-9])(?=年报|年度报告)")


# A year without 年 typed before the words of Chinese characters it is glued to (2021济宁市县同权, 2021济宁政府工作报告):
# the year apart. A title says 济宁市人民政府关于… and the year is in its number or its date, so glued, 2021济宁 was no
# phrase of anything, and only the relaxed forms (which split Chinese from digits) found the document, a partial match
# (tests/real, round 2026-12-07g). Only at the start of a word whose rest is Chinese characters alone: a number after
# them (2017国发39号) is a 发文字号 (doc_no_form moves its year).
_YEAR_LEADING = re.compile(rf"(?<![^ ])((?:19|20)[0-9][0-9])(?=[{CJK}]+(?: |$))(?!年)")
# A year without 年 typed after the words, or between them (北京公开指南2019, 北京2019公开指南): the year apart, as before
# them. A guide's title says 北京市政府信息公开指南(2019年版), so glued, 指南2019 was no phrase of it and the query only a
# partial match (tests/real, round 2026-12-07h). Only in a word of two or more Chinese characters, the year, and nothing
# or two or more Chinese characters after it (a lone one, 2019版, is no token of a longer run), not 年 (国发2017年39号 and
# 2022年8号 are doc_no_form's, 2023年 year_form's), 号, 第 or 度 after the year; a word with another number, brackets or a
# dash (国资通法规202249号, 国办发(2022)8号, 2019-90001) is left whole. A 年 that ends the word goes with the year
# (北京公开指南2019年 → 北京公开指南 2019年). search.js: YEAR_INSIDE.
_YEAR_INSIDE = re.compile(rf"(?<![^ ])([{CJK}]{{2,}})((?:19|20)[0-9][0-9](?:年(?= |$))?)((?![年号第度])[{CJK}]{{2,}})?(?= |$)")


def words_form(query: str) -> str:
    """`query` (folded) with its years (year_form, a year glued to 年报: 财政部2025年报 → 财政部 2025 年报, and a year
    before, after or between Chinese characters: 2021济宁市县同权 → 2021 济宁市县同权, 北京公开指南2019 → 北京公开指南
    2019) and the kinds of document it names (年报, 年度报告, 解读…) as words of their own: 2023年信息公开年报 → 2023年
    信息公开 年报."""
    inside = _YEAR_INSIDE.sub(lambda m: " ".join(g for g in m.groups() if g), query)
    years = _YEAR_BEFORE_REPORT.sub(r" \1 ", year_form(_YEAR_LEADING.sub(r"\1 ", inside)))
    return " ".join(_KIND_WORDS.sub(lambda m: f" {m.group()} ", years).split())


# A place glued to what the reader wants (宝清县政府信息公开指南, 明城镇规范性文件清理结果, 龙海区规范性文件清理结果解读):
# a title names the place with 人民政府 or 关于… after it (宝清县人民政府政府信息公开指南, 佛山市高明区明城镇关于公布规范性
# 文件清理结果的通知), so glued the two are no phrase of it, and the query was a partial match, 龙海区's 解读 below
# another agency's 解读 that matched 解读 alone (tests/real, round of 2026-12-07c). A word of Chinese characters only
# (a word with digits or brackets holds a 发文字号: 湘西州政办发〔2024〕41号 stays whole) is split after each
# character of _PLACE_ENDS that closes at least two characters and leaves three (黔江区政府 stays whole: the abbreviation
# 政府 → 人民政府 is its form), unless the character after it makes a word with it (市场, 区域, 县级, 乡村…:
# _NOT_A_PLACE_END), nor after another of them (各区县政府办, 各乡镇: 区县, 乡镇 name kinds of place, not one), nor before
# 人民政府 (重庆市人民政府办公厅: a title holds a place and its government together). Not a
# source of relaxed forms: all but one word of it is often the place alone, every document
# of that place (黔江区档案管理工作通知转发 → 黔江区).
_PLACE_ENDS = "省市县区旗镇乡州"
_NOT_A_PLACE_END = "场民域划级村镇内外间份"


def _split_places(word: str) -> str:
    if not _CHINESE_WORD.fullmatch(word):
        return word
    parts, start = [], 0
    for i, char in enumerate(word):
        if (char in _PLACE_ENDS and i - start >= 2 and len(word) - i - 1 >= 3 and word[i - 1] not in _PLACE_ENDS
                and word[i + 1] not in _NOT_A_PLACE_END and not word.startswith("人民政府", i + 1)):
            parts.append(word[start:i + 1])
            start = i + 1
    return " ".join(parts + [word[start:]])


def place_form(query: str) -> str:
    """`query` (folded) with the places glued before other words apart from them: 宝清县政府信息公开指南 → 宝清县
    政府信息公开指南; 佛山市高明区明城镇规范性文件 → 佛山市 高明区 明城镇 规范性文件."""
    return " ".join(_split_places(word) for word in query.split())


# A title with words left out, typed glued (内蒙古依申请公开办法 for 内蒙古自治区政府信息依申请公开工作管理办法,
# 广安区城市精细化管理细则 for …城市精细化管理实施细则, 龙游 2022 政府信息公开工作报告 for …工作年度报告): the words
# people keep are the province's short name first and the kind of document last, and titles put other words between
# them and the rest (自治区, 实施, 年度…). Glued, the query was no phrase of the title, only a partial match (tests/real,
# rounds 2026-12-07c #7 and 2026-12-07f). joint_form splits them off place_form's words of Chinese characters: a
# province's short name at the start (_REGIONS), unless the word goes on with its full name (省, 市, 自治区, 壮族…:
# _REGION_GOES_ON) or with 人民政府, and three characters stay; and a kind of document at the end (_KIND_ENDS), when
# four characters stay (管理办法 stays whole: 管理 and 办法 apart are in most documents). Like place_form, not a source
# of relaxed forms.
_REGIONS = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建",
            "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西",
            "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾")
_REGION_GOES_ON = "省市自壮回维特"
_KIND_ENDS = ("细则", "办法", "意见", "规定", "方案", "通知", "规则", "清单", "报告", "指南", "决定", "规划", "预案",
              "条例")


def _split_region(word: str) -> list[str]:
    """A word of Chinese characters as [province's short name, the rest] when joint_form splits it so, else [word]."""
    if _CHINESE_WORD.fullmatch(word):
        for region in _REGIONS:
            rest = word[len(region):]
            if (word.startswith(region) and len(rest) >= 3 and rest[0] not in _REGION_GOES_ON
                    and not rest.startswith("人民政府")):
                return [region, rest]
    return [word]


def region_form(query: str) -> str:
    """`query` with a province's short name glued before three or more characters apart from them, as joint_form
    splits it (黑龙江五大连池 → 黑龙江 五大连池), and nothing else split. A source of relaxed forms: the province is
    often a word no document of the place holds (五大连池市's pages never say 黑龙江), and a relaxed form leaves a word
    out; glued, it was no word of its own and 黑龙江五大连池 found nothing, while 黑龙江 五大连池 found the page (hostile
    round 34, row 37)."""
    return " ".join(part for word in query.split() for part in _split_region(word))


def _split_joints(word: str) -> str:
    if not _CHINESE_WORD.fullmatch(word):
        return word
    parts = _split_region(word)
    parts, word = parts[:-1], parts[-1]
    for kind in _KIND_ENDS:
        if word.endswith(kind) and len(word) - len(kind) >= 4:
            return " ".join(parts + [word[:-len(kind)], kind])
    return " ".join(parts + [word])


def joint_form(query: str) -> str:
    """place_form(`query`) with a province's short name and a kind of document glued to other words apart from them:
    内蒙古依申请公开办法 → 内蒙古 依申请公开 办法; 广安区城市精细化管理细则 → 广安区 城市精细化管理 细则."""
    return " ".join(_split_joints(word) for word in place_form(query).split())


# Words that ask for a 政策解读, split from the name they are glued to (老旧小区改造实施办法解读 →
# 老旧小区改造实施办法 解读): a 解读's title holds the name in 《》 or after other words
# (《…实施办法（2025年版）》政策解读, 一图读懂《…》), so glued they are seldom a phrase in it.
_INTERPRETATION = re.compile("政策解读|一图读懂|解读")


def interpretation_form(query: str) -> str:
    """`query` (folded) with 政策解读, 解读 and 一图读懂 as words of their own, and a 发文字号 before them written
    whole (doc_no_form: 渝中府办2022年37号解读 → 渝中府办 〔2022〕37号 解读). A 解读's body field names the number of
    the policy it explains (corpus.policy_text); with 解读 glued to it, the number was rewritten by no form and
    the query was a partial match (tests/real, round of 2026-12-07b)."""
    split = " ".join(_INTERPRETATION.sub(lambda m: f" {m.group()} ", query).split())
    return doc_no_form(split) if _INTERPRETATION.search(split) else split


def _abbreviated(form: str) -> list[str]:
    out = []
    for short, long in ABBREVIATIONS:
        if long in form and long not in short:
            out.append(form.replace(long, short))
        elif short in form and short not in long:
            out.append(form.replace(short, long))
    return out


def _all_abbreviated(form: str) -> str:
    """`form` with every abbreviation of it rewritten at once: 广东省政府 2024 年报 → 广东省人民政府 2024
    年度报告 (each rewrite alone leaves the other word unmatched: 广东省人民政府2024年…工作年度报告,
    tests/real/content/gdszf). Each pair rewrites the text as the previous ones left it."""
    for short, long in ABBREVIATIONS:
        if long in form and long not in short:
            form = form.replace(long, short)
        elif short in form and short not in long:
            form = form.replace(short, long)
    return form


# A 组织机构代码 typed as a word of its own, with or without GB 11714's hyphen (01525939X, 01525939-X): the other
# spelling is a form too, so both find the documents whose 索引号 print the code either way (the index holds
# 01525939x as one token and 01525939-x as two: hostile round 27a, row 18). Only a code whose check character
# checks (codes.is_valid_org_code): other nine-character numbers are left alone. search.js: orgCodeForm.
_ORG_CODE = re.compile(r"(?<![0-9a-z/-])([0-9a-z]{8})(-?)([0-9x])(?![0-9a-z/-])")


def org_code_form(query: str) -> str:
    """`query` with each 组织机构代码 standing alone in its other spelling (01525939x ↔ 01525939-x)."""
    def other(m: re.Match) -> str:
        if not codes.is_valid_org_code(m[1] + m[3]):
            return m[0]
        return m[1] + m[3] if m[2] else f"{m[1]}-{m[3]}"
    return _ORG_CODE.sub(other, query)


def forms(query: str, places: bool = True) -> list[str]:
    """The forms of a query searched together, the query (folded) first; at most MAX_FORMS, none
    with the same groups of tokens as an earlier one. `places`: with place_form's and joint_form's (not for relaxed_forms)."""
    base = " ".join(fold(query).split())
    candidates = [base, org_code_form(base), doc_no_form(base), serial_form(base), interpretation_form(base)]
    candidates += [_all_abbreviated(base), words_form(base)]
    candidates += [place_form(words_form(base)), joint_form(words_form(base))] if places else []
    candidates += [words_form(_all_abbreviated(base))]
    for form in list(candidates):
        candidates += _abbreviated(form)
    out, seen = [], set()
    for form in candidates:
        key = repr(query_groups(form))
        if form and key not in seen and len(out) < MAX_FORMS:
            seen.add(key)
            out.append(form)
    return out


# When no form finds anything: at most this many relaxed forms (relaxed_forms), each a subset of
# the query's tokens, so the fallback reads no term the query did not already look up.
MAX_RELAXED = 16
# Relaxed forms are made only from a query of at most this many characters (spaces not counted): they
# forgive one wrong, missing or extra character or word of what someone typed, and each is a phrase of
# nearly all the query's tokens, checked against every document holding them. A pasted sentence or
# title has none (its loose forms, bounded by LOOSE_MAX_CANDIDATES, still forgive it): 政府信息公开×17, 100
# characters, took 35 s of relaxed forms on a 5,000-document site (hostile round 20, row 1). A rule of
# the query alone, not a timer, so search.js and the endpoint answer alike.
MAX_RELAXED_CHARS = 24
_CHINESE_WORD = re.compile(f"[{CJK}]+")
_LETTERS = re.compile("[a-z]+")


def _pieces(word: str, i: int) -> list[str]:
    """`word` without its i-th character, the parts before and after as words of their own; a
    lone Chinese character is dropped (the index keeps one only where it stands alone)."""
    return [p for p in (word[:i], word[i + 1:]) if len(p) > 1]


_RUN = re.compile(f"[{CJK}]+|[^{CJK}]+")


def _words(form: str) -> list[str]:
    return [run for word in form.split() for run in _RUN.findall(word)]


def _relaxed(form: str, typed: set[str]) -> list[list[str]]:
    """The relaxed candidates of one form, as lists of words. A word is split where Chinese meets digits
    or letters (广东省政府2024年报 → 广东省政府 2024 年报: a year glued to a name is seldom where the
    document has it), and that split is a candidate itself. Characters are dropped only from words
    the reader typed (`typed`), not from a word an abbreviation wrote out (年报 → 年度报告 → 报告
    would find every report)."""
    words = _words(form)
    candidates = [words] if len(words) > len(form.split()) else []
    for w, word in enumerate(words):
        if len(word) >= 3 and _CHINESE_WORD.fullmatch(word) and word in typed:
            for i in range(len(word)):
                candidates.append(words[:w] + _pieces(word, i) + words[w + 1:])
    if len(words) > 1:
        candidates += [words[:w] + words[w + 1:] for w in range(len(words))]
    return [c for c in candidates if not all(_GENERIC.fullmatch(w) for w in c)]


# Words that say only that a report is meant and which year (年报, 2023年): a relaxed form of nothing else
# finds every report of the site, the shortest first, not the one whose name the reader typed with them
# (杭州人社局年报 → 年报; tests/real, round of 2026-12-06b). 解读 alone is kept: it brings the 解读 of a policy
# a relaxed form found, and families.py puts it first (消防救援事业发展十四五规划解读).
_GENERIC = re.compile("年度报告|年报|年|[0-9]+")


def relaxed_forms(query: str) -> list[str]:
    """What to search when no form of `query` finds anything: a query with a wrong, missing or
    extra character (老旧小区改照, 老旧小区改造办法 for …改造实施办法, 政务工开) or words in another
    order. Each word of three or more characters without one of its characters, the parts before
    and after it as words apart (老旧小区改照 → 老旧小区改; 招生入学方案 → 招生入 方案); and for a
    query of several words, all but one of them. Made from each form of the query (forms()), the query
    as typed first: 西藏审计厅 年报 → 西藏 计厅 年度报告 finds 西藏自治区审计厅…年度报告; every term of
    them was looked up for the forms. At most MAX_RELAXED, none the same as a form; none for a query of
    more than MAX_RELAXED_CHARS characters. Then at most MAX_SUFFIXED of suffix_forms' forms without a province's
    short name (海南海口发改委 报告 → 海口市 发改委 报告), whose terms were looked up for suffix_forms."""
    base = " ".join(fold(query).split())
    if len(base.replace(" ", "")) > MAX_RELAXED_CHARS:
        return []
    candidates, typed = [], set(_words(base))
    for searched in forms(query, places=False) + [region_form(base)]:
        candidates += _relaxed(searched, typed)
    seen = {repr(query_groups(form)) for form in forms(query)}
    out = []
    for parts in candidates:
        form = " ".join(parts)
        key = repr(query_groups(form))
        if query_groups(form) and key not in seen and len(out) < MAX_RELAXED:
            seen.add(key)
            out.append(form)
    # then suffix_forms' forms without a province's short name (海南 海口市 发改委 报告 → 海口市 发改委 报告), at most
    # MAX_SUFFIXED more: a province glued to a place typed without its 市 (海南海口发改委 报告). The province is the word no
    # page of the place prints (region_form), the place's ending the one the reader left out (suffix_forms): neither
    # stage alone found the page, and the relaxed forms' 报告 ranked every short report first (tests/real, round
    # 2026-12-07h). Their terms are the suffixed forms', looked up already (search.js: that stage came first).
    extra = 0
    for form in suffix_forms(query):
        kept = " ".join(w for w in form.split() if w not in _REGIONS)
        key = repr(query_groups(kept))
        if kept != form and query_groups(kept) and key not in seen and extra < MAX_SUFFIXED:
            seen.add(key)
            out.append(kept)
            extra += 1
    return out


# A word a title puts in quotes, typed glued to the words around it: 持续深化“市县同权”改革 is 市县同权改革 or 持续深化市县
# 同权改革 to a reader. A quote ends a run of bigrams (tokenizer), so the title has no 权改 (nor 化市) and the glued query
# was no phrase of it: only a partial match (tests/real, rounds 2026-12-07f #4 and 2026-12-07g). Dropping quotes in the
# tokenizer gives the index a bigram across each quote, and those new terms doubled the shard count of a 300-document
# site (reverted: 90ddc7f). Instead, when no form finds anything, the query is searched with one or two gaps in a glued word
# of Chinese characters (a quote where the document has one, so the bigram across it is not asked for): 市县同权”改革,
# 持续深化”市县同权”改革. Each part keeps two characters or more (a lone character is no token of a longer run), a gapped
# form's terms are the query's own (looked up already), and a form matches only a document with a quote or other mark at
# each gap: full matches, not relaxed ones. From the query as typed, of at most MAX_RELAXED_CHARS characters, words of
# at most GAP_MAX_CHARS characters, at most MAX_GAPPED forms: one gap before two, left to right. search.js: gapForms.
GAP = "”"
GAP_MAX_CHARS = 12
MAX_GAPPED = 24


def _gapped(word: str) -> list[str]:
    n = len(word)
    if not 4 <= n <= GAP_MAX_CHARS or not _CHINESE_WORD.fullmatch(word):
        return []
    one = [word[:i] + GAP + word[i:] for i in range(2, n - 1)]
    two = [word[:i] + GAP + word[i:j] + GAP + word[j:] for i in range(2, n - 1) for j in range(i + 2, n - 1)]
    return one + two


def gap_forms(query: str) -> list[str]:
    """The forms of `query` with one or two gaps in one of its glued words (市县同权改革 → 市县同权”改革, …), searched when
    no form finds anything, before relaxed_forms."""
    base = " ".join(fold(query).split())
    if len(base.replace(" ", "")) > MAX_RELAXED_CHARS:
        return []
    words, out = base.split(), []
    for w, word in enumerate(words):
        out += [" ".join(words[:w] + [gapped] + words[w + 1:]) for gapped in _gapped(word)]
    return out[:MAX_GAPPED]


# A place typed without its 县 / 区 / 市 (柘城清单目录 for 柘城县's 政务公开清单目录, 广安城市精细化管理 for 广安区's 细则, 海口发改委
# 地震应急预案 for 海口市发展和改革委员会's): people drop the ending, titles and 发布机构 keep it, so glued the query was no
# phrase of the title, and place_form could not split it (no place ending to split after): a partial match (tests/real, round
# 2026-12-07f #5 and 2026-12-07g). When neither the forms nor gap_forms find anything, a glued word of Chinese characters
# whose first two are a place's short name is searched with 县, 区 or 市 after them, split as the forms split (words_form,
# joint_form) and with the abbreviations written out or in: 柘城县 清单目录. The phrase 柘城县 needs the bigram 城县 at the
# next position, so a stem that is no place's short name finds nothing (政务县, 安全区 are no phrase of a title). Full
# matches: every character typed is found, in the order typed. Not for a word whose third character already ends a place
# (柘城县…), nor with fewer than three characters after the stem. At most MAX_SUFFIXED forms. search.js: suffixForms
# (it looks up the terms they add, 城县, only then).
PLACE_SUFFIXES = "县区市"
MAX_SUFFIXED = 12


def _suffixed(word: str) -> list[list[str]]:
    """The ways suffix_forms writes one glued word, as lists of words: with 县, 区 or 市 after its first two characters,
    and, when a province's short name is glued before a place (海南海口发改委: _split_region), with the province apart
    and the ending after the place's first two (海南 海口市发改委)."""
    stems = [([], word)]
    if len(parts := _split_region(word)) == 2:
        stems.append(([parts[0]], parts[1]))
    return [prefix + [stem[:2] + suffix + stem[2:]] for prefix, stem in stems
            if len(stem) >= 5 and _CHINESE_WORD.fullmatch(stem) and stem[2] not in _PLACE_ENDS for suffix in PLACE_SUFFIXES]


def suffix_forms(query: str) -> list[str]:
    """The forms of `query` with 县, 区 or 市 after the first two characters of a glued word (柘城清单目录 → 柘城县 清单目录),
    or of the place after a province's short name glued before it (海南海口发改委 报告 → 海南 海口市 发改委 报告). The
    words are words_form's: a year or 年报 glued to the place is apart first (海口地震应急预案2020, 杭州人社局2023年报)."""
    base = " ".join(fold(query).split())
    if len(base.replace(" ", "")) > MAX_RELAXED_CHARS:
        return []
    words, out, seen = words_form(base).split(), [], {repr(query_groups(f)) for f in forms(query)}
    for w, word in enumerate(words):
        for written in _suffixed(word):
            typed = " ".join(words[:w] + written + words[w + 1:])
            for form in (joint_form(words_form(typed)), joint_form(words_form(_all_abbreviated(typed)))):
                key = repr(query_groups(form))
                if key not in seen and len(out) < MAX_SUFFIXED:
                    seen.add(key)
                    out.append(form)
    return out


# An agency's name glued before the title words the reader wants (嘉鱼县人民政府政府信息公开工作年度报告 for 嘉鱼县人民政府2022年
# 政府信息公开工作年度报告, 国家民委京族 for 京族 published by 国家民族事务委员会, alias 国家民委, 济宁市人民政府市县同权改革 for
# 济宁市人民政府关于持续深化“市县同权”改革的实施意见): the title puts a year or 关于 between the name and the rest, or the name is
# only the document's 发布机构, so glued the query was no phrase of anything and only a partial match, while the same query
# with a space after the name was full (tests/real, rounds 2026-12-07g #6 and 2026-12-07i). When neither the forms nor
# gap_forms find anything, a glued word of Chinese characters (of words_form's words) is split after its first three or more
# characters when they end as an agency's name ends (_AGENCY_ENDS: 人民政府, 办公室, 委员会, 局, 委, 部…) and two or more
# stay: each split is searched as if typed so, in its forms (agency_forms), and then with gaps in its joint_form's words
# (agency_gap_forms: 济宁市人民政府 市县同权”改革 意见). No agency list is needed (the page has none of the catalog's
# aliases): a cut where no agency ends (政府信息公开 after 嘉鱼县人民政府政府) is a form that finds nothing. At most
# MAX_AGENCY_SPLITS splits, MAX_AGENCY forms, none for a query of more than MAX_RELAXED_CHARS characters (as gap_forms and
# suffix_forms). search.js: agencySplits, agencyForms, agencyGapForms.
_AGENCY_ENDS = ("人民政府", "政府", "办公厅", "办公室", "委员会", "管委会", "办事处", "局", "厅", "委", "部", "署")
MAX_AGENCY_SPLITS = 4
MAX_AGENCY = 12


def _agency_cuts(query: str) -> list[tuple[list[str], list[str]]]:
    """The ways agency_splits splits `query`: (the words up to the agency's name, the words after it), at most
    MAX_AGENCY_SPLITS. words_form's own split counts too when it put a word ending as an agency's name before another
    (马鹿沟镇人民政府年报 → 马鹿沟镇人民政府 年报): forms() may have cut that form's abbreviations off (MAX_FORMS). None for a
    query of more than MAX_RELAXED_CHARS characters, as the other stages (a pasted 政府信息公开×17 cuts at every 政府)."""
    base = " ".join(fold(query).split())
    if len(base.replace(" ", "")) > MAX_RELAXED_CHARS:
        return []
    words, out = words_form(base).split(), []
    for w, word in enumerate(words[:-1]):
        if len(word) >= 3 and _CHINESE_WORD.fullmatch(word) and word.endswith(_AGENCY_ENDS):
            out.append((words[:w + 1], words[w + 1:]))
            break
    for w, word in enumerate(words):
        if not _CHINESE_WORD.fullmatch(word):
            continue
        for i in range(3, len(word) - 1):
            if word[:i].endswith(_AGENCY_ENDS):
                cut = (words[:w] + [word[:i]], [word[i:]] + words[w + 1:])
                if cut not in out:
                    out.append(cut)
    return out[:MAX_AGENCY_SPLITS]


def agency_splits(query: str) -> list[str]:
    """`query` (folded, words_form's words) with an agency's name glued at a word's start apart from the rest, one split
    each: 国家民委京族 → 国家民委 京族; 嘉鱼县人民政府政府信息公开工作年度报告 → 嘉鱼县人民政府 政府信息公开工作 年度报告
    (and 嘉鱼县人民政府政府 信息公开工作 年度报告). At most MAX_AGENCY_SPLITS."""
    return [" ".join(before + after) for before, after in _agency_cuts(query)]


def agency_forms(query: str) -> list[str]:
    """The forms (forms()) of each of agency_splits(`query`), none the same as a form of the query: searched when neither
    the forms nor gap_forms find anything. At most MAX_AGENCY."""
    seen, out = {repr(query_groups(f)) for f in forms(query)}, []
    for split in agency_splits(query):
        for form in forms(split):
            key = repr(query_groups(form))
            if key not in seen and len(out) < MAX_AGENCY:
                seen.add(key)
                out.append(form)
    return out


def agency_gap_forms(query: str) -> list[str]:
    """Each of agency_splits(`query`) with the words after the agency's name as joint_form splits them, and one or two gaps
    in one of those (gap_forms: 济宁市人民政府市县同权改革意见 → 济宁市人民政府 市县同权”改革 意见): searched when
    agency_forms find nothing. At most MAX_GAPPED; their terms are the splits' own."""
    out = []
    for before, after in _agency_cuts(query):
        rest = joint_form(" ".join(after)).split()
        for r, word in enumerate(rest):
            for gapped in _gapped(word):
                form = " ".join(before + rest[:r] + [gapped] + rest[r + 1:])
                if form not in out:
                    out.append(form)
    return out[:MAX_GAPPED]


# A relaxed form of only the kinds of document and years a query names (报告, 通知, 2020…): it finds every document of
# that kind, the shortest titles first, and with the other relaxed forms its matches were ranked among theirs by that word
# alone (海南海口发改委 报告: 31 other 报告 after the meant page, tests/real, rounds 2026-12-07h and 2026-12-07i). Such a form is
# searched only when the other relaxed forms find nothing (query.search, search.js: relaxed forms in two tiers).
_KIND_ONLY = frozenset(_KIND_ENDS + ("公开指南", "政府信息公开指南", "通告", "公告", "复函", "批复", "函"))


def kind_only(form: str) -> bool:
    """Whether every word of `form` is a kind of document or a year or number (_GENERIC, _KIND_ONLY)."""
    words = _words(form)
    return bool(words) and all(_GENERIC.fullmatch(w) or w in _KIND_ONLY for w in words)


def exact_keys(query: str) -> list[str]:
    """The exact 发文字号 / 索引号 keys of a query: of the query folded, and of its 发文字号 form and of the query
    without the words that name the document (_DOC_WORDS), each also with its abbreviations written out or
    in (_all_abbreviated), written whole without quotes and with 第 in a 令 number (国办发2022年8号 →
    国办发〔2022〕8号, “国发〔2017〕39号”文件 → 国发〔2017〕39号, 重庆市政府令330号全文 → 重庆市人民政府令第330号)."""
    base = " ".join(fold(query).split())
    keys = query_keys(base)
    for form in (doc_no_form(base), _without_doc_words(base)):
        for written in (form, _all_abbreviated(form)):
            keys += query_keys(_ORDER_WITHOUT_DI.sub("第", _QUOTE.sub("", written)).replace(" ", ""))
    return list(dict.fromkeys(keys))


# The last resort, when neither the forms nor the relaxed forms find anything: documents with most of
# a form's tokens, anywhere (no phrase), like Elasticsearch's minimum_should_match. A query people type
# often differs from the title meant in two or more places (乌恰审计局年报 for 乌恰县审计局…年度报告,
# 西藏审计厅2025年政府信息公开年报 for 西藏自治区审计厅2025年政务信息公开工作开展年度报告: tests/real,
# round of 2026-12-06); a relaxed form forgives one. A form is searched so only when it has at least
# LOOSE_MIN_TOKENS distinct tokens (five Chinese characters in a row: a query of one or two words has no
# "most" worth finding, and a few random characters would find junk), and a document must have at least
# loose_need(k) = ⌈2k/3⌉ of its k tokens: 3 of 4, 4 of 5 or 6, 6 of 8, 10 of 15. Two thirds keeps the
# bigrams of the words typed right (each wrong or missing character breaks two) and rules out documents
# sharing only the generic words of a query (政府信息公开, 年度报告: 5 or 3 bigrams of 15 or 17).
LOOSE_MIN_TOKENS = 4
# Every document with ⌈2k/3⌉ of k tokens has one of the k − ⌈2k/3⌉ + 1 rarest (it lacks at most
# k − ⌈2k/3⌉ of them): their lists, read whole, are the candidates. When those lists hold more than
# LOOSE_MAX_CANDIDATES postings together, the form is not searched loosely: its rarest tokens are common
# words (a loose match of them is most of the site, not what was meant), and reading them whole and
# resolving every candidate would cost more than a search should (a term list of 2,000 is what
# search.js reads whole before any band of another).
LOOSE_MAX_CANDIDATES = 2000


def loose_need(k: int) -> int:
    """How many of a form's k distinct tokens a document must have to be a loose match: ⌈2k/3⌉."""
    return -(-2 * k // 3)


def _lone_character(token: str) -> bool:
    return len(token) == 1  # 年, 号, a digit, a letter: each in a large share of the documents


def loose_forms(query: str) -> list[list[str]]:
    """The distinct tokens of each form of `query` (forms()) that is searched loosely: those with at least
    LOOSE_MIN_TOKENS, none with the same tokens as an earlier one. A token of one character (年, 号, 第
    beside digits; 厅 in 审计厅2025; a single digit or letter) is left out: it is in a large share of the
    documents and would let 第3项工作 (第 3 项 项工 工作) find any text with 第, 3, 项 and 工作, or
    1.2.3.4.5.6 a quarter of the site (hostile round 11s)."""
    out, seen = [], set()
    for form in forms(query):
        tokens = list(dict.fromkeys(t for g in query_groups(form) for t in g if not _lone_character(t)))
        if len(tokens) >= LOOSE_MIN_TOKENS and frozenset(tokens) not in seen:
            seen.add(frozenset(tokens))
            out.append(tokens)
    return out


def loose_rarest(tokens: list[str], df: dict[str, int]) -> list[str]:
    """The tokens whose lists hold every loose match of `tokens`: the k − loose_need(k) + 1 of fewest
    documents (`df`; a token the index lacks has none), a tie to the first in code point order."""
    ranked = sorted(tokens, key=lambda t: (df.get(t, 0), t))
    return ranked[:len(tokens) - loose_need(len(tokens)) + 1]


def missing_words(query: str, has_token) -> list[str]:
    """The words of `query` that no document holds any part of: each word of two or more Chinese characters, or
    of two or more letters (qzxv in 政府 qzxv龘: hostile round 26a, row 24; not digits, which are parts of
    numbers), of its words_form (新疆 in 新疆 年报 and in 新疆年报) none of whose tokens `has_token` (a function of a token: does
    any public document hold it). Such a word is said plainly (没有文件含有“新疆”), and the loose fallback is not
    searched: it would find what the other words share with most documents (新疆 年报 listed every 年度报告 by
    年度 度报 报告, 3 of the 4 tokens: round 2026-12-06b). Relaxed forms may still drop the word, as any word, and
    say so; a relaxed form of only 年报 and a year never is (_GENERIC). Every token is one of the query's,
    looked up for its forms (search.js reads no more)."""
    out = []
    for word in _words(words_form(" ".join(fold(query).split()))):
        if len(word) < 2 or not (_CHINESE_WORD.fullmatch(word) or _LETTERS.fullmatch(word)) or word in out:
            continue
        written = [word, *_abbreviated(word)]  # 年报 is not missing where documents say 年度报告
        tokens = [t for w in written for t in tokenize(w)]
        if _LETTERS.fullmatch(word):  # mb inside 12620600MB0523338C is held, not as a token (keys.letter_parts)
            tokens.append(PART_PREFIX + word)
        if not any(has_token(t) for t in tokens):
            out.append(word)
    return out


def missing_text(words: list[str]) -> str:
    """What the page and `gkssg search` say of the missing words: 没有文件含有“新疆”（、“…”）."""
    return "没有文件含有" + "、".join(f"“{w}”" for w in words)


def without_words(query: str, words: list[str]) -> str:
    """`query` (folded) without `words` (the missing ones): what the page offers to search instead (新疆 年报 →
    年报), '' when nothing is left, or when the query is a 发文字号 or 索引号 (exact_keys) and what is left is not
    one: a number with a word taken out of it is no query (2017年国发39号文件 offered “2017年 39号文件”, newcomer
    check 2026-12-06), a word beside a number is (新疆 国发〔2017〕39号 → 国发〔2017〕39号: hostile round 25, row 3)."""
    base = " ".join(fold(query).split())
    for word in words:
        base = base.replace(word, " ")
    rest = " ".join(base.split())
    return "" if exact_keys(query) and not exact_keys(rest) else rest
