"""What one edit costs: `gkssg build` in a fresh process after one change, on a site already built.

    python benchmarks/bench_edits.py SITE [--date YYYY-MM-DD] [--jobs N] [--gkssg-src DIR] [--repeat 3]

SITE is a copy of a generated site (benchmarks/generate.py) that the same gkssg has built
once (its .gkssg/ cache, fact index and public/ in place: a cold build first, which is not
measured here). Each measurement is one `gkssg build -v` in its own process
(benchmarks/measure.py: wall, user+system CPU of the process tree):

  no-op            nothing changed (measured twice: the first after a build pays for the
                   output folders that build wrote, incremental/outproof.py)
  public edit      a paragraph appended to the site's edit sample (a public document)
  non-public edit  a paragraph appended to the first 依申请公开 document without 替代、修改
                   or 解读 fields that is not a genre the annual reports count
  new document     a copy of the edit sample as a 依申请公开 document under a new 索引号

With `--added-withdrawn` it measures what departments submit daily instead (issue 21):

  new public, backdated  a copy of the edit sample as a new public document (new 索引号 and
                   标题) dated `--backdate` days before the newest 发布日期 published by
                   the build date: it sorts
                   among the others (listings, search numbers after it move)
  withdrawal       a public document nothing refers to set to 依申请公开: the newest such one
                   published by the build date ("newest"), and the newest such one at or before
                   the edit sample's 发布日期 ("deep": every search number after it moves)
  republished      the same document public again (the build after a withdrawal: it finds
                   the spare tree scrubbed, output.scrub, not deleted)

After each change the file is restored and the site built again (not measured), so every
measurement starts from a built site. The `-v` line of the build says which path it took
(build/fastpath.py). `--gkssg-src` measures another checkout (e.g. main) on its own copy.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.measure import run  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
NOTE = "\n本文件于构建测试中补充一段说明，用于测量单篇文件修改后的重新构建时间。\n".encode()


def hidden_document(site: Path) -> Path:
    for path in sorted((site / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        head = text.split("\n---", 1)[0]
        if "公开属性: 依申请公开" in head and not re.search(r"^(替代文件|修改文件|解读对象):", head, re.M) \
                and not re.search(r"^体裁分类: .*(规章|规范性文件)", head, re.M):
            return path
    raise SystemExit("no 依申请公开 document without relations in this site")


def _published(text: str) -> str:
    found = re.search(r"^发布日期: (\S+)", text, re.M)
    return found.group(1) if found else ""


def withdrawable(site: Path, limit: str) -> Path:
    """A public document without relations that no other file names (by 索引号 or 发文字号), the
    newest such one dated at or before `limit`: withdrawing it passes the checks."""
    texts = {path: path.read_text(encoding="utf-8", errors="replace") for path in sorted((site / "content").rglob("*.md"))}
    candidates = []
    for path, text in texts.items():
        head = text.split("\n---", 1)[0]
        if "公开属性: 主动公开" in head and _published(head) <= limit \
                and not re.search(r"^(替代文件|修改文件|解读对象|有效性|年报数据):", head, re.M):
            candidates.append((_published(head), str(path), path))
    everything = "\n".join(texts.values())
    for _date, _name, path in sorted(candidates, reverse=True):
        head = texts[path].split("\n---", 1)[0]
        names = [m.group(1) for m in re.finditer(r"^(?:索引号|发文字号): (.+)$", head, re.M)]
        if all(everything.count(name) == 1 for name in names):
            return path
    raise SystemExit("no public document that nothing refers to")


def backdated_copy(site: Path, sample: Path, date: str, backdate: int) -> Path:
    """A copy of `sample` as a new public document (new 索引号, 标题 and 发文字号) dated `backdate` days
    before the newest 发布日期 published by `date`, written beside it; returns its path."""
    import datetime as dt
    heads = [p.read_text(encoding="utf-8", errors="replace").split("\n---", 1)[0] for p in (site / "content").rglob("*.md")]
    newest = max(_published(head) for head in heads if "公开属性: 主动公开" in head and _published(head) <= date)
    day = (dt.date.fromisoformat(newest) - dt.timedelta(days=backdate)).isoformat()
    text = sample.read_text(encoding="utf-8")
    number = re.search(r"^索引号: (.+)$", text, re.M).group(1)
    text = text.replace(number, number[:-5] + "99998", 1)
    text = re.sub(r"^标题: (.+)$", lambda m: f"标题: {m.group(1)}（补充通知）", text, count=1, flags=re.M)
    text = re.sub(r"^(成文日期|发布日期): .+$", lambda m: f"{m.group(1)}: {day}", text, flags=re.M)
    text = re.sub(r"^(发文字号: .+?)(\d+)号$", lambda m: f"{m.group(1)}{int(m.group(2)) + 900}号", text, count=1,
                  flags=re.M)
    new = sample.with_name("bench-new-public.md")
    new.write_text(text, encoding="utf-8")
    return new


def added_withdrawn(site: Path, sample: Path, date: str, backdate: int, measure, settle) -> None:
    """The cases of `--added-withdrawn` (see the module's docstring), each undone and built again."""
    new = backdated_copy(site, sample, date, backdate)
    try:
        measure(f"new public {_published(new.read_text(encoding='utf-8'))}")
    finally:
        new.unlink()
    settle()
    for where, limit in (("newest", date), ("deep", _published(sample.read_text(encoding="utf-8")))):
        target = withdrawable(site, limit)
        original = target.read_bytes()
        target.write_bytes(original.replace("公开属性: 主动公开".encode(), "公开属性: 依申请公开".encode(), 1))
        try:
            measure(f"withdrawal {where} {_published(original.decode())}")
        finally:
            target.write_bytes(original)
        measure(f"republished {where}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--date", default=None, help="build date (default: generated.json's)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--gkssg-src", type=Path, default=REPO)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--added-withdrawn", action="store_true",
                        help="measure a new backdated public document and a withdrawal instead")
    parser.add_argument("--backdate", type=int, default=3, help="days before the newest 发布日期 (default 3)")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    generated = json.loads((site / "generated.json").read_text(encoding="utf-8"))
    date = args.date or generated["build_date"]
    command = [sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", date,
               "--jobs", str(args.jobs), "-v"]
    env = dict(os.environ, PYTHONPATH=str(args.gkssg_src))
    results: list[dict] = []

    def measure(name: str) -> None:
        got = run(command, args.gkssg_src, env)
        took = [line for line in got.output.splitlines() if line.startswith(("耗时", "提示：本次未走", "已生成"))]
        results.append({"case": name, "wall": round(got.wall, 2), "cpu": round(got.cpu, 2), "ok": got.ok,
                        "stages": took})
        print(f"{name:16} wall {got.wall:7.2f} s  CPU {got.cpu:7.2f} s  {'ok' if got.ok else 'FAILED'}  "
              + " | ".join(took), flush=True)

    def settle() -> None:
        run(command, args.gkssg_src, env)

    edit_sample = site / generated.get("edit_sample", "")
    hidden = hidden_document(site)
    settle()
    if args.added_withdrawn:
        for _ in range(args.repeat):
            added_withdrawn(site, edit_sample, date, args.backdate, measure, settle)
    for _ in range(0 if args.added_withdrawn else args.repeat):
        measure("no-op (first)")
        measure("no-op")
        for name, path in (("public edit", edit_sample), ("non-public edit", hidden)):
            original = path.read_bytes()
            path.write_bytes(original + NOTE)
            try:
                measure(name)
            finally:
                path.write_bytes(original)
            settle()
        new = hidden.with_name("bench-new.md")
        text = hidden.read_text(encoding="utf-8")
        number = re.search(r"^索引号: (.+)$", text, re.M).group(1)
        new.write_text(text.replace(number, number[:-5] + "99999", 1), encoding="utf-8")
        try:
            measure("new non-public")
        finally:
            new.unlink()
        settle()
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
