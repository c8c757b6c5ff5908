"""Hostile round 24b: a made-up site (tests/search_site's documents and filler, plus the attack documents below),
both readers compared on each step:
  1. phrases the static index's 8 kept positions cannot decide: a token repeated 10+ times in the title, in the
     关键词, in the body, the phrase only after them; repeated tokens in the query; a phrase across 标题 → 发文字号 →
     关键词 (joined by spaces: no position gap);
  2. words only a 依申请公开 or a future document holds (麤靐, 齾齉): the answer must be exactly that of a word no
     document holds (missing, same message) from both readers and the endpoint;
  3. confusable 发文字号 (国发〔2017〕39号 / 国发〔2018〕39号 / 国发〔2017〕3号 / 府发〔2017〕39号 / 渝国发〔2017〕39号 …):
     which document each year-first / dash query puts first as exact;
  4. incremental: the public document holding 龖龘 withdrawn (依申请公开), then one holding 鼺鼺 edited to drop the
     word, then removed: after each incremental build, both readers and a clean build of the same content.
`python r24b_custom.py`"""
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))  # search_site, conftest

import search_site  # noqa: E402  (tests/ is on sys.path through r24b_common)
from conftest import write_site  # noqa: E402
from r24b_common import WORK, compare, js_answers, py_answers

from gkssg.build.pipeline import build_site

DATE = search_site.DATE
CQ, QJ = search_site.CQ, search_site.QJ
doc = search_site._doc
REPEAT = "鑫淼垚，" * 12
ATTACK = {
    "rep_title": doc("cq", CQ, "00201", REPEAT + "鑫淼犇管理", "正文。", None),
    "rep_kw": doc("cq", CQ, "00202", "关于关键词的通知", "正文。", None, 关键词=["焱燚垚"] * 1 + ["焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚焱燚燚犇"]),
    "rep_body": doc("cq", CQ, "00203", "关于正文的通知", "赑屃，" * 40 + "赑屃犇犇。", None),
    "boundary": doc("cq", CQ, "00204", "关于边界的通知abc", "正文。", "xyz〔2021〕7号", 关键词=["q9 骉骉"]),
    "withheld": doc("cq", CQ, "00205", "麤靐管理办法", "麤靐。", None, 公开属性="依申请公开"),
    "future": doc("cq", CQ, "00206", "齾齉管理办法", "齾齉。", None, published="2027-03-02", written="2027-03-01", year="2027"),
    "withdraw": doc("cq", CQ, "00207", "龖龘管理办法", "龖龘。", None),
    "edit": doc("cq", CQ, "00208", "鼺鼺管理办法", "鼺鼺。", None),
    "gf17_39": doc("cq", CQ, "00209", "国发三十九号", "正文。", "国发〔2017〕39号"),
    "gf18_39": doc("cq", CQ, "00210", "国发一八三十九号", "正文。", "国发〔2018〕39号"),
    "gf17_3": doc("cq", CQ, "00211", "国发三号", "正文。", "国发〔2017〕3号"),
    "ff17_39": doc("cq", CQ, "00212", "府发三十九号", "正文。", "府发〔2017〕39号"),
    "ygf17_39": doc("cq", CQ, "00213", "渝国发三十九号", "正文。", "渝国发〔2017〕39号"),
    "gl797": doc("cq", CQ, "00214", "国务院令七九七", "正文。", "国务院令第797号"),
    "gf2017_1": doc("cq", CQ, "00215", "国发二〇一七年一号", "正文。", "国发〔2017〕1号"),
    "gf17_739": doc("cq", CQ, "00216", "国发七三九号", "正文。", "国发〔2017〕739号"),
    "gf20_17": doc("cq", CQ, "00217", "国发二〇二〇年一七号", "正文。", "国发〔2020〕17号"),
}
PHRASES = ["鑫淼犇", "鑫淼犇管理", "垚鑫淼犇", "焱燚犇", "燚燚犇", "焱燚焱燚犇", "燚犇", "赑屃犇犇", "屃犇", "赑屃赑屃犇",
           "鑫淼鑫淼", "焱燚焱燚焱燚", "abc xyz", "abc-xyz", "通知abc", "知abc", "abcxyz", "7号q9", "号q9", "号 q9", "q9骉骉",
           "q9-骉骉", "7号-q9-骉骉", "abc.xyz.2021"]
SECRET = ["麤靐 年报", "麤靐年报", "麤靐", "齾齉 年报", "齾齉", "麤靐管理办法", "齾齉管理办法 年报", "麤靐 齾齉 年报", "龘龘龘 年报"]
NUMBERS = ["2017年国发39号", "2017国发39号", "2018国发39号", "2017国发3号", "2017年府发39号", "2017渝国发39号", "2017年国发739号",
           "国发2017-39号", "国发2017—39号文件", "国发2017-3号", "国发2017-739号", "府发2017-39号", "2017-国发39号",
           "国发20173-9号", "国发2017-039号", "国发2017--39号", "国发2017‐‐39号", "国发20-17号", "国发2020-17号", "国发2017-1号",
           "国发12017-39号", "渝国发2017-39号", "2017年渝国发39号", "2017年国令797号", "国令第797号", "国令797号", "国令2017-797号",
           "国发201739号", "2017国发0039号", "2017 年 国发 第 39 号", "2017年国发39号是什么意思", "２０１７年国发３９号"]


def same_as_clean(root, name):
    clean = WORK / (name + "-clean")
    if clean.exists():
        shutil.rmtree(clean)
    shutil.copytree(root / "content", clean / "content")
    shutil.copy(root / "catalog.yaml", clean / "catalog.yaml")
    build_site(clean, clean / "public", DATE)
    differ = []
    for f in sorted((clean / "public").rglob("*")):
        if f.is_file():
            g = root / "public" / f.relative_to(clean / "public")
            if not g.exists() or g.read_bytes() != f.read_bytes():
                differ.append(str(f.relative_to(clean / "public")))
    extra = [str(g.relative_to(root / "public")) for g in (root / "public").rglob("*")
             if g.is_file() and not (clean / "public" / g.relative_to(root / "public")).exists()]
    print(f"  incremental vs clean: {len(differ)} files differ, {len(extra)} extra: {(differ + extra)[:6]}")
    return clean


def main():
    root = WORK / "custom"
    if root.exists():
        shutil.rmtree(root)
    files = {path: text for path, text, _url in search_site.DOCS.values()}
    files.update(search_site.filler())
    files.update({path: text for path, text, _url in ATTACK.values()})
    write_site(root, files)
    build_site(root, root / "public", DATE)
    print("== 1 phrases / 2 non-public words / 3 numbers")
    differ, py, js = compare(root, PHRASES + SECRET + NUMBERS)
    for q, (p, pm, _t, res) in zip(PHRASES + SECRET + NUMBERS, py):
        first = f"{res[0].doc_no or res[0].title} exact={res[0].exact} relaxed={res[0].relaxed}" if res else "-"
        print(f"  {q!r}: {len(res)} results, first {first}; missing={pm}")
    # 4. incremental
    steps = [("withdraw", "公开属性", "依申请公开", ["龖龘 年报", "龖龘"]), ("edit", "body", "改过的正文。", ["鼺鼺 年报", "鼺鼺"]),
             ("edit", "remove", None, ["鼺鼺 年报", "鼺鼺", "管理办法"])]
    for key, what, value, queries in steps:
        path = root / ATTACK[key][0]
        text = path.read_text("utf-8")
        if what == "remove":
            path.unlink()
        elif what == "body":
            path.write_text(text.replace("鼺鼺。", value).replace("鼺鼺管理办法", "某某管理办法"), "utf-8")
        else:
            path.write_text(text.replace("---\n", f"{what}: {value}\n---\n", 1) if False else
                            text.replace("标题:", f"{what}: {value}\n标题:", 1), "utf-8")
        build_site(root, root / "public", DATE)
        print(f"== 4 after {key}/{what}")
        compare(root, queries)
        clean = same_as_clean(root, "custom")
        for q, a, b in zip(queries, js_answers(root, queries), js_answers(clean, queries)):
            if json.dumps(a[:2], ensure_ascii=False) != json.dumps(b[:2], ensure_ascii=False):
                print(f"  page incremental != page clean for {q!r}: {a[:2]} / {b[:2]}")
        for q, a, b in zip(queries, py_answers(root, queries), py_answers(clean, queries)):
            print(f"  {q!r}: incremental {a[1]} {len(a[0])} results; clean {b[1]} {len(b[0])} results")


if __name__ == "__main__":
    main()
