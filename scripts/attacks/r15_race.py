"""Round 15: two updaters of one whoosh index at once, and a kill between whoosh's commit and state.json.

Modes (each on a fresh copy of SITE in /tmp/h15/race-MODE; whoosh created by a first search, then documents
added (copies with new 索引号) and removed, then):
  two     two `gkssg search 工作 --json --limit 10000` started together
  build   `gkssg build` and `gkssg search` started together
  commit  an update killed (os._exit, as kill -9) right after whoosh's commit, before state.json is written
          (monkeypatched atomicfile.replace_bytes), then `gkssg search`
  rebuild `gkssg search --reindex`, and DELAY seconds later a plain `gkssg search`
  kill    an update killed by SIGKILL after DELAY seconds (argument 3), then `gkssg search`
Afterwards: duplicates in each output, whoosh live docs vs distinct sources, and the order and scores
against `--reindex` (run on a copy).

Run: python scripts/attacks/r15_race.py SITE MODE [DELAY] [N_ADDED]
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from r15_common import build, setup

PY = sys.executable
ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def cli(*args: str) -> list[str]:
    return [PY, "-c", "from gkssg.commands.cli import main; main()", *args]


def search_cmd(site: Path, date, *extra: str) -> list[str]:
    return cli("search", "工作", "--json", "--limit", "10000", "--site", str(site), "--date", str(date), *extra)


def check(site: Path, date, label: str, outputs: list[str]) -> None:
    for i, text in enumerate(outputs):
        try:
            res = json.loads(text)
        except ValueError:
            print(f"  {label} output {i}: not JSON: {text[:300]!r}")
            continue
        dup = {u: n for u, n in Counter(r["url"] for r in res).items() if n > 1}
        print(f"  {label} output {i}: {len(res)} results, duplicated urls {len(dup)} {list(dup.items())[:3]}")
    from whoosh import index
    ix = index.open_dir(str(site / ".gkssg/search/whoosh"))
    with ix.searcher() as s:
        sources = Counter(f["source"] for f in s.all_stored_fields())
        state_file = site / ".gkssg/search/state.json"
        state = len(json.loads(state_file.read_text(encoding="utf-8"))["docs"]) if state_file.exists() else "missing"
        print(f"  {label} whoosh live {s.doc_count()} all {s.doc_count_all()} distinct sources {len(sources)} "
              f"twice {[k for k, n in sources.items() if n > 1][:3]} state docs {state}")
    after = subprocess.run(search_cmd(site, date), env=ENV, capture_output=True, text=True, timeout=900).stdout
    copy = site.parent / "reindexed"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    again = subprocess.run(search_cmd(copy, date, "--reindex"), env=ENV, capture_output=True, text=True,
                           timeout=900).stdout
    a = [(r["url"], r["score"]) for r in json.loads(after)]
    b = [(r["url"], r["score"]) for r in json.loads(again)]
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)
    print(f"  {label} next search {len(a)} results vs --reindex {len(b)}: same {a == b} first differing {first}"
          + (f" {a[first]} vs {b[first]}" if first is not None else ""), flush=True)


def change(site: Path, n_added: int, remove: bool = True) -> None:
    docs = [d for d in sorted((site / "content").rglob("0*.md")) if "附件" not in d.read_text(encoding="utf-8")]
    for i, d in enumerate(docs[::max(1, len(docs) // n_added)][:n_added]):
        folder = d.parent.parent / "race"
        folder.mkdir(exist_ok=True)
        t = re.sub(r"^(索引号: \S+/\d{4})-\d+$", rf"\g<1>-{60000 + i:05d}", d.read_text(encoding="utf-8"), flags=re.M)
        (folder / f"r{i:05d}.md").write_text(t + "\n加强政府信息公开工作。\n", encoding="utf-8")
    # remove as many indexed documents as were added, so that whoosh's live count stays that of state.json
    if not remove:  # a build must succeed: a removal can break another document's reference
        return
    indexed = sorted(json.loads((site / ".gkssg/search/state.json").read_text(encoding="utf-8"))["docs"])
    for source in indexed[3::max(1, len(indexed) // n_added)][:n_added]:
        (site / source).unlink()


KILL_AFTER_COMMIT = """
import os, sys
from gkssg.search import whoosh_index
real = whoosh_index.atomicfile.replace_bytes
def boom(path, *a, **k):
    if str(path).endswith("state.json") and "search" in str(path):
        os._exit(9)
    return real(path, *a, **k)
whoosh_index.atomicfile.replace_bytes = boom
from gkssg.commands.cli import main
main()
"""


def main() -> None:
    src, mode = Path(sys.argv[1]), sys.argv[2]
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
    n_added = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    site, out, date = setup(src, Path(f"/tmp/h15/race-{mode}"))
    build(site, out, date)
    subprocess.run(search_cmd(site, date), env=ENV, capture_output=True, check=True, timeout=900)
    change(site, n_added, mode != "build")
    if mode == "two":
        procs = [subprocess.Popen(search_cmd(site, date), env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
        outs = [p.communicate(timeout=900) for p in procs]
        for p, (_o, e) in zip(procs, outs):
            print(f"  rc {p.returncode} stderr {e[-300:]!r}")
        check(site, date, mode, [o for o, _e in outs])
    elif mode == "build":
        b = subprocess.Popen(cli("build", "--site", str(site), "--out", str(out), "--date", str(date)), env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        s = subprocess.Popen(search_cmd(site, date), env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        bo, be = b.communicate(timeout=900)
        so, se = s.communicate(timeout=900)
        print(f"  build rc {b.returncode} {be[-300:]!r}; search rc {s.returncode} {se[-300:]!r}")
        check(site, date, mode, [so])
    elif mode == "rebuild":
        a = subprocess.Popen(search_cmd(site, date, "--reindex"), env=ENV, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        b = subprocess.Popen(search_cmd(site, date), env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        outs = [p.communicate(timeout=900) for p in (a, b)]
        for p, (_o, e) in zip((a, b), outs):
            print(f"  rc {p.returncode} stderr {e[-300:]!r}")
        check(site, date, mode, [o for o, _e in outs])
    elif mode == "commit":
        r = subprocess.run([PY, "-c", KILL_AFTER_COMMIT, *search_cmd(site, date)[3:]], env=ENV, capture_output=True,
                           text=True, timeout=900)
        print(f"  killed after commit: rc {r.returncode}")
        s = subprocess.run(search_cmd(site, date), env=ENV, capture_output=True, text=True, timeout=900)
        check(site, date, mode, [s.stdout])
    elif mode == "kill":
        p = subprocess.Popen(search_cmd(site, date), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        print(f"  killed after {delay} s: rc {p.returncode}; whoosh files "
              f"{sorted(x.name for x in (site / '.gkssg/search/whoosh').iterdir())[:12]}")
        s = subprocess.run(search_cmd(site, date), env=ENV, capture_output=True, text=True, timeout=900)
        print(f"  search after kill rc {s.returncode} {s.stderr[-300:]!r}")
        check(site, date, mode, [s.stdout])


if __name__ == "__main__":
    main()
