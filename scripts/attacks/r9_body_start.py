"""Round 9, attack 1/3 with the default theme: a public body edit at the body's START (where a
内容概述 fallback, a feed's description or a search snippet is taken from) of a document without
内容概述, by `gkssg build` (the one-edit path) and by gkssg serve's resident edit: = a clean build?"""
from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from r9_common import DATE, GEN, build, clean_compare, fresh, said_fast, site, verdict

REPO = Path(__file__).resolve().parents[2]


def prepend(path: Path, text: str) -> None:
    src = path.read_text(encoding="utf-8")
    head, sep, body = src.partition("\n---\n")
    path.write_text(head + sep + text + body, encoding="utf-8")


def by_build() -> bool:
    d = fresh("start")
    s = site(d, 30)
    out = d / "out"
    time.sleep(2.5)
    assert build(s, out)[0] == 0
    f = s / GEN / "d000003.md"
    assert "内容概述" not in f.read_text(encoding="utf-8")
    ok = True
    for i in range(2):
        prepend(f, f"开头新增第{i}段：本办法自公布之日起施行，原办法同时废止。\n\n")
        rc, o, e = build(s, out, DATE, "-v")
        diff = clean_compare(s, out)
        ok &= verdict(f"1/body start edit {i} (build)", rc == 0 and not diff, f"rc={rc} {said_fast(o, e)}; differs {diff[:6]}",
                      "= clean")
    return ok


def by_serve() -> bool:
    sys.path.insert(0, str(REPO / "tests"))
    import shutil

    from conftest import copy_demo
    from test_serve_resident import clean_build, tree

    from gkssg.serve.resident import Resident
    tmp = Path("/tmp/hostile9/startserve")
    shutil.rmtree(tmp, ignore_errors=True)
    s = copy_demo(tmp / "site")
    r = Resident(s, s / "public", dt.date(2026, 11, 20))
    assert r.rebuild(set())[0]
    r.settle()
    ok = True
    for rel in ("content/ljxq/2021-90001.md", "content/ysq/2025-90025.md", "content/ydz/2024-90001.md"):
        f = s / rel
        prepend(f, "开头新增一段：本办法自公布之日起施行，原办法同时废止。\n\n")
        good, message = r.rebuild({f})
        last = r.last
        r.settle()
        mine, clean = tree(s / "public"), clean_build(s, tmp)
        diff = sorted(k for k in set(mine) | set(clean) if mine.get(k) != clean.get(k))
        ok &= verdict(f"3/body start edit {rel} (serve)", good and not diff, f"{last} {message[-12:]}; differs {diff[:6]}", "= clean")
    return ok


if __name__ == "__main__":
    sys.exit(0 if by_build() & by_serve() else 1)
