"""Round 35b: a control character between "]" and "(" (or ":") hides a link from the link checks: the gate in
render/targets.py looks for "](" in the body, the page renders without_controls(body), where "]\x1b(" is "](".
GK134 (a warning) is all the author hears; the build passes. Built with the new code and with d2d6e89 (/tmp/h35b/old)."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
import r35b_common as c  # noqa: E402

BODY = ("正文末尾。\n\n见[附件]\x1b(https:files/bmb.docx)。\n\n见[旧文件]\x00(不存在.md)。\n\n"
        "见![图]\x7f(缺少.png)。\n\n见![原文]\x1b(2017-00861.md)。\n\n见[外部][a]。\n\n[a]\x1b: 缺少.pdf\n")


def run(label, repo):
    site = c.demo("ctl-" + label, repo=repo)
    c.append_body(site, BODY)
    chk = c.check(site, repo=repo)
    b = c.build(site, repo=repo)
    print(label, "check rc", chk.returncode, c.codes(chk), "| build rc", b.returncode, c.codes(b))
    for ln in (chk.stdout).splitlines():
        if re.search(r"GK7[1-3]\d", ln):
            print("   ", ln.strip()[:110])
    if b.returncode == 0:
        page = next(p for p in (site / "public").rglob("*.html") if "正文末尾" in p.read_text(encoding="utf-8"))
        t = page.read_text(encoding="utf-8")
        print("    page:", re.findall(r"<(?:a|img)\b[^>]*>", t[t.find("正文末尾"):])[:6])


if __name__ == "__main__":
    run("new", c.REPO)
    run("old", Path("/tmp/h35b/old"))
