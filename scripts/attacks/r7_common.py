"""Helpers shared by the round-7 attack scripts (scripts/attacks/r7_*.py): round 6's, under /tmp/hostile7."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import r6_common
from r6_common import DATE, GEN, append, build, differ, gk, grep_tree, said_fast, title_of, tree, verdict  # noqa: F401

TMP = Path("/tmp/hostile7")
r6_common.TMP = TMP


def fresh(name: str) -> Path:
    return r6_common.fresh(name)


def site(where: Path, n: int = 60, body_chars: int = 300) -> Path:
    return r6_common.site(where, n, body_chars)


def built(name: str, n: int) -> tuple[Path, Path, Path, tuple]:
    """A fresh generated site of `n` documents under /tmp/hostile7/`name`, past the racy window,
    built once into `out`: (folder, site, out, the build's (rc, stdout, stderr))."""
    d = fresh(name)
    s = site(d, n)
    out = d / "out"
    time.sleep(2.5)  # its files are not racy at the first build
    return d, s, out, build(s, out)


def new_document(text: str, title: str, day: str, serial: int, number: int) -> str:
    """A copy of a document's text as a new one: its own 标题, 索引号 (year of `day`, `serial`),
    发文字号 (`number`), 发布日期 and 成文日期 `day`, and no doc: link (its target may go)."""
    text = re.sub(r"^标题: .*$", f"标题: {title}", text, count=1, flags=re.M)
    text = re.sub(r"^索引号: (.*)/\d{4}-\d{5}$", lambda m: f"索引号: {m.group(1)}/{day[:4]}-{serial:05d}", text,
                  count=1, flags=re.M)
    text = re.sub(r"^发文字号: .*$", f"发文字号: 渝府办发〔{day[:4]}〕{number}号", text, count=1, flags=re.M)
    text = re.sub(r"^(发布日期|成文日期): .*$", lambda m: f"{m.group(1)}: {day}", text, flags=re.M)
    return re.sub(r"\n参见\[相关文件\]\(doc:[^)]*\)。\n", "\n", text)


def clean_compare(s: Path, out: Path, date: str = DATE, *more, timeout: int = 600) -> list[str]:
    """Files that differ between `out` and a clean build of a copy of `s` without .gkssg/."""
    twin = out.parent / (out.name + ".twin")
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(s, twin / "site", ignore=shutil.ignore_patterns(".gkssg"), symlinks=True)
    rc, o, e = build(twin / "site", twin / "out", date, *more, timeout=timeout)
    assert rc in (0, 1), e[-2000:]
    diff = differ(out, twin / "out")
    shutil.rmtree(twin, ignore_errors=True)
    return diff


def leaks(s: Path, out: Path, needle: str) -> list[str]:
    """Where `needle` is in the output, or in the search store's deltas (its packs keep replaced
    bytes unreferenced by design, as cache.db keeps every document: not counted)."""
    store = s / ".gkssg" / "search"
    return grep_tree(out, needle) + [f"<store>/{h}" for h in grep_tree(store, needle) if "delta" in h]


def set_field(path: Path, field: str, value: str, keep_stat: bool = False) -> None:
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"^{field}: .*$", f"{field}: {value}", text, count=1, flags=re.M), encoding="utf-8")
    if keep_stat:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


PY = r6_common.PY
ENV_PATH = r6_common.ENV["PYTHONPATH"]
