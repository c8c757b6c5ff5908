"""Round 28, target 1, false positives: legitimate sites the render's new GK117 must not refuse, and
every attachment published (-j 1 and -j 2)."""
from __future__ import annotations

import os
import shutil
import sys

from r28_common import WORK, attack_sites, build

DOC = "content/ysq/2025-90023.md"
OTHER = "content/ysq/2025-90014.md"
BMB = "files/bmb.docx"


def attach(site, md, entries):
    p = site / md
    text = p.read_text(encoding="utf-8")
    start = text.index("附件:\n")
    end = text.index("公开属性")
    lines = "".join(f"  - {{name: \"{n}\", file: \"{f}\"}}\n" for n, f in entries)
    p.write_text(text[:start] + "附件:\n" + lines + text[end:], encoding="utf-8")


def case_names(site):
    files = site / "content/ysq/files"
    names = ["a b c.docx", "附件 一（2025）.docx", "100%25 done%.docx", "x#y?z.docx", "%2e%2e.docx"]
    for n in names:
        shutil.copy(files / "bmb.docx", files / n)
    attach(site, DOC, [(n, "files/" + n) for n in names])
    return ["files/ysq/files/" + n for n in names]


def case_hardlink(site):
    files = site / "content/ysq/files"
    os.link(files / "bmb.docx", files / "bmb-hl.docx")
    attach(site, OTHER, [("hl", "files/bmb-hl.docx"), ("orig", "files/bmb.docx")])
    return ["files/ysq/files/bmb-hl.docx", "files/ysq/files/bmb.docx"]


def case_shared(site):
    attach(site, OTHER, [("shared", BMB)])
    return ["files/ysq/files/bmb.docx"]


def case_symlinked_folder(site):
    os.symlink("files", site / "content/ysq/linked")
    attach(site, DOC, [("via link", "linked/bmb.docx")])
    return None


def case_withdrawn_shared(site):
    attach(site, OTHER, [("shared", BMB)])
    p = site / OTHER
    p.write_text(p.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"), encoding="utf-8")
    return ["files/ysq/files/bmb.docx"]


def case_content_symlink(site):
    real = WORK / (site.name + "-realcontent")
    if real.exists():
        shutil.rmtree(real)
    (site / "content").rename(real)
    os.symlink(real, site / "content")
    return ["files/ysq/files/bmb.docx", "files/ysq/files/ysfa.pdf"]


CASES = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}

for name, fn in CASES.items():
    if len(sys.argv) > 1 and name not in sys.argv[1:]:
        continue
    for jobs in ("1", "2"):
        site = attack_sites.demo_copy(WORK, f"fp-{name}-{jobs}")
        expect = fn(site)
        r = build(site, "-j", jobs)
        out = site / "public"
        listed = sorted(p.relative_to(out).as_posix() for p in (out / "files").rglob("*")) if (out / "files").exists() else []
        missing = [e for e in (expect or []) if e not in listed]
        tail = (r.stderr.strip().splitlines() or [""])
        print(f"{name} -j{jobs}: rc {r.returncode}; missing {missing}; files {len(listed)}; "
              f"{[l for l in tail if 'GK' in l][:3]}")
