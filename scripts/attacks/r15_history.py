"""Round 15: a long random history of edits, removals, re-additions, copies, withdrawals (主动公开 → 依申请公开
and back), 发布日期 moved into the future and back, bodies emptied / made huge / traditional / full-width /
ASCII-only, the same document removed and re-added again and again — each step brought into whoosh either by
a build or by `gkssg search` alone (many small commits: segments, merges, deleted documents). After every
step the incremental whoosh is compared with a whoosh built from scratch (full lists and scores, filters,
both sorts) and, after a build, with the static index's pages 1–5.

Run: python scripts/attacks/r15_history.py SITE STEPS SEED [EVERY]   (SITE copied to /tmp/h15/hist-SEED)
     R15_NO_MERGE=1 …: whoosh never merges segments (its commit patched to merge=False), to see whether anything
     but the merges (r15_merge.py) makes the incremental index rank otherwise
"""
import os
import random
import re
import sys
from pathlib import Path

from r15_common import build, compare, fresh_index, incremental_index, segments, setup

TRAD = str.maketrans("国务发区开机关会对时长门们说个经书车东认应产义实为", "國務發區開機關會對時長門們說個經書車東認應產義實為")
FULL = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                     "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ")
ASCII = "Notice on open government information work 2021 annual report, section 3, item 12. " * 6


def split(text: str) -> tuple[str, str]:
    end = text.index("\n---\n", 4) + 5
    return text[:end], text[end:]


def main() -> None:
    if os.environ.get("R15_NO_MERGE"):
        from whoosh.writing import SegmentWriter
        commit = SegmentWriter.commit
        SegmentWriter.commit = lambda self, mergetype=None, optimize=False, merge=True: commit(self, mergetype,
                                                                                               optimize, False)
    src, steps, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    every = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rng = random.Random(seed)
    work = Path(f"/tmp/h15/hist-{seed}{'-nomerge' if os.environ.get('R15_NO_MERGE') else ''}")
    site, out, date = setup(src, work)
    build(site, out, date)
    inc, _ = incremental_index(site, date)  # the first `gkssg search` creates it
    docs = sorted(p for p in (site / "content").rglob("*.md") if p.name != "_index.md")
    pool: list[tuple[Path, str]] = []  # removed documents, to add back
    flapper = rng.choice(docs)  # removed and re-added every other step
    total_bad = 0
    copies = 0
    for step in range(1, steps + 1):
        ops = []
        for _ in range(rng.randint(1, 6)):
            live = [d for d in docs if d.exists()]
            d = rng.choice(live)
            text = d.read_text(encoding="utf-8")
            head, body = split(text)
            op = rng.choice(["remove", "readd", "append", "shorten", "empty", "huge", "trad", "full", "ascii",
                             "copy", "withdraw", "unwithdraw", "future", "unfuture", "touch"])
            if op == "remove":
                pool.append((d, text))
                d.unlink()
            elif op == "readd" and pool:
                p, t = pool.pop(rng.randrange(len(pool)))
                p.write_text(t, encoding="utf-8")
            elif op == "append":
                d.write_text(text + "\n加强管理工作，做好政府信息公开工作。\n" * rng.randint(1, 4), encoding="utf-8")
            elif op == "shorten":
                d.write_text(head + body[:len(body) // 3] + "\n", encoding="utf-8")
            elif op == "empty":
                d.write_text(head + "\n", encoding="utf-8")
            elif op == "huge":
                d.write_text(head + body * 40, encoding="utf-8")
            elif op == "trad":
                d.write_text(head + body.translate(TRAD), encoding="utf-8")
            elif op == "full":
                d.write_text(head + body.translate(FULL), encoding="utf-8")
            elif op == "ascii":
                d.write_text(head + "\n" + ASCII + "\n", encoding="utf-8")
            elif op == "copy":
                copies += 1
                folder = d.parent.parent / "copies"
                folder.mkdir(exist_ok=True)
                new = re.sub(r"^(索引号: \S+/\d{4})-\d+$", rf"\g<1>-{70000 + copies:05d}", text, flags=re.M)
                target = folder / f"c{copies:05d}.md"
                target.write_text(new, encoding="utf-8")
                docs.append(target)
            elif op == "withdraw":
                d.write_text(text.replace("公开属性: 主动公开", "公开属性: 依申请公开"), encoding="utf-8")
            elif op == "unwithdraw":
                cands = [x for x in live if "公开属性: 依申请公开" in x.read_text(encoding="utf-8")]
                if cands:
                    x = rng.choice(cands)
                    x.write_text(x.read_text(encoding="utf-8").replace("公开属性: 依申请公开", "公开属性: 主动公开"),
                                 encoding="utf-8")
            elif op == "future":
                d.write_text(re.sub(r"^发布日期: (\d{4})", "发布日期: 2027", text, flags=re.M) + "\n<!-- was -->\n",
                             encoding="utf-8")
                d.with_suffix(".was").write_text(text, encoding="utf-8")
            elif op == "unfuture":
                was = [x for x in site.rglob("*.was")]
                if was:
                    x = rng.choice(was)
                    x.with_suffix(".md").write_text(x.read_text(encoding="utf-8"), encoding="utf-8")
                    x.unlink()
            elif op == "touch":
                d.write_text(text, encoding="utf-8")
            ops.append(op)
        if step % 2 == 0:  # the flapper
            if flapper.exists():
                pool.append((flapper, flapper.read_text(encoding="utf-8")))
                flapper.unlink()
            else:
                for i, (p, t) in enumerate(pool):
                    if p == flapper:
                        p.write_text(t, encoding="utf-8")
                        del pool[i]
                        break
            ops.append("flap")
        by_build = rng.random() < 0.5
        if by_build:
            pool.extend(build(site, out, date))
        inc, report = incremental_index(site, date)
        print(f"step {step} ops {ops} by {'build' if by_build else 'search'} report {report} {segments(inc)}",
              flush=True)
        if step % every == 0 or step == steps:
            fresh = fresh_index(site, date, work / "fresh")
            total_bad += compare(inc, fresh, out if by_build else None, f"step {step}")
    print("TOTAL settings differing", total_bad)


if __name__ == "__main__":
    main()
