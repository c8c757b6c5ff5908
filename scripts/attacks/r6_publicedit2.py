"""Round 6, target 1 (continued): the one-edit paths (build/fastpath.py, build/publicedit.py) when the edit
is not alone, or the build is not alone.

  withdraw_plus_edit  d000004 turned 不予公开 in the same edit as a public body edit of d000002
  future_plus_edit    d000005's 发布日期 moved to 2027-01-01 in the same edit as the body edit of d000002
  secret_body_plus_edit  the body of 依申请公开 d000011 gets a SECRETMARK, and d000002's body is edited
  concurrent          two `gkssg build` of one body edit started together into one --out
  concurrent_withdraw the first build edits a body; while it runs d000004 is withdrawn and a second build starts
Expected: the withdrawn/future/non-public document nowhere in www (pages, lists, search, feeds, sitemap);
www equal to a clean build of the final site; a concurrent build waits, refuses with a GK code, or both
finish with the same output; never a mix.

Run: python scripts/attacks/r6_publicedit2.py [case ...]
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time

from r6_common import DATE, ENV, GEN, PY, append, build, differ, fresh, grep_tree, said_fast, site, title_of, verdict


def setup(name: str):
    w = fresh(f"pe2_{name}")
    s = site(w)
    out = w / "www"
    rc, o, e = build(s, out)
    assert rc == 0, (o, e)
    return w, s, out


def compare(name: str, w, s, out, rc, o, e, secrets: list[str]) -> bool:
    clean = w / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    rc2, o2, e2 = build(s, clean, DATE, "--clean")
    d = differ(out, clean)
    leaks = {x[:12]: grep_tree(out, x)[:3] for x in secrets if grep_tree(out, x)}
    return verdict(name, rc == 0 and rc2 == 0 and not d and not leaks,
                   f"exit {rc} via {said_fast(o, e)}; {len(d)} files differ from the clean build {d[:3]}; leaks: {leaks}",
                   "no trace of the unpublished document; equal to a clean build")


def set_field(path, key, value):
    path.write_text(re.sub(rf"^{key}: .*$", f"{key}: {value}", path.read_text(encoding="utf-8"), flags=re.M),
                    encoding="utf-8")


def withdraw_plus_edit() -> bool:
    w, s, out = setup("withdraw")
    doc = s / GEN / "d000004.md"
    secret = title_of(doc)
    set_field(doc, "公开属性", "不予公开")
    append(s / GEN / "d000002.md", "\n补充说明一句。\n")
    rc, o, e = build(s, out, DATE, "-v")
    return compare("withdraw_plus_edit", w, s, out, rc, o, e, [secret])


def future_plus_edit() -> bool:
    w, s, out = setup("future")
    doc = s / GEN / "d000005.md"
    secret = title_of(doc)
    set_field(doc, "发布日期", "2027-01-01")
    append(s / GEN / "d000002.md", "\n补充说明一句。\n")
    rc, o, e = build(s, out, DATE, "-v")
    return compare("future_plus_edit", w, s, out, rc, o, e, [secret])


def secret_body_plus_edit() -> bool:
    w, s, out = setup("secret_body")
    append(s / GEN / "d000011.md", "\nSECRETMARK 依申请公开的正文。\n")
    append(s / GEN / "d000002.md", "\n补充说明一句。\n")
    rc, o, e = build(s, out, DATE, "-v")
    return compare("secret_body_plus_edit", w, s, out, rc, o, e, ["SECRETMARK", title_of(s / GEN / "d000011.md")])


def _start(s, out):
    return subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(out), "--date", DATE,
                             "-j1", "-v"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)


def concurrent() -> bool:
    w, s, out = setup("concurrent")
    append(s / GEN / "d000002.md", "\n补充说明一句。\n")
    a, b = _start(s, out), _start(s, out)
    (oa, ea), (ob, eb) = a.communicate(timeout=600), b.communicate(timeout=600)
    tb = "Traceback" in ea + eb
    print(f"    first: exit {a.returncode} {said_fast(oa, ea)} {(oa + ea).strip().splitlines()[-1][:100]}")
    print(f"    second: exit {b.returncode} {said_fast(ob, eb)} {(ob + eb).strip().splitlines()[-1][:100]}")
    ok = compare("concurrent: two builds of one body edit", w, s, out, 0, oa, ea, [])
    return verdict("concurrent: no traceback", not tb and ok and 0 in (a.returncode, b.returncode),
                   f"exits {a.returncode}/{b.returncode}; traceback {tb}", "one or both succeed, no traceback, equal to clean")


def concurrent_withdraw() -> bool:
    w, s, out = setup("concurrent_withdraw")
    append(s / GEN / "d000002.md", "\n补充说明一句。\n")
    a = _start(s, out)
    time.sleep(0.5)
    doc = s / GEN / "d000004.md"
    secret = title_of(doc)
    set_field(doc, "公开属性", "不予公开")
    b = _start(s, out)
    (oa, ea), (ob, eb) = a.communicate(timeout=600), b.communicate(timeout=600)
    print(f"    first: exit {a.returncode} {said_fast(oa, ea)}; second: exit {b.returncode} {said_fast(ob, eb)} "
          f"{(ob + eb).strip().splitlines()[-1][:100]}")
    leaks = grep_tree(out, secret)
    ok = b.returncode == 0 and not leaks
    if b.returncode != 0:  # the second refused: a third, plain build must withdraw it
        rc, o, e = build(s, out, DATE, "-v")
        return compare("concurrent_withdraw (third build after the second refused)", w, s, out, rc, o, e, [secret])
    return ok and compare("concurrent_withdraw", w, s, out, 0, ob, eb, [secret])


CASES = {f.__name__: f for f in (withdraw_plus_edit, future_plus_edit, secret_body_plus_edit, concurrent, concurrent_withdraw)}

if __name__ == "__main__":
    names = sys.argv[1:] or list(CASES)
    results = {n: CASES[n]() for n in names}
    print("findings:", [n for n, ok in results.items() if not ok])
