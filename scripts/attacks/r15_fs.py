"""Round 15: `gkssg search` when <site>/.gkssg/search cannot be written — a read-only bind mount (ro), or a
tmpfs a little larger than what it holds (full) — after documents were added, removed and edited. Reports
the command's exit code and message, whoosh against state.json, then (space given back / mount made
writable) the next search against `--reindex`. Needs root (mount).

Run: python scripts/attacks/r15_fs.py SITE MODE [SPARE_KB]   (MODE: ro | full)
"""
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from r15_common import build, setup

PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}


def search(site: Path, date, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-c", "from gkssg.commands.cli import main; main()", "search", "工作", "--json",
                           "--limit", "10000", "--site", str(site), "--date", str(date), *extra],
                          env=ENV, capture_output=True, text=True, timeout=1200)


def whoosh_state(site: Path) -> str:
    from whoosh import index
    try:
        ix = index.open_dir(str(site / ".gkssg/search/whoosh"))
        st = json.loads((site / ".gkssg/search/state.json").read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001 — reported, the point of the attack
        return f"cannot open: {type(e).__name__} {e}"
    with ix.searcher() as s:
        twice = [k for k, n in Counter(f["source"] for f in s.all_stored_fields()).items() if n > 1]
        return f"whoosh live/all {s.doc_count()}/{s.doc_count_all()} twice {len(twice)} state docs {len(st['docs'])}"


def change(site: Path) -> None:
    docs = sorted((site / "content").rglob("0*.md"))
    for i, d in enumerate(docs[::3][:80]):
        folder = d.parent.parent / "fs"
        folder.mkdir(exist_ok=True)
        t = re.sub(r"^(索引号: \S+/\d{4})-\d+$", rf"\g<1>-{50000 + i:05d}", d.read_text(encoding="utf-8"), flags=re.M)
        (folder / f"f{i:05d}.md").write_text(t + "\n加强政府信息公开工作。\n" * 200, encoding="utf-8")
    for d in docs[1::30][:8]:
        d.unlink()
    for d in docs[2::30][:8]:
        d.write_text(d.read_text(encoding="utf-8") + "\n加强管理工作。\n", encoding="utf-8")


def results(r: subprocess.CompletedProcess) -> list:
    try:
        return [(x["url"], x["score"]) for x in json.loads(r.stdout)]
    except ValueError:
        return []


def main() -> None:
    src, mode = Path(sys.argv[1]), sys.argv[2]
    spare = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    site, out, date = setup(src, Path(f"/tmp/h15/fs-{mode}"))
    build(site, out, date)
    search(site, date)
    folder = site / ".gkssg/search"
    held = site.parent / "held"
    shutil.copytree(folder, held)
    used = sum(p.stat().st_size for p in held.rglob("*") if p.is_file())
    if mode == "full":
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={used // 1024 + spare}k", "tmpfs", str(folder)], check=True)
        shutil.copytree(held, folder, dirs_exist_ok=True)
    else:
        subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
    try:
        change(site)
        r = search(site, date)
        print(f"{mode}: search rc {r.returncode}, {len(results(r))} results, stderr {r.stderr[-500:]!r}")
        print(f"  {whoosh_state(site)}")
        r2 = search(site, date)
        print(f"  again: rc {r2.returncode}, {len(results(r2))} results; {whoosh_state(site)}")
        if mode == "full":
            subprocess.run(["mount", "-o", "remount,size=200m", str(folder)], check=True)
        else:
            subprocess.run(["mount", "-o", "remount,rw,bind", str(folder)], check=True)
        a = results(search(site, date))
        print(f"  writable again: {whoosh_state(site)}")
    finally:
        copy = site.parent / "copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(site, copy)
        subprocess.run(["umount", str(folder)], check=True)
    b = results(search(copy, date, "--reindex"))
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)
    print(f"  next search {len(a)} vs --reindex {len(b)}: same {a == b} first differing {first}")


if __name__ == "__main__":
    main()
