"""Build every site of a multi-site platform repository, each independently (docs/platform.md).

A platform repository holds many sites, one catalog.yaml each (sites/<name>/catalog.yaml,
or any folder depth). Sites share nothing at build time, so they build in separate
processes and, in CI, on separate runners:

    python scripts/platform_sites.py list  ROOT [--shards N] [--format json|lines]
    python scripts/platform_sites.py build ROOT --out DIR [--shard I/N] [--bundle] [--date D] [--jobs J]

`list` prints the sites (JSON for a CI matrix, `--shards N` groups them into N
shards balanced by document count). `build` runs `gkssg build --site S --out
DIR/<site>` — or `gkssg bundle --site S --out DIR/<site>.tar.gz` with --bundle —
for every site, or only for shard I of N (GitLab `parallel:`, a GitHub matrix of
shard numbers), J sites at a time, and keeps going after a failing site; the exit
code is 1 when any site failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

SKIP_DIRS = {"public", "dist", "themes", "content", "node_modules", ".git", ".gkssg", ".venv", "__pycache__"}


@dataclass(frozen=True)
class PlatformSite:
    """One site of the platform: its folder relative to the platform root and its size."""

    path: str  # POSIX, relative to the platform root ("sites/cq-fgw")
    documents: int

    @property
    def name(self) -> str:
        """Output name: the relative path with '/' → '--' (unique, file-name safe)."""
        return self.path.replace("/", "--") if self.path != "." else "site"


def find_sites(root: Path) -> list[PlatformSite]:
    """Every folder below `root` with a catalog.yaml, sorted; a site's own folders are not searched."""
    sites = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        if "catalog.yaml" in files:
            here = Path(folder)
            documents = sum(len([f for f in names if f.endswith(".md")])
                            for _, _, names in os.walk(here / "content"))
            sites.append(PlatformSite(here.relative_to(root).as_posix(), documents))
            dirs[:] = []  # sites do not nest
    return sorted(sites, key=lambda s: s.path)


def shards(sites: list[PlatformSite], count: int) -> list[list[PlatformSite]]:
    """Split sites into `count` shards of similar total size (largest first onto the lightest shard).

    Deterministic, so every runner of a CI matrix computes the same split on its own.
    """
    groups: list[list[PlatformSite]] = [[] for _ in range(count)]
    loads = [0] * count
    for site in sorted(sites, key=lambda s: (-s.documents, s.path)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        groups[lightest].append(site)
        loads[lightest] += site.documents + 1
    return [sorted(group, key=lambda s: s.path) for group in groups]


def parse_shard(text: str) -> tuple[int, int]:
    index, _, total = text.partition("/")
    if not (index.isdigit() and total.isdigit() and 1 <= int(index) <= int(total)):
        raise argparse.ArgumentTypeError(f"--shard “{text}” 应写成 I/N，例如 2/8（第 2 片，共 8 片）")
    return int(index), int(total)


def gkssg() -> list[str]:
    return [sys.executable, "-m", "gkssg.commands.cli"]


def build_one(root: Path, site: PlatformSite, out: Path, bundle: bool, date: str | None) -> tuple[int, float, str]:
    folder = root / site.path
    if bundle:
        command = [*gkssg(), "bundle", "--site", str(folder), "--out", str(out / f"{site.name}.tar.gz")]
    else:
        command = [*gkssg(), "build", "--site", str(folder), "--out", str(out / site.name)]
    if date:
        command += ["--date", date]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    return proc.returncode, time.perf_counter() - start, (proc.stdout + proc.stderr).strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="print the sites (or shards) as JSON for a CI matrix")
    listing.add_argument("root", type=Path)
    listing.add_argument("--shards", type=int, default=0, help="group into N shards balanced by size")
    listing.add_argument("--format", choices=["json", "lines"], default="json")
    build = sub.add_parser("build", help="build (or bundle) every site, or one shard of them")
    build.add_argument("root", type=Path)
    build.add_argument("--out", type=Path, required=True, help="output folder: <out>/<site>/ or <out>/<site>.tar.gz")
    build.add_argument("--shard", type=parse_shard, default=None, metavar="I/N")
    build.add_argument("--bundle", action="store_true", help="gkssg bundle instead of gkssg build")
    build.add_argument("--date", default=None, help="build date YYYY-MM-DD (default: each site's today)")
    build.add_argument("--jobs", type=int, default=1, help="sites built at the same time on this runner")
    args = parser.parse_args(argv)

    sites = find_sites(args.root)
    if args.command == "list":
        if args.shards:
            data = [[s.path for s in group] for group in shards(sites, args.shards)]
        else:
            data = [s.path for s in sites]
        if args.format == "json":
            print(json.dumps(data, ensure_ascii=False))
        else:
            print("\n".join(" ".join(item) if isinstance(item, list) else item for item in data))
        return 0

    if args.shard:
        index, total = args.shard
        sites = shards(sites, total)[index - 1]
    if not sites:
        print(f"{args.root}: 没有需要构建的站点（没有找到 catalog.yaml）")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    failed = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = pool.map(lambda s: (s, build_one(args.root, s, args.out, args.bundle, args.date)), sites)
        for site, (code, seconds, output) in results:
            status = "ok" if code == 0 else f"失败（退出码 {code}）"
            print(f"{site.path}: {status}，{site.documents} 篇，{seconds:.1f} 秒", flush=True)
            if code != 0:
                failed.append(site.path)
                print("\n".join("    " + line for line in output.splitlines()[-30:]))
    print(f"共 {len(sites)} 个站点，{len(sites) - len(failed)} 个成功，{len(failed)} 个失败")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
