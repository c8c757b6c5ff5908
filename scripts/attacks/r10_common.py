"""Helpers shared by the round-10 attack scripts (scripts/attacks/r10_*.py): round 9's, under /tmp/hostile10."""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import r6_common
import r7_common
from r9_common import DATE, GEN, append, build, differ, grep_tree, leaks, said_fast, site, verdict  # noqa: F401

TMP = Path("/tmp/hostile10")
r6_common.TMP = TMP
r7_common.TMP = TMP


def fresh(name: str) -> Path:
    return r6_common.fresh(name)


def doc(s: Path, i: int) -> Path:
    return s / GEN / f"d{i:06d}.md"


def sub(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def body_edit(path: Path, tag: str = "") -> None:
    """A body-only edit: a paragraph after the first heading."""
    sub(path, "## 一、总体要求\n", f"## 一、总体要求\n\n补充说明{tag}：明确责任分工，加强统筹协调。\n")


def codes(o: str, e: str) -> list[str]:
    """The finding lines (file + GK code) a build printed, sorted."""
    lines = []
    for line in (o + e).splitlines():
        for m in re.finditer(r"(GK\d{3})", line):
            f = re.search(r"(content/\S+?\.md)", line)
            lines.append(f"{f.group(1) if f else '-'} {m.group(1)}")
    return sorted(lines)


def clean(s: Path, out: Path, date: str = DATE) -> tuple[int, list[str], Path]:
    """A clean build of a copy of `s` without .gkssg/: (rc, finding lines, its output)."""
    twin = out.parent / (out.name + ".twin")
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(s, twin / "site", ignore=shutil.ignore_patterns(".gkssg"), symlinks=True)
    rc, o, e = build(twin / "site", twin / "out", date)
    return rc, codes(o, e), twin / "out"


def scenario(name: str, n: int, prepare, edits, date: str = DATE) -> bool:
    """A fresh site of `n` documents, `prepare(s)`, a build; `edits(s)`, a build (-v): the same rc,
    findings and output as a clean build, and when it fails the output is the previous one."""
    d = fresh(name)
    s = site(d, n, 150)
    if prepare:
        prepare(s)
    out = d / "out"
    time.sleep(2.5)
    rc0, o, e = build(s, out, date)
    if rc0 != 0:
        print(f"[skip] {name}: the first build failed rc={rc0} {codes(o, e)[:6]} {e[-300:]}")
        return True
    before = r6_common.tree(out)
    edits(s)
    rc, o, e = build(s, out, date, "-v")
    path = said_fast(o, e)
    crc, ccodes, cout = clean(s, out, date)
    mine = codes(o, e)
    if crc == 0:
        diff = differ(out, cout)
    else:
        diff = [] if r6_common.tree(out) == before else ["<output changed by a failed build>"]
    ok = rc == crc and mine == ccodes and not diff and "Traceback" not in e
    return verdict(name, ok, f"rc={rc} clean rc={crc} {path}; findings only mine {sorted(set(mine) - set(ccodes))[:4]}"
                   f" only clean {sorted(set(ccodes) - set(mine))[:4]}; differs {diff[:5]}; {e[-300:] if 'Traceback' in e else ''}",
                   "= clean build")
