"""Round 10: `check --changed REV` with REV other than HEAD, the index written at another state than REV
(commits between REV and the working tree): the quick answer = the slow path's, or a fallback."""
from __future__ import annotations

import sys

import r6_common  # noqa: F401,I001  (puts tests/ on sys.path)
from conftest import git
from r10_changed import IDX, base, body, sub
from r10_common import verdict
from test_check_changed_facts import DATE, full_check

from gkssg.build.changed import quick_submission
from gkssg.build.submission import changed_files, check_submission
from gkssg.incremental.cache import BuildCache
from gkssg.incremental.facts import FactsUnavailable


def answer(root, rev):
    cache = BuildCache.open(root)
    try:
        try:
            quick = set(quick_submission(root, DATE, rev, changed_files(root, rev), cache).items)
        except FactsUnavailable as reason:
            quick = f"fallback: {reason}"
        slow = set(check_submission(root, DATE, rev, cache, quick=False).items)
    finally:
        cache.close()
    return quick, slow


def commit(root, msg):
    git(root, "add", "-A")
    git(root, "commit", "-qm", msg)


def r1(root):  # C1: the policy made 依申请公开; index of C1; the interp's body edited; REV = C0
    sub(root, 8, "公开属性: 主动公开", "公开属性: 依申请公开")
    commit(root, "c1")
    full_check(root)
    body(root, 9)
    return "HEAD~1"


def r2(root):  # C1: the interp names d18; index of C1; its front matter back as at C0 + body edit; REV = C0
    original = (root / "content/cqszfbgt/gen/d000009.md").read_text("utf-8")
    sub(root, 9, f"解读对象: {IDX(8)}", f"解读对象: {IDX(18)}")
    commit(root, "c1")
    full_check(root)
    (root / "content/cqszfbgt/gen/d000009.md").write_text(original, "utf-8")
    body(root, 9)
    return "HEAD~1"


def r3(root):  # C1: a body edit of the interp; index of C0 (no check after C1); another body edit; REV = HEAD~1
    body(root, 9)
    commit(root, "c1")
    sub(root, 9, "补充说明：明确责任分工。", "补充说明：明确责任分工，强化督查。")
    return "HEAD~1"


def r4(root):  # C1: d19 made a second interpretation of d8 (committed, checked); d9's body; REV = HEAD
    sub(root, 19, f"解读对象: {IDX(18)}", f"解读对象: {IDX(8)}")
    commit(root, "c1")
    full_check(root)
    body(root, 9)
    body(root, 19)
    return "HEAD"


def r5(root):  # C1 replaces C0's d8 policy by d18's text at d8's path (same index, other dates), checked; d9 body; REV=HEAD~1
    t = (root / "content/cqszfbgt/gen/d000008.md").read_text("utf-8")
    import re
    t = re.sub(r"^发布日期: .*$", "发布日期: 2026-10-30", t, flags=re.M)
    (root / "content/cqszfbgt/gen/d000008.md").write_text(t, "utf-8")
    commit(root, "c1")
    full_check(root)
    body(root, 9)
    return "HEAD~1"


CASES = {1: r1, 2: r2, 3: r3, 4: r4, 5: r5}


def main() -> int:
    ok = True
    for k, make in CASES.items():
        if sys.argv[1:] and str(k) not in sys.argv[1:]:
            continue
        root = base(f"rev{k}", 40)
        rev = make(root)
        try:
            quick, slow = answer(root, rev)
        except Exception as exc:  # noqa: BLE001
            ok &= verdict(f"r10r{k} {make.__name__}", False, f"{type(exc).__name__}: {exc}", "an answer")
            continue
        if isinstance(quick, str):
            ok &= verdict(f"r10r{k}", True, quick, "= slow or fallback")
            continue
        only_q = sorted((f.file, f.code) for f in quick - slow)
        only_s = sorted((f.file, f.code) for f in slow - quick)
        ok &= verdict(f"r10r{k} REV={rev}", quick == slow, f"quick answered; only quick {only_q[:4]} only slow {only_s[:4]};"
                      f" codes {sorted({f.code for f in slow})}", "= slow")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
