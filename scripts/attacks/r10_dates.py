"""Round 10: `check --changed` on another date than the full check that wrote the index (a partner's
发布日期 or 施行日期 passes in between), body edits of related documents: quick = slow, or a fallback."""
from __future__ import annotations

import datetime as dt
import sys

import r6_common  # noqa: F401  (puts tests/ on sys.path)
from r10_changed import IDX, add_field, base, body, sub  # noqa: F401
from r10_common import verdict

from gkssg.build.changed import quick_submission
from gkssg.build.submission import changed_files, check_submission
from gkssg.incremental.cache import BuildCache
from gkssg.incremental.facts import FactsUnavailable

LATER = dt.date(2026, 11, 20)


def answer(root, day):
    cache = BuildCache.open(root)
    try:
        try:
            quick = set(quick_submission(root, day, "HEAD", changed_files(root, "HEAD"), cache).items)
        except FactsUnavailable as reason:
            quick = f"fallback: {reason}"
        slow = set(check_submission(root, day, "HEAD", cache, quick=False).items)
    finally:
        cache.close()
    return quick, slow


def effective(root):
    sub(root, 24, "公开属性: 主动公开", "公开属性: 主动公开\n施行日期: 2026-11-15")


def future_replacing(root):
    import re
    p = root / "content/cqszfbgt/gen/d000024.md"
    p.write_text(re.sub(r"^(发布日期|成文日期): .*$", r"\1: 2026-11-10", p.read_text("utf-8"), flags=re.M), "utf-8")


def future_policy(root):
    import re
    p = root / "content/cqszfbgt/gen/d000008.md"
    p.write_text(re.sub(r"^(发布日期|成文日期): .*$", r"\1: 2026-11-10", p.read_text("utf-8"), flags=re.M), "utf-8")


CASES = {
    1: ("replacing d24 takes effect between: body edits of d20 and d24", effective, lambda r: (body(r, 20), body(r, 24))),
    2: ("replacing d24 published between: body edit of d20", future_replacing, lambda r: body(r, 20)),
    3: ("policy d8 published between: body edit of its interp d9", future_policy, lambda r: body(r, 9)),
    4: ("policy d8 published between: body edit of d8", future_policy, lambda r: body(r, 8)),
}


def main() -> int:
    ok = True
    for k, (name, prepare, edits) in CASES.items():
        if sys.argv[1:] and str(k) not in sys.argv[1:]:
            continue
        root = base(f"date{k}", 40, prepare)
        edits(root)
        quick, slow = answer(root, LATER)
        if isinstance(quick, str):
            ok &= verdict(f"r10d{k} {name}", True, quick, "= slow or fallback")
            continue
        only_q = sorted((f.file, f.code) for f in quick - slow)
        only_s = sorted((f.file, f.code) for f in slow - quick)
        ok &= verdict(f"r10d{k} {name}", quick == slow, f"quick answered; only quick {only_q[:4]} only slow {only_s[:4]};"
                      f" codes {sorted({f.code for f in slow})}", "= slow")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
