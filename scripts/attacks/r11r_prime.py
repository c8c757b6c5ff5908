"""Round 11r: serve started over an output that is already current (the resident loads the site with
`prime`, its check cache from disk), then body edits; and serve restarted after body edits (a second
resident over the first one's cache and output). After each step findings (output) = a clean one's."""
from __future__ import annotations

import sys

from r11r_common import BODY, DATE, DOC, Run, verdict

from gkssg.build.pipeline import build_site
from gkssg.serve.resident import Resident

ID = "身份证号：110101199003074514。"
Y = "content/ydz/2024-90001.md"
YLINK = "原网页 http://cqxs.gov.cn/jz/ydx/zwgk_78906/zfxxgkzn_78907 。"


def prebuilt(run: Run) -> None:
    build_site(run.site, run.site / "public", DATE, jobs=1)


def main() -> int:
    run = Run("prime", prebuilt)
    ok = verdict("r11r prime: loaded by prime", run.r.build is not None, f"build={run.r.build is not None}", "loaded")
    run.step("first body edit after prime", {run.edit(DOC, BODY, BODY + "补充。")}, output=True)
    run.step("host moved after prime", {run.edit(DOC, "补充。", "见 http://cqxs.gov.cn/a 。"), run.edit(Y, YLINK, "原网页。")})
    run.step("ID number after prime", {run.edit(DOC, BODY, BODY + ID)})
    run.step("fixed", {run.edit(DOC, ID, "")}, output=True)
    # serve restarted: a new resident over the same site, cache and output
    run.r = Resident(run.site, run.site / "public", DATE)
    good, msg = run.r.rebuild(set())
    run.r.settle()
    ok &= verdict("r11r prime: restart", good and run.r.build is not None, f"good={good} {msg[-200:]}", "loaded")
    run.step("edit after restart", {run.edit(DOC, "见 http://cqxs.gov.cn/a 。", "")}, output=True)
    run.step("host back after restart", {run.edit(Y, "原网页。", YLINK)}, output=True)
    return 0 if run.ok and ok else 1


if __name__ == "__main__":
    sys.exit(main())
