"""A small site for the search tests: every field a reader sees, traditional characters, 发文字号 typed
many ways, abbreviations, versions that replace others, abolished and expired documents.

The documents are made up (tests/conftest.py's catalogue: 重庆市人民政府办公厅 and 重庆市黔江区人民政府);
FILLER adds documents on common words so that the queries have competitors. QUERIES (query, the URL
that must come first) is the judged set of this site; benchmarks/bench_search.py reports its
precision@1 with the demo's (JUDGED_DEMO).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import REPO, document, write_site

from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 11, 1)
CQ, QJ = "11500000009275780L", "11500114009130039C"
CQ_PUB, QJ_PUB = "重庆市人民政府办公厅", "重庆市黔江区人民政府"


def _doc(folder: str, code: str, serial: str, title: str, body: str, doc_no: str | None = None, **extra) -> tuple:
    year = extra.pop("year", "2021")
    fields = {"标题": title, "索引号": f"{code}/{year}-{serial}", "发文字号": doc_no,
              "发布机构": CQ_PUB if code == CQ else QJ_PUB,
              "成文日期": extra.pop("written", f"{year}-03-01"), "发布日期": extra.pop("published", f"{year}-03-02")}
    fields.update(extra)
    return f"content/{folder}/{year}-{serial}.md", document(body + "\n", **fields), f"docs/{code}-{year}-{serial}.html"


DOCS = {
    "report": _doc("cq", CQ, "00101", "重庆市人民政府办公厅2020年政府信息公开工作年度报告",
                   "本报告由重庆市人民政府办公厅编制。一、总体情况。", None, year="2021", 体裁分类="年度报告"),
    "nianbao": _doc("qj", QJ, "00102", "黔江区2021年政务公开年报", "黔江区全年主动公开政府信息。", None,
                    year="2022", 体裁分类="年度报告"),
    "keywords": _doc("cq", CQ, "00103", "重庆市人民政府办公厅关于加强数据治理的通知",
                     "各区县人民政府，市政府各部门：现就有关事项通知如下。", "渝府办发〔2021〕30号",
                     关键词=["数字政府", "营商环境"]),
    "jiedu": _doc("cq", CQ, "00104", "《重庆市数据条例》政策解读", "条例共六章。", None,
                  主题分类="综合政务\\政务公开", 体裁分类="政策解读"),
    "rules_new": _doc("cq", CQ, "00105", "重庆市人民政府办公厅关于印发重庆市行政规范性文件管理办法的通知",
                      "现将《重庆市行政规范性文件管理办法》印发给你们。", "渝府发〔2022〕8号", year="2022",
                      written="2022-05-01", published="2022-05-06", 有效性="有效"),
    "rules_old": _doc("cq", CQ, "00106", "重庆市人民政府办公厅关于印发重庆市行政规范性文件管理办法的通知",
                      "现将《重庆市行政规范性文件管理办法》印发给你们。《重庆市行政规范性文件管理办法》自发布之日起施行。", "渝府发〔2015〕31号",
                      year="2015", 有效性="废止", 废止日期="2022-05-06", 替代文件=f"{CQ}/2022-00105"),
    "cites": _doc("cq", CQ, "00107", "重庆市人民政府办公厅关于贯彻落实渝府发〔2022〕8号文件的通知",
                  "根据渝府发〔2022〕8号文件要求，做好规范性文件清理工作。", "渝府办发〔2022〕20号", year="2022"),
    "guide": _doc("cq", CQ, "00108", "重庆市人民政府办公厅政府信息公开指南",
                  "公开指南说明如何申请政府信息公开。", None, year="2023"),
    "traditional": _doc("qj", QJ, "00109", "黔江区人民政府关于转发《關於加強檔案管理工作的通知》的通知",
                        "請各單位認真貫徹執行，進一步加強檔案管理。", "黔江府发〔2021〕12号"),
    "housing": _doc("qj", QJ, "00110", "重庆市黔江区住房和城乡建设委员会关于老旧小区改造的通知",
                    "老旧小区改造工作安排如下。", "黔江住建发〔2021〕5号"),
    "expired": _doc("qj", QJ, "00111", "黔江区防汛应急预案", "本预案有效期三年。", "黔江府办发〔2018〕40号",
                    year="2018", 有效性="失效", 有效期至="2021-06-30"),
    "topic": _doc("qj", QJ, "00112", "黔江区关于公布第二批重点项目的通知", "项目清单附后。", "黔江府发〔2021〕20号",
                  主题分类="国民经济管理、国有资产监管"),
    # A policy and two 政策解读 of it (解读对象): the policy's name finds the policy first and its 解读
    # right after; 解读 in the query puts the 解读 first (gkssg/search/families.py).
    "policy": _doc("cq", CQ, "00113", "重庆市人民政府关于印发重庆市城市更新管理办法的通知",
                   "现将《重庆市城市更新管理办法》印发给你们，请认真贯彻执行。", "渝府发〔2021〕40号", 有效性="有效"),
    "policy_jd": _doc("cq", CQ, "00114", "《重庆市城市更新管理办法》政策解读", "一、制定背景。二、主要内容。", None,
                      体裁分类="政策解读", 解读对象=f"{CQ}/2021-00113", published="2021-03-03"),
    "policy_video": _doc("cq", CQ, "00115", "视频解读：城市更新工作怎么做、做什么", "本视频介绍城市更新的主要做法。",
                         None, 体裁分类="政策解读", 解读对象=f"{CQ}/2021-00113", published="2021-03-04"),
}

FILLER_WORDS = ["政务公开", "数据治理", "档案管理", "营商环境", "年度报告", "规范性文件", "应急管理", "重点项目"]


def filler() -> dict[str, str]:
    """36 documents that mention the judged documents' words in their bodies only."""
    files = {}
    for n in range(36):
        words = [FILLER_WORDS[(n + k) % len(FILLER_WORDS)] for k in range(3)]
        body = "。".join(f"关于{w}的第{k}项工作" for k, w in enumerate(words * 2))
        code, folder = (CQ, "cq") if n % 2 else (QJ, "qj")
        path, text, _url = _doc(folder, code, f"{n + 1:05d}", f"关于第{n + 1}项日常工作的通知（{n}）", body,
                                None, year="2020", written=f"2020-{1 + n % 12:02d}-01",
                                published=f"2020-{1 + n % 12:02d}-{2 + n % 20:02d}")
        files[path] = text
    return files


def url(name: str) -> str:
    return DOCS[name][2]


QUERIES = [  # (query, the document that must come first)
    ("数字政府", "keywords"), ("营商环境", "keywords"),
    ("国民经济管理", "topic"), ("2021-00112", "topic"),
    ("渝府发〔2022〕8号", "rules_new"), ("渝府发2022年8号", "rules_new"), ("渝府发 2022 8号", "rules_new"),
    ("渝府发(2022)8号", "rules_new"), ("渝府发（2022）8号", "rules_new"), ("渝府发[2022]8号", "rules_new"),
    ("渝府发２０２２年８号", "rules_new"), ("行政规范性文件管理办法", "rules_new"), ("规范性文件管理办法", "rules_new"),
    ("渝府发〔2015〕31号", "rules_old"), ("渝府发2015年31号", "rules_old"),
    ("2021年政务公开年报", "nianbao"), ("政务公开年报", "nianbao"), ("年度报告", "report"), ("信息公开工作年度报告", "report"),
    ("2020年政府信息公开工作年报", "report"),
    ("政策解读", "jiedu"), ("解读", "jiedu"), ("数据条例 解读", "jiedu"),
    ("公开指南", "guide"), ("政府信息公开指南", "guide"),
    ("加强档案管理", "traditional"), ("加強檔案管理", "traditional"), ("關於加強檔案管理工作的通知", "traditional"),
    ("贯彻执行", "traditional"), ("貫徹執行", "traditional"),
    ("住建委", "housing"), ("住房和城乡建设委员会", "housing"), ("老旧小区改造", "housing"), ("老舊小區改造", "housing"),
    ("黔江住建发2021年5号", "housing"),
    ("防汛应急预案", "expired"), ("黔江府办发〔2018〕40号", "expired"),
    (f"{CQ}/2021-00103", "keywords"), (f"{CQ}-2021-00103", "keywords"), ("2021-00103", "keywords"),
    ("２０２１－００１０３", "keywords"), ("渝府办发〔2021〕30号", "keywords"), ("渝府办发2021年30号", "keywords"),
    ("贯彻落实渝府发", "cites"), ("渝府办发〔2022〕20号", "cites"),
    ("黔江府发〔2021〕12号", "traditional"), ("黔江府發〔2021〕12號", "traditional"),
    ("重点项目", "topic"), ("第二批重点项目", "topic"), ("老旧小区", "housing"),
    ("城市更新管理办法", "policy"), ("重庆市城市更新管理办法", "policy"), ("城市更新管理办法解读", "policy_jd"),
    ("城市更新管理办法 解读", "policy_jd"), ("城市更新管理办法 视频解读", "policy_video"),
    ("渝府发〔2021〕40号", "policy"),
]


def page_results(page, queries: list[str]) -> list:
    """Page 1 of each query as the search page (search.js, already loaded in `page`) gives it: [url, matched, relaxed]."""
    return page.evaluate("async qs => { const out = []; for (const q of qs) { out.push(await gkssgSearch.results(q, 1)); }"
                         " return out; }", queries)


def build_real(root: Path) -> Path:
    """The real-document corpus (tests/real: content/ and catalog.yaml) copied to `root` and built into root/public
    for DATE; returns `root`."""
    shutil.copytree(REPO / "tests" / "real" / "content", root / "content")
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    build_site(root, root / "public", DATE)
    return root


def real_with_index(folder: Path) -> tuple:
    """(root, its search index): build_real into folder/real, and the index `gkssg search` reads, as of DATE."""
    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    root = build_real(folder / "real")
    return root, open_updated_index(load_and_check(root, DATE)[0])


def page_with_marks(browser, root: Path, queries: list[str], shown: str) -> tuple[list, str, list[str]]:
    """(page 1 of each of `queries` as search.js gives it, the status line and the words marked in the first result of the
    search page opened on `shown`), from root/public served."""
    from urllib.parse import quote

    from browser import serve
    with serve(root / "public") as base:
        page = browser.new_page()
        page.goto(base + "search.html")
        got = page_results(page, queries)
        page.goto(base + "search.html?q=" + quote(shown))
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0")
        status = page.inner_text("#search-status")
        marks = page.eval_on_selector_all("#search-results li:first-child mark", "ms => ms.map(m => m.textContent)")
        page.close()
    return got, status, marks


def build(folder: Path) -> Path:
    """The site written into `folder` and built into folder/site/public; returns the site's root."""
    files = {path: text for path, text, _url in DOCS.values()}
    files.update(filler())
    root = write_site(folder / "site", files)
    build_site(root, root / "public", DATE)
    return root
