"""Round 18, claims (a)–(f) on one built site: random phrases (4 and 8 characters), two words, the same
in traditional characters and full-width, 发文字号 forms, abbreviations, queries matching 0, 1 and
nearly every document, filters alone and combined. Each query: page 1 in a fresh context (count,
requests, bytes), page 2 and a reload in the same context (the count must not move), console errors.

    PYTHONPATH=$PWD:scripts/attacks python scripts/attacks/r18_counts.py /tmp/h18/s200 [--seed 1] [--n 40]

Prints one JSON line per query and a summary; exit status 1 on any break."""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from r18_common import Browser, index_of, ok, public_bodies, serve, truth

FULL = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def traditional(text: str) -> str:
    from gkssg.search.simplified import table
    back: dict[str, str] = {}
    for t, s in table().items():
        back.setdefault(s, t)
    return "".join(back.get(c, c) for c in text)


def full_width(text: str) -> str:
    return "".join(FULL.get(c, c) for c in text)


def options(site: Path, name: str) -> list[str]:
    html = (site / "public" / "search.html").read_text(encoding="utf-8")
    select = re.search(r'<select[^>]*name="%s".*?</select>' % name, html, re.S)
    return [v for v in re.findall(r'value="([^"]*)"', select.group(0)) if v] if select else []


def queries(docs, rng: random.Random, n: int, agency_ids: list[str]) -> list[tuple[str, str, dict]]:
    runs = [r for d in docs for r in re.findall(r"[\u4e00-\u9fff]{8,}", d.body)]
    titles = [d.title for d in docs]

    def piece(length: int) -> str:
        run = rng.choice(runs)
        start = rng.randrange(len(run) - length + 1)
        return run[start:start + length]
    out: list[tuple[str, str, dict]] = []
    for _ in range(n):
        out.append(("4字", piece(4), {}))
        out.append(("8字", piece(8), {}))
    for _ in range(n // 2):
        out.append(("两词", f"{piece(4)} {piece(4)}", {}))
        out.append(("繁体", traditional(piece(6)), {}))
        out.append(("3字", piece(3), {}))
    for d in rng.sample(docs, min(6, len(docs))):
        no = d.doc_no
        if no:
            out.append(("文号", no, {}))
            out.append(("文号全角", full_width(no.replace("〔", "[").replace("〕", "]")), {}))
            out.append(("文号无括号", re.sub(r"[〔〕]", "", no), {}))
        out.append(("标题", d.title, {}))
    out.append(("标题片段", rng.choice(titles)[:10], {}))
    for q in ("政府信息公开年报", "年报", "年度报告", "政府信息公开工作年度报告", "通知", "关于", "演示市", "人民政府",
              "工作", "的通知", "实施方案", "ZZZ不存在的词", "量子纠缠", "关于印发", "国务院", "國務院"):
        out.append(("固定", q, {}))
    years = sorted({str(d.published.year) for d in docs})
    agencies = agency_ids
    for _ in range(n // 2):
        f = {"year": rng.choice(years)}
        if rng.random() < 0.5 and agencies:
            f["agency"] = rng.choice(agencies)
        if rng.random() < 0.3:
            f["validity"] = rng.choice(["有效", "失效", "废止", "已修改"])
        out.append(("筛选", rng.choice([piece(4), piece(2), "通知", "工作"]), f))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    ix = index_of(args.site)
    docs = public_bodies(args.site)
    rng = random.Random(args.seed)
    qs = [q for q in queries(docs, rng, args.n, options(args.site, "agency")) if not args.only or q[0] in args.only.split(",")]
    breaks, kinds = 0, {}
    with serve(args.site / "public") as base:
        b = Browser(base)
        for kind, q, f in qs:
            true, relaxed = truth(ix, q, f)
            first = b.said(q, 1, f)
            again = b.said(q, 1, f, fresh=False)
            page2 = b.said(q, 2, f, fresh=False) if true > 10 or first["n"] > 10 else None
            bad = []
            if not ok(first["kind"], first["n"], true):
                bad.append("count")
            if (again["kind"], again["n"]) != (first["kind"], first["n"]):
                bad.append("reload")
            if page2 and (page2["kind"], page2["n"]) != (first["kind"], first["n"]):
                bad.append("page2")
            if first["relaxed"] != relaxed and true:
                bad.append("relaxed")
            if b.errors:
                bad.append("console")
            kinds[first["kind"]] = kinds.get(first["kind"], 0) + 1
            breaks += bool(bad)
            print(json.dumps({"kind": kind, "q": q, "f": f, "truth": true, "relaxed": relaxed,
                              "said": [first["kind"], first["n"]], "reload": [again["kind"], again["n"]],
                              "page2": page2 and [page2["kind"], page2["n"]], "req": first["requests"],
                              "bytes": first["bytes"], "bad": bad, "errors": b.errors[:2]}, ensure_ascii=False), flush=True)
            b.errors.clear()
        b.close()
    print(json.dumps({"site": str(args.site), "queries": len(qs), "breaks": breaks, "kinds": kinds}, ensure_ascii=False))
    return 1 if breaks else 0


if __name__ == "__main__":
    sys.exit(main())
