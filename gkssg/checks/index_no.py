"""GK3xx: 索引号 (DOMAIN.md §4; GB 32100-2015, GB 11714).

The common form is `<agency code>/<year>-<serial>`; the site's pattern
(SiteInfo.index_no_pattern, groups code/year/serial) overrides the default, and an
agency's own (Agency.index_no_pattern: 柘城县's yearless 114114240058778641-zcxzf-00004650)
the site's for that agency's documents.
"""

from __future__ import annotations

import re
from collections import defaultdict

from gkssg import codes
from gkssg.checks.registry import DOCUMENTS, document_rule, per_run, site_rule
from gkssg.findings import Findings
from gkssg.model import Agency, Document, Site


def site_pattern(site: Site) -> str:
    """The index-number pattern in force for a site."""
    return site.info.index_no_pattern or codes.DEFAULT_INDEX_NO_PATTERN


def agency_pattern(site: Site, agency: Agency | None) -> str:
    """The index-number pattern in force for an agency's documents: its own, else the site's."""
    return agency.index_no_pattern if agency is not None and agency.index_no_pattern else site_pattern(site)


@per_run
def _own_patterns(site: Site) -> bool:
    return any(a.index_no_pattern for a in site.agencies)


def document_agency(site: Site, doc: Document) -> Agency | None:
    """The agency the document's 发布机构 names (as resolved when loaded, else looked up)."""
    if doc.agency is not None:
        return doc.agency
    return site.agency_named(doc.publisher) if doc.publisher else None


def document_pattern(site: Site, doc: Document) -> str:
    """The index-number pattern the document's 索引号 is read with: its 发布机构's, else the site's."""
    return agency_pattern(site, document_agency(site, doc)) if _own_patterns(site) else site_pattern(site)


@per_run
def _local_codes(site: Site) -> set[str]:
    return {a.local_code.upper() for a in site.agencies if a.local_code}


def agency_accepts_code(agency: Agency, code: str) -> bool:
    """Whether an index-number code is the agency's: its credit code, its 组织机构代码
    (org_code), its local code, or the 组织机构代码 embedded in its credit code (older
    index numbers such as 000014349/2017-00110 use the 9-character code, DOMAIN.md §4).
    Codes match in any case (阿里地区 writes dqxs); GK302 asks credit codes for uppercase."""
    if not code:
        return False
    code = code.upper()
    if code in (agency.credit_code, agency.org_code, agency.local_code):
        return True
    return len(agency.credit_code) == 18 and code == codes.embedded_org_code(agency.credit_code)


def _owner_of_code(site: Site, code: str) -> Agency | None:
    for agency in site.agencies:
        if agency_accepts_code(agency, code):
            return agency
    return None


def _parse(site: Site, doc: Document) -> codes.IndexNo | None:
    return codes.parse_index_no(doc.index_no, document_pattern(site, doc)) if doc.index_no else None


@document_rule("GK301", reads=DOCUMENTS)  # the suggestion is never another document's number
def matches_pattern(site: Site, doc: Document, findings: Findings) -> None:
    """GK301 error: the 索引号 matches the site's configured pattern (DOMAIN.md §4)."""
    if doc.index_no and _parse(site, doc) is None:
        findings.error("GK301", doc.source, doc.line_of("index_no"), unknown_shape_message(site, doc))
    elif doc.index_no and (day := codes.impossible_index_no_date(doc.index_no, document_pattern(site, doc))):
        findings.error("GK301", doc.source, doc.line_of("index_no"),
                       f"索引号“{doc.index_no.strip()}”中年份后的日期 {day} 不存在：请核对索引号的年、月、日。")


def unknown_shape_message(site: Site, doc: Document) -> str:
    """What GK301 says: the shapes this site accepts, and how a site declares its own."""
    head = f"索引号“{doc.index_no}”不符合本站的索引号格式"
    shapes = "；".join(f"{what}：{example}" for what, example in codes.DEFAULT_INDEX_NO_SHAPES)
    agency = document_agency(site, doc)
    if agency is not None and agency.index_no_pattern:
        return (f"索引号“{doc.index_no}”不符合发布机构“{agency.name}”的索引号格式（catalog.yaml 中该机构的 "
                f"index_no_pattern：{agency.index_no_pattern}）：请按该机构的格式改正，或由网站管理员修改它的 "
                "index_no_pattern；删去它则按本站格式检查。")
    if site.info.index_no_pattern and site.info.index_no_pattern != codes.DEFAULT_INDEX_NO_PATTERN:
        return (f"{head}（catalog.yaml 中 site.index_no_pattern：{site.info.index_no_pattern}）："
                "请按本站格式改正，或由网站管理员修改 index_no_pattern；可用 gkssg new 自动生成。"
                f"若本站的索引号是真实网站常见的写法，可删去 index_no_pattern 改用默认格式，它接受：{shapes}。")
    return (f"{head}。默认格式为“机构代码/年份-序号”（序号 4–8 位）{_suggestion(site, doc)}。可用的写法：{shapes}。"
            "本站的索引号若是另一种格式（例如没有机构代码的 20191202-189769），请网站管理员在 catalog.yaml 的 "
            "site 下声明 index_no_pattern（正则表达式，命名分组 serial 必须有，code、year 有则写），例如 "
            "index_no_pattern: '^(?P<year>\\d{4})\\d{4}-(?P<serial>\\d{6})$'，见 docs/checks.md“索引号的格式”；"
            "只是某个机构的索引号是另一种格式时，在 agencies 下该机构的一项中声明它自己的 index_no_pattern（写法相同）；"
            "可用 gkssg new 自动生成。")


def _suggestion(site: Site, doc: Document) -> str:
    """The document's own number in the default shape: its year and serial kept, never one
    another document already uses (GK305 would follow)."""
    agency = site.agency_named(doc.publisher) if doc.publisher else None
    if agency is None or not agency.code:
        return ""
    fixed = codes.reshaped_index_no(agency.code, doc.index_no)
    if fixed is None:
        return f"，本机关应写作 {agency.code}/年份-序号（年份、序号照原文件）"
    users = [o.source for o in site.documents
             if o is not doc and o.index_no and codes.index_no_identity(o.index_no) == codes.index_no_identity(fixed)]
    if users:
        return (f"，本机关的写法是 {agency.code}/年份-序号（按原年份、序号应为的索引号已被 {'、'.join(users)} 使用：请核对序号，"
                "或用 gkssg new 分配未用的序号）")
    return f"，本机关应写作 {fixed}"


def _case_finding(code: str, doc: Document, findings: Findings, line: int, what: str, rule: str) -> None:
    if code != code.upper():
        # The code as the number prints it: a 组织机构代码 may keep GB 11714's hyphen (01525939-x), which
        # parse_index_no drops from the code.
        printed = re.compile(re.escape(code[:-1]) + "-?" + re.escape(code[-1]))
        fixed = printed.sub(lambda m: m.group(0).upper(), doc.index_no.strip(), count=1)
        findings.error(rule, doc.source, line,
                       f"索引号中的{what} {code} 含小写字母：国家标准的代码只用数字和大写字母，"
                       f"请写作 {fixed}。")


@document_rule("GK302", "GK303", "GK304")
def code_check_characters(site: Site, doc: Document, findings: Findings) -> None:
    """GK302 error: an 18-character 统一社会信用代码 has the GB 32100-2015 check character;
    GK303 error: the 组织机构代码 embedded in it (characters 9–17) checks under GB 11714;
    GK304 error: a 9-character 组织机构代码 checks under GB 11714.
    Site-assigned agency.local_code codes carry no check character and are skipped."""
    parsed = _parse(site, doc)
    if parsed is None or not parsed.code or parsed.code.upper() in _local_codes(site):
        return
    line = doc.line_of("index_no")
    if len(parsed.code) in (9, 18):
        _case_finding(parsed.code, doc, findings, line, *(
            ("统一社会信用代码", "GK302") if len(parsed.code) == 18 else ("组织机构代码", "GK304")))
    code = parsed.code.upper()
    if len(code) == 18:
        if not codes.is_credit_code_syntax(code):
            bad = "".join(sorted({c for c in code if c not in codes.CREDIT_ALPHABET}))
            findings.error("GK302", doc.source, line,
                           f"索引号中的统一社会信用代码 {code} 含有字符“{bad}”，GB 32100 不使用 I、O、S、V、Z："
                           "请核对机构代码（常见错误：字母 O 与数字 0、字母 I 与数字 1 混淆）。")
            return
        expected = codes.credit_code_check_char(code[:17])
        if expected != code[17]:
            findings.error("GK302", doc.source, line,
                           f"索引号中的统一社会信用代码 {code} 校验位错误（按 GB 32100 应为“{expected}”）："
                           "请从机构的统一社会信用代码证书核对后改正。")
        org = codes.embedded_org_code(code)
        if not codes.is_valid_org_code(org):
            findings.error("GK303", doc.source, line,
                           f"统一社会信用代码 {code} 第 9–17 位的组织机构代码 {org} 校验位错误"
                           f"（按 GB 11714 应为“{codes.org_code_check_char(org[:8])}”）：请核对机构代码。")
    elif len(code) == 9 and not codes.is_valid_org_code(code):
        expected = codes.org_code_check_char(code[:8]) if code[:8].isalnum() else "?"
        findings.error("GK304", doc.source, line,
                       f"索引号中的组织机构代码 {code} 校验位错误（按 GB 11714 应为“{expected}”）：请核对机构代码；"
                       "若这是本站自编的机构代码而不是组织机构代码（如民乐县的 620722087），"
                       "请在 catalog.yaml 中把它登记为该机构的 local_code。")


@site_rule("GK305")
def unique_across_site(site: Site, findings: Findings) -> None:
    """GK305 error: a 索引号 identifies one document across the whole site (DOMAIN.md §2);
    document URLs are derived from it, so two files would overwrite one page. Two spellings of one number
    are one number (codes.index_no_identity: 01525939-X/20260130-00001 and 01525939X-20260130-00001)."""
    by_index: dict[str, list[Document]] = defaultdict(list)
    for doc in site.documents:
        if doc.index_no:
            by_index[codes.index_no_identity(doc.index_no)].append(doc)
    for docs in by_index.values():
        if len(docs) < 2:
            continue
        for doc in docs:
            index_no = doc.index_no.strip()
            others = "、".join(f"{o.source}（第 {o.line_of('index_no')} 行"
                              + ("" if o.index_no.strip() == index_no else f"，写作 {o.index_no.strip()}") + "）"
                              for o in docs if o is not doc)
            findings.error("GK305", doc.source, doc.line_of("index_no"),
                           f"索引号 {index_no} 重复，与 {others} 相同：每个文件的索引号必须唯一，"
                           "请为其中一个文件取下一个未用的序号（gkssg new 会自动分配）。")


@document_rule("GK306")
def year_matches_dates(site: Site, doc: Document, findings: Findings) -> None:
    """GK306 warning: the 索引号 year matches the 发布日期 or 成文日期 year (DOMAIN.md §4)."""
    parsed = _parse(site, doc)
    if parsed is None or parsed.year is None:
        return
    years = {d.year for d in (doc.published, doc.written) if d}
    if years and parsed.year not in years:
        findings.warning("GK306", doc.source, doc.line_of("index_no"),
                         f"索引号年份 {parsed.year} 与成文日期、发布日期的年份（{'、'.join(map(str, sorted(years)))}）"
                         "都不一致：请核对索引号或日期。")


@document_rule("GK307", "GK308")
def belongs_to_publisher(site: Site, doc: Document, findings: Findings) -> None:
    """GK307 error: the 索引号 code belongs to the document's 发布机构, and GK308 error:
    that agency owns the folder the file is in — a department cannot publish in
    another's name (DOMAIN.md §4)."""
    agency = site.agency_named(doc.publisher) if doc.publisher else None
    if agency is None:
        return  # GK201 / GK208 report the publisher itself
    parsed = _parse(site, doc)
    if parsed is not None and parsed.code and agency.code and not agency_accepts_code(agency, parsed.code):
        owner = _owner_of_code(site, parsed.code)
        whose = f"这是“{owner.name}”的代码" if owner else "该代码不属于任何登记机构"
        findings.error("GK307", doc.source, doc.line_of("index_no"),
                       f"索引号中的机构代码 {parsed.code} 与发布机构“{agency.name}”的代码 {agency.code} 不一致（{whose}）："
                       f"请使用 {agency.code}/年份-序号，或改正发布机构。")
    if not any(_inside(doc.source, folder) for folder in agency.folders):
        owners = [a.name for a in site.agencies if any(_inside(doc.source, f) for f in a.folders)]
        where = f"该目录属于“{'、'.join(owners)}”" if owners else "该目录不属于任何机构"
        allowed = "、".join(agency.folders) or "（未登记目录）"
        findings.error("GK308", doc.source, doc.line_of("publisher"),
                       f"文件所在目录不属于发布机构“{agency.name}”（{where}）：请把文件移到 {allowed}，"
                       "或改正发布机构；不得以其他机构名义发布。")


def _inside(source: str, folder: str) -> bool:
    folder = folder.strip("/").replace("\\", "/")
    return bool(folder) and (source == folder or source.startswith(folder + "/"))


@site_rule("GK309")
def agencies_have_codes(site: Site, findings: Findings) -> None:
    """GK309 warning: an agency that publishes documents has a credit_code or
    local_code in catalog.yaml, otherwise GK307 cannot verify its index numbers (DOMAIN.md §4)."""
    publishing = {id(site.agency_named(doc.publisher)) for doc in site.documents if doc.publisher}
    for agency in site.agencies:
        if not agency.code and id(agency) in publishing:
            findings.warning("GK309", site.config_file, 0,
                             f"机构“{agency.name}”没有登记 credit_code（统一社会信用代码）或 local_code："
                             "无法核对其文件索引号的归属，请在 catalog.yaml 中补充。")
