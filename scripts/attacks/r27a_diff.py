"""Hostile round 27a, search differential: each query asked of the search page (search.js in headless Chromium,
public/ served by http.server, the URL search.html?q=…), of `gkssg search --json` and of the endpoint
(gkssg/search/endpoint.py's WSGI app, in-process) on the site r27a_site.py builds (real corpus + 3 withheld
documents). Each answer is reduced to (kind, first 10 URLs, missing words): kind EMPTY (only spaces), NOTHING
(no Chinese character, letter or digit), RESULTS. Prints every query whose three answers differ, and any answer
that names a withheld document. Usage: r27a_diff.py [--no-build] [--show]."""
from __future__ import annotations

import io
import json
import re
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from wsgiref.util import setup_testing_defaults

from r27a_common import DATE, REPO, WORK, gkssg

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
import r27a_site  # noqa: E402

from gkssg.search.corpus import STATE_DIR  # noqa: E402
from gkssg.search.endpoint import make_app  # noqa: E402

ONE_OF_EACH_CATEGORY = {  # tokenless: one or a few characters of each Unicode category without a letter or digit
    "Pc": "_‿⁀", "Pd": "-—‐〜", "Ps/Pe": "（）【】《》「」", "Pi/Pf": "“”‘’«»", "Po": "。，、！？·…※",
    "Sm": "+=<>±×÷∑", "Sc": "$¥€₹￥", "Sk": "^`¨˜", "So": "©®☺✓〒", "So emoji": "🎉👍🏽", "Zs": "\u3000 \u2003",
    "Zl/Zp": "\u2028\u2029", "Cc": "\x01\x1f\x7f", "Cf": "\u200b\u200d\u2060\ufeff\u00ad\u202e", "Co": "\ue000\uf8ff",
    "Cn": "\u0378\ufdd0", "Mn": "\u0301\u0300", "Me": "\u20dd", "NUL": "\x00", "Pd full-width": "－＿",
    "ideographic punctuation": "〃〆〓", "box drawing": "─│┼", "variation selector": "\ufe0f\ufe00",
}
OTHER_SCRIPTS = ["привет", "закон", "αβγ", "مرحبا", "שלום", "สวัสดี", "안녕하세요", "ひらがな", "カタカナ", "བོད་ཡིག",
                 "ᠮᠣᠩᠭᠣᠯ", "ئۇيغۇرچە", "ꆈꌠ", "𠀀", "𠮷野家", "⼀⼆", "〇", "二〇二一年", "٣٤٥", "२०१७", "①②", "Ⅻ", "½",
                 "²³", "𝐀𝐁𝐂", "ﬁ", "café", "ß", "ñandú", "ǅ", "ＡＢＣ", "ｑｚｘｖ"]
MIXED = ["！！政府", "政府\u200b", "\u200b年报", "年\u200b报", "政务\u00ad公开", "政务\u200d公开", "年报🎉", "“年报”",
         "《条例》", "政府 ！！", "政府 \u200b", "政府\x00年报", "年报 привет", "年报 𠀀", "政府 qzxv龘", "政府 QZXV龘",
         "政府 ｑｚｘｖ", "qzxv", "qzxv qzxw", "政府 qzxv qzxw", "政府 q", "政府 ab", "abc" * 300, "a" * 5000,
         "政府" + "x" * 2000, "年报 zz", "年报 a1b2", "年报 2025", "年报 9999999", "年报 x", "公开 ipv6", "年报 pdf",
         "年报 html", "年报 www", "年报 gov", "年报 cn", "年报 http", "年度报告 é", "年报-", "-年报", "年报--政府",
         "综合政务-政务公开", "综合政务 - 政务公开"]
INDEX_NOS = ["01525939-X/20260130-00001", "01525939X/20260130-00001", "01525939x-20260130-00001",
             "01525939-X-20260130-00001", "01525939－Ｘ／20260130－00001", "01525939-х/20260130-00001",
             "115330250152645191/20260116-00001", "115330250152645191-20260116-00001",
             "115330250152645191—20260116—00001", "115330250152645191/20260132-00001", "01525939-X/20260130-00001-",
             "01525939-X--20260130-00001", "01525939--X/20260130-00001", "01525939-5/20260130-00001",
             "01525939X", "01525939-X", "01525939", "20260130-00001", "20260116", "115330250152645191",
             "000014349/2026-00747", "000014349-2026-00747", "lcgzx", "LCGZX", "x/20260130-00001"]
WITHHELD = (r27a_site.TITLES + r27a_site.LATIN + r27a_site.NUMBERS
            + ["01525939X/20260201-00091", "01525939-X/20260202-00092", "115330250152645191-20270105-00093",
               "秘匣甲 withheldqa", "年报 withheldqb", "withheldqc 政府"])


def queries() -> list[str]:
    out = list(ONE_OF_EACH_CATEGORY.values()) + [v[0] for v in ONE_OF_EACH_CATEGORY.values() if len(v) > 1]
    out += OTHER_SCRIPTS + MIXED + INDEX_NOS + WITHHELD
    return out


def kind_of_message(text: str) -> str:
    if "只有空格" in text or "缺少检索词" in text or text.startswith("请输入检索词"):
        return "EMPTY"
    if "没有汉字、字母或数字" in text or "没有可检索的汉字、英文字母或数字" in text:
        return "NOTHING"
    return ""


MISSING = re.compile(r"没有文件含有((?:“[^”]*”、?)+)")


def missing_words(text: str) -> tuple:
    m = MISSING.search(text or "")
    return tuple(sorted(re.findall(r"“([^”]*)”", m.group(1)))) if m else ()


def endpoint_answer(app, q: str) -> tuple:
    environ = {"PATH_INFO": "/search", "QUERY_STRING": "q=" + urllib.parse.quote(q, safe="") + "&limit=10"}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO()
    status = []
    try:
        body = json.loads(b"".join(app(environ, lambda s, h: status.append(s))))
    except Exception as err:  # noqa: BLE001
        return ("500", repr(err)[:80], ())
    if status[0].startswith("400"):
        return (kind_of_message(body.get("error", "")) or "400:" + body.get("error", ""), (), ())
    if not status[0].startswith("200"):
        return (status[0], body.get("error", ""), ())
    return ("RESULTS", tuple(r["url"] for r in body["results"][:10]), tuple(sorted(body.get("missing") or ())))


def cli_answer(root, q: str) -> tuple:
    if "\x00" in q:
        return ("ARGV", (), ())  # a NUL cannot be passed in argv
    # "--" before the query: one that starts with "-" is not an option (click reads "-年报" as one otherwise)
    p = gkssg(None, "search", "--json", "--date", DATE, "--site", str(root), "--", q)
    if "Traceback" in p.stdout + p.stderr:
        return ("TRACEBACK", (p.stderr.strip().splitlines() or [""])[-1], ())
    if p.returncode != 0:
        return (kind_of_message(p.stderr) or f"exit{p.returncode}:" + p.stderr.strip()[-120:], (), ())
    items = json.loads(p.stdout)
    return ("RESULTS", tuple(r["url"] for r in items[:10]), missing_words(p.stderr))


PAGE_JS = """() => { const s = document.getElementById('search-status').textContent;
  const a = [...document.querySelectorAll('#search-results h2 a')].map(x => x.getAttribute('href'));
  return [s, a]; }"""


def page_answers(root, qs: list[str]) -> list[tuple]:
    from browser import ARGS, CHROMIUM, serve
    from playwright.sync_api import sync_playwright
    out = []
    with serve(root / "public") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        scripts_run = []
        page.on("dialog", lambda d: (scripts_run.append(d.message), d.dismiss()))
        for q in qs:
            page.goto(base + "search.html?q=" + urllib.parse.quote(q, safe=""))
            try:
                page.wait_for_function("() => { const t = document.getElementById('search-status').textContent;"
                                       " return t && t !== '正在搜索…'; }", timeout=30000)
            except Exception:  # noqa: BLE001
                out.append(("TIMEOUT", (), ()))
                continue
            status, hrefs = page.evaluate(PAGE_JS)
            kind = kind_of_message(status)
            if kind:
                out.append((kind, (), ()))
            else:
                out.append(("RESULTS", tuple(h.lstrip("./") for h in hrefs[:10]), missing_words(status)))
        browser.close()
        if scripts_run:
            print("DIALOGS (script ran):", scripts_run)
    return out


def main() -> int:
    root = WORK / "search"
    if "--no-build" not in sys.argv:
        root = r27a_site.make()
        p = gkssg(root, "build", "--date", DATE)
        assert p.returncode == 0, p.stdout[-2000:]
    qs = queries()
    print(f"{len(qs)} queries")
    cli_answer(root, "年报")  # the whoosh index the endpoint reads is made by the first `gkssg search`
    with ThreadPoolExecutor(2) as pool:
        clis = list(pool.map(lambda q: cli_answer(root, q), qs))
    app = make_app(root / STATE_DIR)
    ends = [endpoint_answer(app, q) for q in qs]
    pages = page_answers(root, qs)
    differ, leaks = 0, 0
    withheld_urls = {"sdtpz", "00091", "00092", "00093"}
    for q, page, cli, end in zip(qs, pages, clis, ends):
        shown = repr(q if len(q) < 50 else q[:30] + f"…({len(q)})")
        for who, ans in (("page", page), ("cli", cli), ("endpoint", end)):
            if any(any(w in u for w in ("00091", "00092", "00093")) and "2026" in u for u in ans[1]):
                leaks += 1
                print(f"LEAK {who} {shown}: {ans}")
        cli_cmp = page if cli[0] == "ARGV" else cli
        if not (page == cli_cmp == end):
            differ += 1
            print(f"DIFFER {shown}\n    page     {page}\n    cli      {cli}\n    endpoint {end}")
    if "--show" in sys.argv:  # every answer of the page, short
        for q, page in zip(qs, pages):
            shown = repr(q if len(q) < 50 else q[:30] + f"…({len(q)})")
            print(f"  {shown}: {page[0]} {len(page[1])} urls {page[1][:1]} missing {page[2][:3]}")
    kinds = {}
    for a in pages:
        kinds[a[0]] = kinds.get(a[0], 0) + 1
    print(f"== {len(qs)} queries, {differ} differ, {leaks} leak; page kinds {kinds}")
    del withheld_urls
    return 1 if differ or leaks else 0


if __name__ == "__main__":
    sys.exit(main())
