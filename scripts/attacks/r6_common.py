"""Helpers shared by the round-6 attack scripts (scripts/attacks/r6_*.py).

Python: the interpreter running the script (the worktree's .venv, or the lead's venv with
PYTHONPATH=<worktree>); gkssg runs in a subprocess through `python -m gkssg.commands.cli`.
Experiments live under /tmp/hostile6/.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import sitegen  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
TMP = Path("/tmp/hostile6")
DATE = "2026-11-01"
GEN = sitegen.FOLDER


def gk(*args, timeout=600, env=None) -> tuple[int, str, str]:
    p = subprocess.run([PY, "-m", "gkssg.commands.cli", *map(str, args)], capture_output=True, text=True,
                       timeout=timeout, env={**ENV, **(env or {})})
    return p.returncode, p.stdout, p.stderr


def build(site, out, date=DATE, *more, timeout=600, env=None):
    return gk("build", "--site", site, "--out", out, "--date", date, "-j1", *more, timeout=timeout, env=env)


def tree(root: Path) -> dict[str, str]:
    """Output files → digest (the marker's folder/build lines left out, as the tests do)."""
    found = {}
    for p in sorted(Path(root).rglob("*")):
        if p.is_file() and not p.is_symlink():
            data = p.read_bytes()
            if p.name == ".gkssg-output":
                continue
            found[p.relative_to(root).as_posix()] = hashlib.sha256(data).hexdigest()
    return found


def differ(a: Path, b: Path) -> list[str]:
    x, y = tree(a), tree(b)
    return sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k))


def grep_tree(root: Path, needle: str) -> list[str]:
    """Files under `root` whose bytes contain `needle` (UTF-8), also inside gzip members (search packs)."""
    import gzip
    import zlib
    hits = []
    raw = needle.encode("utf-8")
    for p in sorted(Path(root).rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if raw in data:
            hits.append(p.relative_to(root).as_posix())
            continue
        # packs hold many gzip members back to back: try to inflate from each gzip header
        at = data.find(b"\x1f\x8b\x08")
        while at >= 0:
            try:
                d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                if raw in d.decompress(data[at:at + 4_000_000]):
                    hits.append(p.relative_to(root).as_posix() + "@gz")
                    break
            except zlib.error:
                pass
            at = data.find(b"\x1f\x8b\x08", at + 3)
        else:
            try:
                if raw in gzip.decompress(data):
                    hits.append(p.relative_to(root).as_posix() + "@gz")
            except (OSError, EOFError, zlib.error):
                pass
    return hits


def fresh(name: str) -> Path:
    d = TMP / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d


def site(where: Path, n: int = 60, body_chars: int = 300) -> Path:
    """A sitegen site: d000011 依申请公开, d000012 dated 2027-03-01 (future at DATE)."""
    s = sitegen.generate(where / "site", n, body_chars=body_chars, seed=6)
    f = s / GEN / "d000011.md"
    f.write_text(f.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"), encoding="utf-8")
    f = s / GEN / "d000012.md"
    f.write_text(re.sub(r"^发布日期: .*$", "发布日期: 2027-03-01", f.read_text(encoding="utf-8"), flags=re.M),
                 encoding="utf-8")
    return s


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def title_of(path: Path) -> str:
    return re.search(r"^标题: (.*)$", path.read_text(encoding="utf-8"), re.M).group(1)


def verdict(name: str, ok: bool, observed: str, expected: str) -> bool:
    print(f"[{'held' if ok else 'FINDING'}] {name}\n    observed: {observed}\n    expected: {expected}", flush=True)
    return ok


def said_fast(stdout: str, stderr: str) -> str:
    if "单篇改动的快速路径" in stdout and "未走" not in stderr:
        return "public-edit path"
    m = re.search(r"本次未走单篇改动的快速路径（(.*?)）", stderr)
    return f"full build ({m.group(1)})" if m else "full build"
