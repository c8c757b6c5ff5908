"""Round 31, target 2 across incremental builds: the guide of the 依申请公开 column (content/ysq/2025-90027.md) and
the single-page column's document (content/ydz/2024-90001.md) link to a public document (doc: and relative .md)
and a file; the target becomes 依申请公开, future-dated (passes with --date), comes back; the guide's body is edited
(text only: the public-edit path), a link added. Each step: output = a clean build of the same content and date,
and no column page names a withheld target."""
from __future__ import annotations

import re
import shutil

from r31_common import WORK, attack_sites, diff, gk, set_field, settle, tail, tree

GUIDE = "content/ysq/2025-90027.md"
YDZ = "content/ydz/2024-90001.md"
TGT = "content/ysq/2021-90001.md"
ORIG_DAY = re.search(r"^发布日期: *(\S+)", (attack_sites.REPO / TGT).read_text(encoding="utf-8"), re.M)[1]
COLS = ("zwgk/zfxxgk/ysqgk/index.html", "zwgk/zfxxgk/zfxxgkzn/index.html")


def bld(site, out, day):
    return gk("build", "--site", str(site), "--date", day, "-j", "1", "--out", str(out))


def clean(site, day):
    out = WORK / "incr31-clean"
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


def edit(site, rel, old, new):
    md = site / rel
    t = md.read_text(encoding="utf-8")
    md.write_text(t.replace(old, new, 1) if old else t + new, encoding="utf-8")


def both(site, old, new):
    edit(site, GUIDE, old, new)
    edit(site, YDZ, old, new.replace("(2021-90001.md", "(../ysq/2021-90001.md").replace("(files/", "(../ysq/files/"))


STEPS = [
    ("links added", "2026-12-07", lambda s: both(s, None, "\n参见[政策](doc:ZBJG0003/2021-90001#第二条)、[同](2021-90001.md)和[表](files/bmb.docx)。\n")),
    ("target 依申请公开", "2026-12-07", lambda s: set_field(s / TGT, "公开属性", "依申请公开")),
    ("guide text edit (held)", "2026-12-07", lambda s: both(s, "参见", "另见")),
    ("target back", "2026-12-07", lambda s: set_field(s / TGT, "公开属性", "主动公开")),
    ("guide text edit", "2026-12-07", lambda s: both(s, "另见", "参见")),
    ("target dated 2026-12-20", "2026-12-07", lambda s: set_field(s / TGT, "发布日期", "2026-12-20")),
    ("--date 2026-12-20 (passes)", "2026-12-20", lambda s: None),
    ("--date 2026-12-07 (back)", "2026-12-07", lambda s: None),
    ("target dated back", "2026-12-07", lambda s: set_field(s / TGT, "发布日期", ORIG_DAY)),
    ("guide adds tab link", "2026-12-07", lambda s: both(s, None, '\n<a href="ht&#9;tps://example.com/t">外</a>\n')),
    ("guide text edit 2", "2026-12-07", lambda s: both(s, "参见", "见")),
]


def main() -> None:
    site = attack_sites.demo_copy(WORK, "incr31")
    print("build 0", bld(site, site / "public", "2026-12-07").returncode)
    for name, day, step in STEPS:
        settle()
        step(site)
        r = bld(site, site / "public", day)
        c, out = clean(site, day)
        d = diff(tree(site / "public"), tree(out)) if r.returncode == 0 else []
        t = (site / TGT).read_text(encoding="utf-8")
        tgt_public = "公开属性: 主动公开" in t and not ("2026-12-20" in t and day < "2026-12-20")
        leaks = [p for p in COLS if "2021-90001" in (site / "public" / p).read_text(encoding="utf-8")] if not tgt_public else []
        print(f"{name:28} rc {r.returncode} clean rc {c.returncode}; differ {len(d)} {d[:4]}; withheld named on {leaks}"
              + ("" if r.returncode == 0 else " :: " + tail(r, 150).replace("\n", " ")), flush=True)


if __name__ == "__main__":
    main()
