"""Round 15: the cost of query.live_statistics, which reads the stored fields of every deleted document of
whoosh on every static_scores call (each form of each query): a 3,000-document site whose documents were
edited in bulk (each edit leaves a deleted copy in the big first segment, which whoosh's merge policy leaves
alone). Times query.search in-process (CPU, best of ROUNDS) with this checkout and with OLD (a119e5c, which
read whoosh's counts) on the same index, fresh and after the edits.

Run: python scripts/attacks/r15_cost.py SITE OLD_CHECKOUT N_EDITED [ROUNDS]
     python scripts/attacks/r15_cost.py --time INDEX_FOLDER ROUNDS   (worker)
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

QUERIES = ["工作", "管理", "政府信息", "公开 工作", "工做", "政务公开工作协调机刂整合力量理顺机剬配齐配强"]


def worker(folder: Path, rounds: int) -> None:
    from whoosh import index

    from gkssg.search.query import search
    ix = index.open_dir(str(folder / "whoosh"))
    times = {}
    for q in QUERIES:
        best = None
        for _ in range(rounds):
            t0 = time.process_time()
            total, _res = search(ix, q, limit=10)
            dt = time.process_time() - t0
            best = dt if best is None else min(best, dt)
        times[q] = (round(best, 3), total)
    print(json.dumps(times, ensure_ascii=False))


def timed(code: Path, folder: Path, rounds: int) -> dict:
    r = subprocess.run([sys.executable, __file__, "--time", str(folder), str(rounds)], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": f"{code}:{Path(__file__).parent}"}, check=True, timeout=3000)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    from r15_common import incremental_index, segments, setup
    src, old, n_edit = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    new = Path(__file__).resolve().parents[2]
    site, _out, date = setup(src, Path("/tmp/h15/cost"))
    t0, c0 = time.time(), time.process_time()
    ix, _ = incremental_index(site, date)
    print(f"created: wall {time.time() - t0:.1f} s CPU {time.process_time() - c0:.1f} s; {segments(ix)}", flush=True)
    folder = site / ".gkssg/search"
    print("fresh  new", timed(new, folder, rounds), flush=True)
    print("fresh  old", timed(old, folder, rounds), flush=True)
    docs = sorted((site / "content").rglob("0*.md"))
    for d in docs[:n_edit]:
        d.write_text(d.read_text(encoding="utf-8") + "\n加强管理工作。\n", encoding="utf-8")
    t0, c0 = time.time(), time.process_time()
    ix, report = incremental_index(site, date)
    print(f"edited {n_edit}: update wall {time.time() - t0:.1f} s CPU {time.process_time() - c0:.1f} s; {report}; "
          f"{segments(ix)}", flush=True)
    print("edited new", timed(new, folder, rounds), flush=True)
    print("edited old", timed(old, folder, rounds), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--time":
        worker(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
