"""Round 32, target 3/4: the page (search.js in headless Chromium via tests/browser.py) against `gkssg search`
(query.search on the same site, and the CLI --json for a few) on a demo copy with documents naming characters of
planes 2 and 3, variation selectors, combining marks, private use, Ext-I, and a 发文字号 whose 机关代字 is astral.
Any exception in the console, a hang (30 s per query) or a differing page 1 is printed."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time

os.environ.setdefault("H31", "/tmp/h32")
from r31_common import DATE, PY, REPO, WORK, attack_sites, build, ids_outside  # noqa: E402

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
from browser import playwright_browser, serve  # noqa: E402

from gkssg.build.pipeline import load_and_check  # noqa: E402
from gkssg.commands.search import open_updated_index  # noqa: E402
from gkssg.search.query import search  # noqa: E402

DOCS = {
    "2025-90051": ("关于𠅤建华同志任职的通知", "𠅤政发〔2026〕6号", "𠅤建华同志任演示区𡌶口乡乡长。"),
    "2025-90052": ("演示区葛\U000E0100家村\u9fa5\U0002EBF0\U0002EBF1规划", "演葛发〔2025〕3号", "葛\U000E0100家村位于𬇕尾。\ue000私用区。"),
    "2025-90053": ("关于澫尾村👨\u200d👩\u200d👧家庭服务的公告", "", "澫尾村 e\u0301 cafe\u0301 政\u0301务。𰀀𰀁𰀂。"),
    "2025-90054": ("演示区府发〔2025〕9号的解读", "演示区府发〔2025〕10号", "本文解读演示区府发〔2025〕9号、演示区府发2025年第11号。"),
}
TEMPLATE = """---
标题: "{title}"
索引号: ZBJG0003/{n}
发布机构: 演示市演示区人民政府
主题分类: 综合政务
体裁分类: 通知
成文日期: 2025-10-28
发布日期: 2025-10-28
{docno}公开属性: 主动公开
演示: true
公开路径:
  - 法定主动公开内容>公务员招考
---
{body}
"""

QUERIES = ["𠅤", "𠅤建华", "𠅤政发〔2026〕6号", "𠅤政发2026年6号", "𠅤政发 2026 6", "2026 6号 𠅤政发", "𠅤政发",
           "葛\U000E0100家村", "葛家村", "葛\ufe00家村", "\U0002EBF0\U0002EBF1", "\U0002EBF0", "\u9fa5\U0002EBF0",
           "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧 澫尾", "澫尾", "𬇕尾", "政\u0301务", "cafe\u0301", "e\u0301",
           "\ue000私用", "私用区", "𰀀𰀁", "𰀁𰀂", "\U000F0000", "\U0010FFFF𠅤",
           "演示区府发〔2025〕9号", "演示区府发2025年9号", "演示区府发 2025 10", "演示区府发〔2025〕11号", "2025 9号", "演示区府发 9号",
           "ZBJG0003/2025-90054 9号", "ZBJG0003 2025 90054", "90054", "演示区府发 2025", "府发〔2025〕10号 解读",
           "𠅤" * 200, "𠅤建华" * 50, "葛\U000E0100" * 60, "\U0002EBF0" * 101]
JS_QUERIES = ["'\\ud800'", "'𠀀\\ud800'", "'\\udc00𠅤建华'", "'\\ud840\\udc45'", "'𠅤'.repeat(10000)",
              "Array.from({length: 10000}, (_, i) => String.fromCodePoint(0x20000 + i * 7)).join('')",
              "'\\ud83d'.repeat(5000) + '建华'", "'葛' + '\\udb40\\udd00'", "'\\udb40\\udd00家村'",
              "'\\u0000𠅤建华'", "'𠅤建华\\u0085'", "'\\u2028𠅤建华\\u2029'", "'\\u3000\\u3000'", "'\\ufeff澫尾'",
              "'𠅤\\u200b建华'", "'𠅤\\u0301建华'", "'ｚｂｊｇ０００３／２０２５－９００５１'", "'澫' + '\\ufe00'.repeat(3000) + '尾'"]


def main():
    site = attack_sites.demo_copy(WORK, "srch32")
    ids_outside(site)
    for n, (title, docno, body) in DOCS.items():
        (site / f"content/ysq/{n}.md").write_text(TEMPLATE.format(
            title=title, n=n, docno=f"发文字号: {docno}\n" if docno else "", body=body), encoding="utf-8")
    r = build(site)
    print("build rc", r.returncode, (r.stdout + r.stderr)[-300:].replace("\n", " | "), flush=True)
    if r.returncode:
        return
    loaded, _ = load_and_check(site, dt.date(2026, 12, 7))
    ix = open_updated_index(loaded)
    manager, browser = playwright_browser()
    errors = []
    try:
        with serve(site / "public") as base:
            page = browser.new_page()
            page.on("pageerror", lambda e: errors.append(("pageerror", str(e)[:200])))
            page.on("console", lambda m: errors.append(("console", m.type, m.text[:200])) if m.type in ("error", "warning") else None)
            page.goto(base + "search.html")
            page.set_default_timeout(30000)
            differ = 0
            for q in QUERIES:
                t0 = time.time()
                try:
                    got = page.evaluate("q => gkssgSearch.results(q, 1)", q)
                except Exception as error:  # noqa: BLE001
                    got = f"EXC {str(error)[:160]}"
                tj = time.time() - t0
                t0 = time.time()
                try:
                    exp = [[x.url, x.matched, x.relaxed] for x in search(ix, q, limit=10)[1]]
                except Exception as error:  # noqa: BLE001
                    exp = f"EXC {type(error).__name__} {str(error)[:160]}"
                tp = time.time() - t0
                same = got == exp
                differ += not same
                short = q if len(q) < 24 else q[:12] + f"…({len(q)})"
                print(f"{'same ' if same else 'DIFF '} {short!r} js {tj:.2f}s py {tp:.2f}s page={json.dumps(got, ensure_ascii=False)[:300]}"
                      + ("" if same else f"\n       cli={json.dumps(exp, ensure_ascii=False)[:300]}"), flush=True)
            for expr in JS_QUERIES:
                t0 = time.time()
                try:
                    got = page.evaluate(f"() => gkssgSearch.results({expr}, 1)")
                except Exception as error:  # noqa: BLE001
                    got = f"EXC {str(error)[:160]}"
                q = page.evaluate(f"() => {expr}")
                try:
                    exp = [[x.url, x.matched, x.relaxed] for x in search(ix, q, limit=10)[1]]
                except Exception as error:  # noqa: BLE001
                    exp = f"EXC {type(error).__name__} {str(error)[:160]}"
                same = got == exp
                differ += not same
                print(f"{'same ' if same else 'DIFF '} js:{expr[:40]} {time.time() - t0:.2f}s page={json.dumps(got, ensure_ascii=False)[:200]}"
                      + ("" if same else f"\n       cli={json.dumps(exp, ensure_ascii=False)[:200]}"), flush=True)
            for url in ("search.html?q=%ED%A0%80", "search.html?q=%F0%A0%85%A4%E5%BB%BA%E5%8D%8E", "search.html?q=%ED%A0%80%F0%A0%85%A4",
                        "search.html?q=%F0%A0%85", "search.html?q=" + "%F0%A0%85%A4" * 3000):
                page.goto(base + url)
                time.sleep(2.5)
                print("url", url[:60], "->", page.inner_text("#search-results")[:150].replace("\n", " / ") if page.query_selector("#search-results") else None,
                      "| status:", (page.inner_text("[role=status]") if page.query_selector("[role=status]") else "")[:100], flush=True)
            print("differ", differ, "errors", errors[:10])
    finally:
        browser.close()
        manager.stop()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for arg in (b"\xed\xa0\x80", b"\xf0\xa0\x85\xa4\xe5\xbb\xba\xe5\x8d\x8e", b"\xff\xfe\xa4", "𠅤政发〔2026〕6号".encode()):
        p = subprocess.run([PY.encode(), b"-m", b"gkssg", b"search", arg, b"--site", str(site).encode(), b"--date", DATE.encode(), b"--json"],
                           capture_output=True, env=env, timeout=120)
        print("cli", arg, "rc", p.returncode, p.stdout[:200].decode("utf-8", "replace"), p.stderr[-300:].decode("utf-8", "replace"))


if __name__ == "__main__":
    main()
