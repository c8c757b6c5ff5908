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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--date", default=None, help="build date (default: generated.json's)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--gkssg-src", type=Path, default=REPO)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None)
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
        took = [line for line in got.output.splitlines() if line.startswith(("耗时", "提示：本次未走"))]
        results.append({"case": name, "wall": round(got.wall, 2), "cpu": round(got.cpu, 2), "ok": got.ok,
                        "stages": took})
        print(f"{name:16} wall {got.wall:7.2f} s  CPU {got.cpu:7.2f} s  {'ok' if got.ok else 'FAILED'}  "
              + " | ".join(took), flush=True)

    def settle() -> None:
        run(command, args.gkssg_src, env)

    edit_sample = site / generated.get("edit_sample", "")
    hidden = hidden_document(site)
    settle()
    for _ in range(args.repeat):
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
