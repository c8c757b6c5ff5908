"""Round 30, target 3: doc:索引号#anchor links (ffd0e6a) across incremental builds, and a future-dated target
passing the build date with --date: each step's output must equal a clean build of the same content and date,
and a withheld target's page name / 索引号 must not be on the linking page."""
from __future__ import annotations

import re
import shutil

from r30_common import WORK, attack_sites, diff, gk, set_field, settle, tail, tree

SRC = "content/ysq/2025-90023.md"
TGT = "content/ysq/2021-90001.md"
ORIG_DAY = re.search(r"^发布日期: *(\S+)", (attack_sites.REPO / TGT).read_text(encoding="utf-8"), re.M)[1]


def bld(site, out, day):
    return gk("build", "--site", str(site), "--date", day, "-j", "1", "--out", str(out))


def clean(site, day):
    out = WORK / "incr30-clean"
    cache, aside = site / ".gkssg", site / ".gkssg.aside"
    if cache.exists():
        cache.rename(aside)
    try:
        if out.exists():
            shutil.rmtree(out)
        return bld(site, out, day), out
    finally:
        if cache.exists():
            shutil.rmtree(cache)
        if aside.exists():
            aside.rename(cache)


def body_edit(site, old, new):
    md = site / SRC
    t = md.read_text(encoding="utf-8")
    md.write_text(t.replace(old, new, 1) if old else t + new, encoding="utf-8")


STEPS = [
    ("add doc:#anchor link + title", "2026-12-07", lambda s: body_edit(
        s, None, '\n参见[政策](doc:ZBJG0003/2021-90001#第二条 "doc:ZBJG0003/2021-90001")和<a title="t" href="DOC: ZBJG0003/2021-90001#x">另</a>。\n')),
    ("target 依申请公开", "2026-12-07", lambda s: set_field(s / TGT, "公开属性", "依申请公开")),
    ("target back 主动公开", "2026-12-07", lambda s: set_field(s / TGT, "公开属性", "主动公开")),
    ("target 不予公开", "2026-12-07", lambda s: set_field(s / TGT, "公开属性", "不予公开")),
    ("target back", "2026-12-07", lambda s: set_field(s / TGT, "公开属性", "主动公开")),
    ("target dated 2026-12-20", "2026-12-07", lambda s: set_field(s / TGT, "发布日期", "2026-12-20")),
    ("same, --date 2026-12-19", "2026-12-19", lambda s: None),
    ("same, --date 2026-12-20 (passes)", "2026-12-20", lambda s: None),
    ("same, --date 2026-12-07 (back)", "2026-12-07", lambda s: None),
    ("target dated back", "2026-12-07", lambda s: set_field(s / TGT, "发布日期", ORIG_DAY)),
]


def main() -> None:
    site = attack_sites.demo_copy(WORK, "incr30")
    print("build 0", bld(site, site / "public", "2026-12-07").returncode)
    for name, day, step in STEPS:
        settle()
        step(site)
        r = bld(site, site / "public", day)
        c, out = clean(site, day)
        d = diff(tree(site / "public"), tree(out)) if r.returncode == 0 else []
        page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
        m = re.findall(r"<a[^>]*>(?:政策|另)</a>", page)
        t = (site / TGT).read_text(encoding="utf-8")
        tgt_public = "公开属性: 主动公开" in t and not ("2026-12-20" in t and day < "2026-12-20")
        leak = (not tgt_public) and ("2021-9000" in page)
        print(f"{name:36} rc {r.returncode} clean rc {c.returncode}; differ {len(d)} {d[:3]}; links {m}; withheld leak {leak}"
              + ("" if r.returncode == 0 else " :: " + tail(r, 150).replace("\n", " ")), flush=True)


if __name__ == "__main__":
    main()
