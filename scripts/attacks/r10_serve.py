"""Round 10: gkssg serve's resident (serve/resident.py) doing the related-document edits: an image
interpretation's body image removed (GK846) then restored, policy / interpretation / replaced bodies, and
the policy made 依申请公开 together with an interp body edit; after each: settle, = a clean build (or the
failure leaves the output as it was and names the rule)."""
from __future__ import annotations

import shutil
import sys

import r6_common  # noqa: F401  (puts tests/ on sys.path)
from r10_build import image_interp
from r10_common import TMP, body_edit, doc, site, sub, verdict
from test_serve_resident import DATE, clean_build, tree

from gkssg.build.pipeline import BuildFailed
from gkssg.serve.resident import Resident


def main() -> int:
    base = TMP / "serve"
    shutil.rmtree(base, ignore_errors=True)
    s = site(base, 30, 150)
    image_interp(s)
    r = Resident(s, s / "public", DATE)
    good, msg = r.rebuild(set())
    assert good, msg
    r.settle()
    steps = [
        ("image removed (GK846)", lambda: sub(doc(s, 9), "\n![一图读懂](tujie.png)\n", "\n"), [doc(s, 9)]),
        ("image restored + body", lambda: (doc(s, 9).write_text(doc(s, 9).read_text(encoding="utf-8") + "\n![一图读懂](tujie.png)\n",
                                                             encoding="utf-8"), body_edit(doc(s, 9), "S")), [doc(s, 9)]),
        ("alt removed (GK842)", lambda: sub(doc(s, 9), "![一图读懂]", "![]"), [doc(s, 9)]),
        ("alt back", lambda: sub(doc(s, 9), "![]", "![一图读懂]"), [doc(s, 9)]),
        ("policy + replaced bodies", lambda: (body_edit(doc(s, 8), "T"), body_edit(doc(s, 20), "U")), [doc(s, 8), doc(s, 20)]),
        ("policy 依申请公开 + interp body", lambda: (sub(doc(s, 8), "公开属性: 主动公开", "公开属性: 依申请公开"),
                                              body_edit(doc(s, 9), "V")), [doc(s, 8), doc(s, 9)]),
    ]
    ok = True
    for name, edit, paths in steps:
        before = tree(s / "public")
        edit()
        good, msg = r.rebuild(set(paths))
        last = r.last
        r.settle()
        found = []
        try:
            clean = clean_build(s, base / "scratch", found)
            failed = False
        except BuildFailed as exc:
            failed, clean = True, None
            found = [f.code for f in exc.result.findings.items if f.severity == "error"]
        mine = tree(s / "public")
        if failed:
            same = mine == before and not good and all(c in msg for c in found)
        else:
            same = good and mine == clean
        diff = [] if same or clean is None else sorted(k for k in set(mine) | set(clean) if mine.get(k) != clean.get(k))[:5]
        ok &= verdict(f"r10v {name}", same, f"{last} good={good} clean failed={failed} {sorted(set(found))[:6] if failed else ''}"
                      f" differs {diff} {msg[-160:] if not good else ''}", "= clean; a failure leaves the output")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
