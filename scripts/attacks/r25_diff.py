"""Hostile round 25, row 3: `gkssg search` / the endpoint before (dadf1e9, a detached worktree: H25_OLD, default
/tmp/h25/old) and after (this tree) the change that reads each word's documents once for all relaxed forms,
skips forms holding a word no document has and computes matched fields for the page only. Each version runs in
its own subprocess on its own copy of the site (the index formats differ), for every query × sort × filter ×
limit; the answers (total, every result's url, score, matched, relaxed; missing) are compared, and each page of
limit 1 and 100 against a prefix of the other. `python r25_diff.py [site ...]` (real, custom)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OLD = Path(os.environ.get("H25_OLD", "/tmp/h25/old"))
WORK = Path(os.environ.get("H25", "/tmp/h25"))
SITES = {"real": (REPO / "tests" / "real", "2026-11-01"), "custom": (Path("/tmp/h24b/custom"), "2026-11-01"),
         # benchmarks/generate.py 300 /tmp/h25/gen300 --seed 24
         "gen300": (WORK / "gen300", "2026-11-20")}
QUERIES = ["年报", "政务公开", "老旧小区改照", "政务工开", "年度保告", "新疆 年报", "喀什 审计局", "乌恰审计局年报",
           "重庆市人民政府办公厅关于印发通知", "新疆 政府信息公开 工作 年度报告 关于 印发 通知", "人民政府办公室关于印发实施方案的通知公开",
           "国发〔2017〕39号", "2017年国发39号文件", "渝府办发71号", "管理办法", "管理 办法 通知 龘", "龘", "齾齉", "齾齉 年报",
           "鼺鼺 年报", "麤靐", "十四五规划", "政策解读", "2020年年报", "重庆市政府 2021 年报", "应急 预案 龘龘",
           "演示市 2025年 年报", "演示市人民政府办公室关于印发实施方案的通知公开", "演示市发改委 规范性文件", "废止 决定",
           "招生入学方案", "国民经济社会发展", "市场监管 安全生产", "办公厅 通知 2021", "政府信息公开" * 5]
FILTERS = [{}, {"year": "2021"}, {"topic": "综合政务"}, {"validity": "有效"}, {"year": "2020", "topic": "其他"}]
LIMITS = [1, 3, 20, 100, 101]

DRIVER = r'''
import datetime as dt, json, sys
from pathlib import Path
from gkssg.build.pipeline import load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.query import Filters, missing, search
root, date, spec = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]), json.loads(sys.argv[3])
ix = open_updated_index(load_and_check(root, date)[0])
out = {}
for q in spec["queries"]:
    for flt in spec["filters"]:
        for sort in ("relevance", "date"):
            for limit in spec["limits"]:
                total, res = search(ix, q, Filters(**flt), limit, sort)
                said = missing(ix, q) if not res or res[0].relaxed else []
                out[json.dumps([q, flt, sort, limit], ensure_ascii=False)] = {
                    "total": total, "missing": said,
                    "results": [[r.url, round(r.score, 6), r.matched, r.relaxed] for r in res]}
print(json.dumps(out, ensure_ascii=False))
'''


def answers(code: Path, name: str) -> dict:
    src, date = SITES[name]
    root = WORK / f"diff-{name}-{'old' if code == OLD else 'new'}"
    if not root.exists():
        root.mkdir(parents=True)
        shutil.copy(src / "catalog.yaml", root / "catalog.yaml")
        shutil.copytree(src / "content", root / "content")
    spec = json.dumps({"queries": QUERIES, "filters": FILTERS, "limits": LIMITS}, ensure_ascii=False)
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run(["nice", sys.executable, "-c", DRIVER, str(root), date, spec], capture_output=True, text=True,
                         env=env, timeout=3000)
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    return json.loads(out.stdout)


def main():
    for name in sys.argv[1:] or list(SITES):
        old, new = answers(OLD, name), answers(REPO, name)
        differ = [k for k in old if old[k] != new[k]]
        print(f"{name}: {len(old)} answers, {len(differ)} differ old vs new")
        for k in differ[:15]:
            print("  DIFFER", k, "\n    old", json.dumps(old[k], ensure_ascii=False)[:400],
                  "\n    new", json.dumps(new[k], ensure_ascii=False)[:400])
        # a page of limit n is the first n of limit 100 (same query, filter, sort), total the same
        bad = 0
        for k, v in new.items():
            q, flt, sort, limit = json.loads(k)
            big = new[json.dumps([q, flt, sort, 100], ensure_ascii=False)]
            # query.search itself does not cap the limit (the endpoint does, at 100): 101 is compared on its first 100
            if (v["total"] != big["total"] or v["results"][:100] != big["results"][:limit]
                    or len(v["results"]) != min(limit, v["total"])):
                bad += 1
                if bad <= 10:
                    print("  PAGE", k, v["total"], big["total"], len(v["results"]))
        print(f"{name}: {bad} pages not a prefix of limit 100 (new code)")


if __name__ == "__main__":
    main()
