"""Round 18: edge cases of the count line. 发文字号 cited in other documents' texts (the exact-key
match and the phrase in the text counted together), a year or agency the site lacks, a filter value
not in the lists, every filter combined, column filters, sort=date, a page beyond the last ("没有更多
结果了（共 N 条）"), pages 1–5 by clicking 下一页, a query longer than MAX_QUERY, ten words, one
character, punctuation only. Each against `gkssg search`.

    PYTHONPATH=$PWD:scripts/attacks python scripts/attacks/r18_edges.py /tmp/h18/s300"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from r18_common import DONE, Browser, count_of, index_of, ok, public_bodies, serve


def cases(site: Path) -> list[tuple[str, str, dict]]:
    docs = public_bodies(site)
    texts = "".join(d.body for d in docs)
    cited = [m for m, _n in sorted(((c, texts.count(c)) for c in set(re.findall(r"（([^（）]{0,12}〔20\d\d〕\d+号)）", texts))),
                                   key=lambda x: -x[1])[:3]]
    own = [d.doc_no for d in docs if d.doc_no and texts.count(d.doc_no)][:3]
    out = [("被引文号", c, {}) for c in cited + own]
    out += [("被引文号无括号", re.sub(r"[〔〕]", "", c), {}) for c in cited[:2]]
    out += [("被引文号+年", c, {"year": c[c.index("〔") + 1:c.index("〔") + 5]}) for c in cited[:2]]
    out += [("无此年", "通知", {"year": "1999"}), ("无此机构", "通知", {"agency": "nope"}),
            ("无此有效性", "通知", {"validity": "作废"}), ("无此栏目", "通知", {"column": "zwgk/none"})]
    out += [("栏目", q, {"column": c}) for q in ("通知", "政务公开", "工作方案") for c in ("zwgk/zfxxgk/fdzdgknr", "zwgk")]
    out += [("全部筛选", q, {"year": y, "agency": "yszf", "topic": "综合政务", "validity": "有效", "column": "zwgk"})
            for q in ("通知", "政务公开") for y in ("2024", "2025", "2026")]
    out += [("日期排序", q, {"sort": "date"}) for q in ("政务公开", "实施方案", "通知 公开")]
    long = docs[0].body.replace("\n", "")[:160]
    out += [("超长", long, {}), ("十词", " ".join(re.findall(r"[\u4e00-\u9fff]{2}", docs[1].body)[:10]), {}),
            ("单字", "税", {}), ("单字", "的", {}), ("标点", "，。、", {}), ("数字", "2023", {}), ("英文", "GDP", {}),
            ("混合", "2023年 政务公开", {}), ("引号", "“政务公开”", {}), ("空格多", "  政务   公开  ", {})]
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    args = ap.parse_args()
    ix = index_of(args.site)
    bad = 0
    with serve(args.site / "public") as base:
        b = Browser(base)
        for kind, q, f in cases(args.site):
            flt = {k: v for k, v in f.items() if k != "sort"}
            from gkssg.search.query import Filters, search
            true = search(ix, q, Filters(**flt), limit=None, sort=f.get("sort", "relevance"))[0]
            first = b.said(q, 1, f)
            row = {"kind": kind, "q": q[:40], "f": f, "truth": true, "said": [first["kind"], first["n"]],
                   "bytes": first["bytes"], "req": first["requests"]}
            wrong = not ok(first["kind"], first["n"], true)
            if true > 10:  # clicking 下一页 up to page 5, then a page beyond the last
                clicks = []
                for n in range(2, 6):
                    nxt = b.page.locator("#search-pages button", has_text="下一页")
                    if not nxt.count():
                        break
                    nxt.first.click()
                    b.page.wait_for_url(re.compile(f"page={n}"))
                    b.page.wait_for_timeout(300)
                    b.page.wait_for_function(DONE)
                    c = count_of(b.status())
                    clicks.append([c["kind"], c["n"]])
                row["clicks"] = clicks
                wrong = wrong or any(c != row["said"] for c in clicks)
            beyond = b.said(q, (true + 9) // 10 + 3, f, fresh=False)
            m = re.search(r"共 (\d+) 条", beyond["status"])
            row["beyond"] = beyond["status"][:40]
            if first["kind"] == "共找到" and m and int(m.group(1)) != true:
                wrong = True
            row["errors"] = b.errors[:2]
            wrong = wrong or bool(b.errors)
            b.errors.clear()
            row["BROKEN"] = bool(wrong)
            bad += bool(wrong)
            print(json.dumps(row, ensure_ascii=False), flush=True)
        b.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
