"""Round 9, attack 1 (findings): public body edits whose new body the checks stop (an identity-card
number, GK privacy) or warn about, on the one-edit path: the same exit code and findings as a clean
build's, and on an error the output untouched (the old page, no new text anywhere)."""
from __future__ import annotations

import sys
import time

from r9_common import DATE, GEN, append, build, clean_compare, fresh, said_fast, site, tree, verdict


def id_number(base17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return base17 + "10X98765432"[sum(int(c) * w for c, w in zip(base17, weights)) % 11]


CASES = {
    "identity card number": f"\n\n联系人身份证号码：{id_number('11010119900307457')}。\n",
    "mobile number": "\n\n联系人：张三，手机13912345678。\n",
    "doc: link to a non-public document": "\n\n参见[另一文件](doc:11500000009275780L/2025-00012)。\n",
    "raw HTML script": "\n\n<script>alert(1)</script>\n",
    "link to a missing attachment": "\n\n[附件](files/none.pdf)\n",
}


def main() -> int:
    ok = True
    for i, (name, text) in enumerate(CASES.items()):
        d = fresh(f"fi{i}")
        s = site(d, 30)
        out = d / "out"
        time.sleep(2.5)
        assert build(s, out)[0] == 0
        before = tree(out)
        append(s / GEN / "d000003.md", text)
        rc, o, e = build(s, out, DATE, "-v")
        after = tree(out)
        twin = d / "twin"
        import shutil
        shutil.copytree(s, twin / "site", ignore=shutil.ignore_patterns(".gkssg"))
        rc2, o2, e2 = build(twin / "site", twin / "out", DATE, "--clean")
        codes = lambda t: sorted(set(__import__("re").findall(r"GK\d{3}", t)))  # noqa: E731
        same = rc == rc2 and codes(o + e) == codes(o2 + e2)
        if rc == 0:
            diff = clean_compare(s, out)
        else:
            diff = [] if after == before else ["output changed on a failed build"]
        ok &= verdict(f"1/{name}", same and not diff,
                      f"rc={rc} {said_fast(o, e)} codes {codes(o + e)}; clean rc={rc2} codes {codes(o2 + e2)}; {diff[:4]}",
                      "the same rc/findings as a clean build; output = clean, or untouched on failure")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
