"""Round 11s, year runs continued (r11s_years.py's checks): a year whose only public document is withdrawn
(incremental build: the year leaves the filter, its run with it), a document dated 0999, and the same after a
clean build; then a document of that year made public again.

Run: python scripts/attacks/r11s_years2.py
"""
from __future__ import annotations

import shutil
import sys
import time

from r11s_common import DATE, GEN, build, fresh, new_document, set_field, site, verdict
from r11s_years import check


def main() -> bool:
    d = fresh("years2")
    s = site(d, 60, 150)
    out = d / "out"
    src = s / GEN
    template = (src / "d000005.md").read_text(encoding="utf-8")
    (src / "y2018.md").write_text(new_document(template, "关于二〇一八年唯一文件的通知", "2018-06-30", 906, 906), encoding="utf-8")
    time.sleep(2.5)
    rc, o, e = build(s, out)
    assert rc == 0, e[-2000:]
    ok, b = check("with a 2018 document", s, out, None)

    def step(name, fn):
        nonlocal ok, b
        fn()
        rc, o, e = build(s, out, DATE, "-v")
        ok &= verdict(f"{name}: build", rc == 0 and "Traceback" not in e, f"rc={rc} {e[-300:]}", "rc 0")
        good, b = check(name, s, out, b)
        ok &= good

    step("the only 2018 document withdrawn", lambda: set_field(src / "y2018.md", "公开属性", "依申请公开"))
    step("its date moved to 2019 while withdrawn", lambda: set_field(src / "y2018.md", "发布日期", "2019-06-30"))
    step("public again (2019)", lambda: set_field(src / "y2018.md", "公开属性", "主动公开"))
    step("0999-01-01", lambda: [set_field(src / "y2018.md", "成文日期", "0999-01-01"),
                                set_field(src / "y2018.md", "发布日期", "0999-01-01")])
    b.close()
    shutil.rmtree(d / "out.twin", ignore_errors=True)
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
