"""Round 31, target 3: GK705 / GK114 / GK118 / GK119 (8ccd37b, fad038c). Each case: a demo copy laid out by
`prep` (still 46 documents), built once, changed by `change`, then check and build: their rc, the findings, and
the documents left in public/docs. Fewer documents with build rc 0 and no finding is the harm."""
from __future__ import annotations

import os
import re
import shutil
import sys

from r31_common import WORK, attack_sites, build, check, ids_outside, tail

MOVED = ["2025-90006.md", "2025-90007.md", "2025-90008.md", "2025-90009.md", "2025-90010.md"]  # no attachments, named by no other document


def docs(site) -> int:
    d = site / "public" / "docs"
    return len(list(d.glob("*.html"))) if d.is_dir() else 0


def into(site, folder):  # five documents of content/ysq moved into content/ysq/<folder>
    (site / "content/ysq" / folder).mkdir()
    for n in MOVED:
        shutil.move(str(site / "content/ysq" / n), str(site / "content/ysq" / folder / n))


def away(site, folder):  # the folder moved out of the site (an unmounted store), path returned
    dest = site.parent / (site.name + "-away")
    shutil.move(str(site / "content/ysq" / folder), str(dest))
    return dest


CASES = {
    # name: (prep, change)
    "dot_dangling": (lambda s: into(s, "2025.d"),
                     lambda s: (away(s, "2025.d"), os.symlink("/nonexistent/mnt/2025.d", s / "content/ysq/2025.d"))),
    "dot_loop": (lambda s: into(s, "2025.d"),
                 lambda s: (away(s, "2025.d"), os.symlink("2025.d", s / "content/ysq/2025.d"))),
    "dot_out": (lambda s: into(s, "2025.d"),
                lambda s: os.symlink(str(away(s, "2025.d")), s / "content/ysq/2025.d")),
    "dot_hidden": (lambda s: into(s, "2025.d"),
                   lambda s: (os.rename(s / "content/ysq/2025.d", s / "content/ysq/.store"),
                              os.symlink(".store", s / "content/ysq/2025.d"))),
    "plain_hidden": (lambda s: into(s, "y2025"),
                     lambda s: (os.rename(s / "content/ysq/y2025", s / "content/ysq/.store"),
                                os.symlink(".store", s / "content/ysq/y2025"))),
    "plain_hidden_abs": (lambda s: into(s, "y2025"),
                         lambda s: (os.rename(s / "content/ysq/y2025", s / "content/.git-store"),
                                    os.symlink(str(s / "content/.git-store"), s / "content/ysq/y2025"))),
    "md_named_dangling": (lambda s: into(s, "2025.md"),
                          lambda s: (away(s, "2025.md"), os.symlink("/nonexistent/2025.md", s / "content/ysq/2025.md"))),
    "space_name_dangling": (lambda s: into(s, "2025 年"),
                            lambda s: (away(s, "2025 年"), os.symlink("/nonexistent/x", s / "content/ysq/2025 年"))),
    "cjk_dot_dangling": (lambda s: into(s, "二〇二五．存档"),  # a full-width dot is no "."
                         lambda s: (away(s, "二〇二五．存档"), os.symlink("/nonexistent/x", s / "content/ysq/二〇二五．存档"))),
    "tilde_dangling": (lambda s: into(s, "2025~"),
                       lambda s: (away(s, "2025~"), os.symlink("/nonexistent/x", s / "content/ysq/2025~"))),
    "ancestor_dot": (lambda s: None, lambda s: os.symlink("..", s / "content/ysq/up.d")),
    "ancestor": (lambda s: None, lambda s: os.symlink("..", s / "content/ysq/up")),
    "self_dot": (lambda s: None, lambda s: os.symlink(".", s / "content/ysq/here.d")),
    "chain_dot_dangling": (lambda s: into(s, "2025.d"),
                           lambda s: (away(s, "2025.d"), os.symlink("/nonexistent/x", s / "content/ysq/mid"),
                                      os.symlink("mid", s / "content/ysq/2025.d"))),
    "dangling_plain_file": (lambda s: None,  # a dangling link named like a file without a dot (LICENSE): refused?
                            lambda s: os.symlink("/nonexistent/LICENSE", s / "content/ysq/LICENSE")),
}


def run(name: str) -> str:
    site = attack_sites.demo_copy(WORK, f"lay31-{name}")
    ids_outside(site)
    extra = site.parent / (site.name + "-away")
    if extra.exists():
        shutil.rmtree(extra)
    prep, change = CASES[name]
    prep(site)
    b0 = build(site)
    before = docs(site)
    change(site)
    c = check(site)
    b = build(site)
    codes = sorted(set(re.findall(r"(?:错误|警告) (GK\d{3})", c.stdout + c.stderr)))
    return (f"{name}: first build rc {b0.returncode}, {before} docs; check rc {c.returncode} {codes}; build rc "
            f"{b.returncode}, {docs(site)} docs | {tail(b, 150)!r}")




def agency_dotted() -> str:
    """The agency's own folder (catalog folders: [content/ysq.gov]) becomes a dangling link: every document of
    the agency, not five."""
    site = attack_sites.demo_copy(WORK, "lay31-agency-dotted")
    ids_outside(site)
    os.rename(site / "content/ysq", site / "content/ysq.gov")
    cat = site / "catalog.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace("folders: [content/ysq]", "folders: [content/ysq.gov]"), encoding="utf-8")
    b0 = build(site)
    before = docs(site)
    away = site.parent / (site.name + "-away")
    shutil.rmtree(away, ignore_errors=True)
    shutil.move(str(site / "content/ysq.gov"), str(away))
    os.symlink("/nonexistent/mnt/ysq.gov", site / "content/ysq.gov")
    c, b = check(site), build(site)
    codes = sorted(set(re.findall(r"(?:错误|警告) (GK\d{3})", c.stdout + c.stderr)))
    return (f"agency_dotted: first build rc {b0.returncode}, {before} docs; check rc {c.returncode} {codes}; build rc "
            f"{b.returncode}, {docs(site)} docs | {tail(b, 120)!r}")


def agency_hidden() -> str:
    """catalog.yaml's folders for the agency names a hidden folder (content/.ysq): no link at all."""
    site = attack_sites.demo_copy(WORK, "lay31-agency-hidden")
    ids_outside(site)
    b0 = build(site)
    before = docs(site)
    os.rename(site / "content/ysq", site / "content/.ysq")
    cat = site / "catalog.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace("folders: [content/ysq]", "folders: [content/.ysq]"), encoding="utf-8")
    c, b = check(site), build(site)
    codes = sorted(set(re.findall(r"(?:错误|警告) (GK\d{3})", c.stdout + c.stderr)))
    return (f"agency_hidden: first build rc {b0.returncode}, {before} docs; check rc {c.returncode} {codes}; build rc "
            f"{b.returncode}, {docs(site)} docs | {tail(b, 120)!r}")


if __name__ == "__main__":
    for n in sys.argv[1:] or [*CASES, "agency_dotted", "agency_hidden"]:
        print(globals()[n]() if n.startswith("agency_") else run(n), flush=True)
