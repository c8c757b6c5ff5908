"""Round 36b: r36b_raw.py's misses through the CLI, new code against the code before the change (74ab1a9^1, unpacked
in /tmp/h36b/old: `git archive 74ab1a9^1 | tar -x -C /tmp/h36b/old`). Prints GK131/GK132 per body, and for the
build, the page's `<img … onerror` before sanitizing is not visible (nh3 removes it): what matters is the author
is not told. Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_raw_cli.py"""
from __future__ import annotations

import re

from r36b_common import OLD, check, codes, demo, lines_with, set_body, traceback

E = '<img src="a.png" onerror="alert(1)">'
BODIES = {
    "unclosed <!-- in prose": "正文。\n\n备注 <!-- 待定\n\n" + E,
    "link title <xmp>": '正文。\n\n[附件](a.pdf "<xmp>")\n\n' + E,
    "link dest <plaintext>": "正文。\n\n[附件](<plaintext>)\n\n" + E + "\n\n<script>alert(2)</script>",
    "attr_list heading": "正文。\n\n## 标题 {: onmouseover=\"alert(1)\" }",
    "escaped \\<!--": "正文。\n\n注：\\<!-- 不是注释\n\n" + E,
    "~~~ fence": "正文。\n\n~~~\n" + E + "\n~~~",
}


def main():
    for name, body in BODIES.items():
        site = demo("raw-" + re.sub(r"[^A-Za-z]", "_", name))
        set_body(site, body)
        new, old = check(site), check(site, repo=OLD)
        pick = [c for c in codes(new) if c in ("GK131", "GK132")]
        pick_old = [c for c in codes(old) if c in ("GK131", "GK132")]
        print(f"{name:26} new rc {new.returncode} {pick} | old rc {old.returncode} {pick_old} | tb {traceback(new)}")
        for line in lines_with(old, "GK13")[:2]:
            print("    old:", line[:150])


if __name__ == "__main__":
    main()
