"""Hostile round 24b: phrases the static index's 8 kept positions cannot decide, in the part of the body field that
is not the text: the meta line (发布机构, 主题分类, 体裁分类, the title of the policy a 政策解读 explains, 索引号). A
policy P titled "鑫淼垚，"×12 + "鑫淼犇规定" and its 解读 J (解读对象 = P): J's body field starts with P's title, so
鑫淼 is at 12 positions before 淼犇; search.js keeps 8 and must decide the phrase from J's text. Both readers on
鑫淼犇 and variants; also P's 关键词 and a long 发文字号 of repeated tokens. `python r24b_meta_phrase.py`"""
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))  # search_site, conftest

import search_site  # noqa: E402  (tests/ is on sys.path through r24b_common)
from conftest import write_site  # noqa: E402
from r24b_common import WORK, compare

from gkssg.build.pipeline import build_site

CQ, doc = search_site.CQ, search_site._doc
REP = "鑫淼垚，" * 12
ATTACK = {
    "P": doc("cq", CQ, "00301", REP + "鑫淼犇规定", "本规定正文。", None, 有效性="有效"),
    "J": doc("cq", CQ, "00302", "一图读懂某规定", "图解。", None, 体裁分类="政策解读", 解读对象=f"{CQ}/2021-00301"),
    "K": doc("cq", CQ, "00303", "某办法", "正文。", None, 关键词=["垚燚" * 10 + "垚犇", "另一个"]),
    "N": doc("cq", CQ, "00304", "某通知", "正文。", "垚垚垚垚垚垚垚垚垚垚垚垚犇发〔2021〕3号"),
    "N2": doc("cq", CQ, "00305", "另一通知", "正文。", "渝府发〔2021〕0003号"),
}
QUERIES = ["鑫淼犇", "鑫淼犇规定", "淼犇规定", "垚鑫淼犇", "鑫淼犇 解读", "鑫淼犇规定 一图读懂", "垚犇", "垚燚垚犇", "燚垚犇",
           "垚垚犇", "垚垚犇发", "犇发2021年3号", "垚犇发〔2021〕3号", "渝府发 0003号", "渝府发0003号", "渝府发〔2021〕3号", "渝府发2021-3号"]


def main():
    root = WORK / "meta"
    if root.exists():
        shutil.rmtree(root)
    files = {path: text for path, text, _url in search_site.DOCS.values()}
    files.update(search_site.filler())
    files.update({path: text for path, text, _url in ATTACK.values()})
    write_site(root, files)
    build_site(root, root / "public", search_site.DATE)
    differ, py, _js = compare(root, QUERIES)
    for q, (p, pm, _t, res) in zip(QUERIES, py):
        print(f"  {q!r}: {[(r.title[-8:], r.matched, r.relaxed) for r in res][:3]}")


if __name__ == "__main__":
    main()
