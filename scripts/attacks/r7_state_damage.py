"""Round 7: damage each file gkssg keeps in .gkssg/ between two fast-path builds.

Per case: a 260-document site (above SMALL_INDEX, so the search index is updated in place),
a full build, a public body edit (the one-edit path: records.delta), another; then one state
file is cut in half / has 64 bytes flipped in the middle (size and mtime kept) / is put back
to its state one build earlier (stale but well-formed) / is deleted; then a no-op build, then
a step with a withdrawal (d000033 → 依申请公开) and a public body edit. After each build: no
traceback, exit 0/1, the withdrawn title nowhere, output = a clean build of the same input.

    python r7_state_damage.py [FILE-GLOB ...]      (default: every state file, every damage)
"""
from __future__ import annotations

import fnmatch
import os
import shutil
import sys
import time
from pathlib import Path

from r7_common import DATE, GEN, TMP, append, build, clean_compare, leaks, said_fast, set_field, site, title_of, verdict

FILES = ["manifest-*.bin", "lastbuild-*.bin", "search/static.idx", "search/static.delta", "search/records.bin",
         "search/records.delta", "search/text.cache", "search/static.0.pack", "facts.db", "cache.db", "build.lock"]
DAMAGES = ["cut", "flip", "stale", "gone"]


def template() -> Path:
    t = TMP / "damage_template"
    if not (t / "site").exists():
        shutil.rmtree(t, ignore_errors=True)
        site(t, 260)
    return t / "site"


def state_files(s: Path, pattern: str) -> list[Path]:
    return [p for p in sorted((s / ".gkssg").rglob("*")) if p.is_file()
            and fnmatch.fnmatch(p.relative_to(s / ".gkssg").as_posix(), pattern)]


def damage(path: Path, how: str, stale: dict[Path, bytes]) -> None:
    st = path.stat()
    data = path.read_bytes()
    if how == "cut":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flip":
        mid = len(data) // 2
        path.write_bytes(data[:mid] + bytes(b ^ 0x5A for b in data[mid:mid + 64]) + data[mid + 64:])
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif how == "stale":
        path.write_bytes(stale[path])
    elif how == "gone":
        path.unlink()


def case(pattern: str, how: str) -> bool:
    d = TMP / f"damage_{pattern.replace('/', '_').replace('*', 'X')}_{how}"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    shutil.copytree(template(), d / "site")
    s, out = d / "site", d / "out"
    time.sleep(2.5)
    steps = []
    rc, o, e = build(s, out, DATE, "-v")
    steps.append(("full", rc, e))
    time.sleep(2.5)
    append(s / GEN / "d000031.md", "\n补充第一句话。\n")
    rc, o, e = build(s, out, DATE, "-v")
    steps.append(("edit1 " + said_fast(o, e), rc, e))
    stale = {p: p.read_bytes() for p in (s / ".gkssg").rglob("*") if p.is_file()}
    append(s / GEN / "d000032.md", "\n补充第二句话。\n")
    rc, o, e = build(s, out, DATE, "-v")
    steps.append(("edit2 " + said_fast(o, e), rc, e))
    targets = [p for p in state_files(s, pattern) if how != "stale" or p in stale]
    if not targets:
        print(f"[skip] {pattern} {how}: no such file", flush=True)
        return True
    for p in targets:
        damage(p, how, stale)
    rc, o, e = build(s, out, DATE, "-v")
    steps.append(("noop " + said_fast(o, e), rc, e))
    diff1 = clean_compare(s, out)
    secret_doc = s / GEN / "d000033.md"
    secret = title_of(secret_doc)
    set_field(secret_doc, "公开属性", "依申请公开")
    append(s / GEN / "d000034.md", "\n补充第三句话。\n")
    rc, o, e = build(s, out, DATE, "-v")
    steps.append(("step " + said_fast(o, e), rc, e))
    diff2 = clean_compare(s, out)
    hits = leaks(s, out, secret)
    bad = [f"{n} rc {r}" for n, r, e in steps if r not in (0, 1) or "Traceback" in e]
    return verdict(f"state damage {pattern} {how}", not bad and not diff1 and not diff2 and not hits,
                   f"{[n for n, _, _ in steps]}; bad {bad} {[e[-300:] for n, r, e in steps if r not in (0, 1)]}; "
                   f"differ after no-op {len(diff1)} {diff1[:3]}, after step {len(diff2)} {diff2[:3]}; leak {hits[:3]}",
                   "no traceback, = clean after each build, withdrawn title nowhere")


if __name__ == "__main__":
    # FILE-GLOB[:DAMAGE] …; without a damage every damage
    specs = [(a.split(":")[0], [a.split(":")[1]] if ":" in a else DAMAGES) for a in sys.argv[1:]] \
        or [(f, DAMAGES) for f in FILES]
    ok = True
    for pattern, hows in specs:
        for how in hows:
            ok &= case(pattern, how)
            shutil.rmtree(TMP / f"damage_{pattern.replace('/', '_').replace('*', 'X')}_{how}", ignore_errors=True)
    sys.exit(0 if ok else 1)
