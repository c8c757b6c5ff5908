"""Round 29: doc: links across incremental builds (the one-edit / public-edit path that relinks a body from
the old page): each step's output must equal a clean build of the same content, and a withheld target's
page name / 索引号 must not be on the linking page."""
from __future__ import annotations

import re

from r29_common import WORK, attack_sites, build, clean_build, diff, set_field, settle, tail, tree

SRC = "content/ysq/2025-90023.md"
TGT = "content/ysq/2021-90001.md"
ORIG_DAY = re.search(r"^发布日期: *(\S+)", (attack_sites.REPO / TGT).read_text(encoding="utf-8"), re.M)[1]


def body_edit(site, old, new):
    md = site / SRC
    t = md.read_text(encoding="utf-8")
    md.write_text(t.replace(old, new, 1) if old else t + new, encoding="utf-8")


STEPS = [
    ("add doc: link", lambda s: body_edit(s, None, "\n参见[政策](doc:ZBJG0003/2021-90001)。\n")),
    ("body edit only", lambda s: body_edit(s, "参见", "另见")),
    ("target withdrawn", lambda s: set_field(s / TGT, "公开属性", "依申请公开")),
    ("body edit while withdrawn", lambda s: body_edit(s, "另见", "再见")),
    ("target back", lambda s: set_field(s / TGT, "公开属性", "主动公开")),
    ("target future-dated", lambda s: set_field(s / TGT, "发布日期", "2027-01-01")),
    ("body edit while future", lambda s: body_edit(s, "再见", "又见")),
    ("target dated back", lambda s: set_field(s / TGT, "发布日期", ORIG_DAY)),
    ("target 索引号 changed (link now GK710)", lambda s: set_field(s / TGT, "索引号", "ZBJG0003/2021-90009")),
    ("link follows the new 索引号", lambda s: body_edit(s, "doc:ZBJG0003/2021-90001", "doc:ZBJG0003/2021-90009")),
    ("add img doc:", lambda s: body_edit(s, None, "\n![图](doc:ZBJG0003/2021-90009)\n")),
    ("target withdrawn with img", lambda s: set_field(s / TGT, "公开属性", "依申请公开")),
]


def main() -> None:
    site = attack_sites.demo_copy(WORK, "docincr")
    print("build 0", build(site).returncode)
    for name, step in STEPS:
        settle()
        step(site)
        r = build(site)
        c = clean_build(site, WORK / "docincr-clean")
        d = diff(tree(site / "public"), tree(WORK / "docincr-clean")) if r.returncode == 0 else []
        page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
        m = re.findall(r"<a[^>]*>政策</a>|<img alt=\"图\"[^>]*>", page)
        tgt_public = "公开属性: 主动公开" in (site / TGT).read_text(encoding="utf-8") and "2027" not in (site / TGT).read_text(encoding="utf-8")
        leak = (not tgt_public) and ("2021-9000" in page)
        print(f"{name:40} rc {r.returncode} clean rc {c.returncode}; differ {len(d)} {d[:3]}; link {m}; withheld leak {leak}"
              + ("" if r.returncode == 0 else " :: " + tail(r, 150).replace("\n", " ")), flush=True)


if __name__ == "__main__":
    main()
