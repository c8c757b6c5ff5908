"""Round 34, C: GK120's large drop and the unchecked-out submodule. Each case builds the demo (46 pages), mutates,
then runs check and build again; prints codes and page counts."""
from __future__ import annotations

import shutil
import subprocess
import sys

from r33_common import DATE, build, check, codes, demo, docs_of, pages


def rm_docs(n, spread=True):
    def m(site):
        docs = docs_of(site)
        if spread:  # round-robin over agency folders
            by = {}
            for d in docs:
                by.setdefault(d.parent.name, []).append(d)
            order = []
            while any(by.values()):
                for k in sorted(by):
                    if by[k]:
                        order.append(by[k].pop())
            docs = order
        for d in docs[:n]:  # withdrawn by date: future-dated (a deletion trips GK510/GK820 relations first)
            t = d.read_text(encoding="utf-8")
            import re
            d.write_text(re.sub(r"^发布日期: .*$", "发布日期: 2027-06-01", t, count=1, flags=re.M), encoding="utf-8")
    return m


def rename_index(site):
    """An agency's 索引号 prefix changes (机构改革): every page gets a new name, none is lost."""
    for d in docs_of(site):  # every mention: 索引号 and the relations that cite it
        t = d.read_text(encoding="utf-8")
        d.write_text(t.replace("ZBJG0003", "ZBJG0099"), encoding="utf-8")
    cat = site / "catalog.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace("ZBJG0003", "ZBJG0099"), encoding="utf-8")


def gitmodules(path_line, where=""):
    def m(site):
        root = site / where if where else site
        (root / ".gitmodules").write_text(f'[submodule "ysq"]\n\t{path_line}\n\turl = https://example.org/ysq.git\n')
        for p in (site / "content/ysq").iterdir():
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    return m


CASES = {
    "rm22": (rm_docs(22), ()),
    "rm23": (rm_docs(23), ()),
    "rm24": (rm_docs(24), ()),
    "rm24-spread": (rm_docs(24, True), ()),
    "rm30-allow-drop": (rm_docs(30), ("--allow-drop",)),
    "rm30-allow-empty": (rm_docs(30), ("--allow-empty",)),
    "rm30-clean": (rm_docs(30), ("--clean",)),
    "date-2025-10-01": (lambda s: None, ("--date", "2025-10-01")),
    "date-2025-06-01": (lambda s: None, ("--date", "2025-06-01")),
    "date-2025-03-01": (lambda s: None, ("--date", "2025-03-01")),
    "rename-index": (rename_index, ()),
    "sub-plain": (gitmodules("path = content/ysq"), ()),
    "sub-dotslash": (gitmodules("path = ./content/ysq"), ()),
    "sub-trailing": (gitmodules("path = content/ysq/"), ()),
    "sub-quoted": (gitmodules('path = "content/ysq"'), ()),
    "sub-nospace": (gitmodules("path=content/ysq"), ()),
    "sub-content": (gitmodules("path = content"), ()),
}


def run(name, first=False):
    mutate, extra = CASES[name]
    site = demo(f"drop-{name}{'-first' if first else ''}")
    if not first:
        b0 = build(site)
        assert b0.returncode == 0, b0.stderr
    before = pages(site)
    mutate(site)
    date = [a for a in extra if a[:2] == "20"]
    bargs = [a for a in extra if a[:2] != "20" and a != "--date"]
    cargs = ["--date", date[0]] if date else []
    c = check(site, *cargs) if not date else check_at(site, date[0])
    b = build_at(site, date[0], *bargs) if date else build(site, *bargs)
    gk120 = [ln for ln in (b.stdout + b.stderr).splitlines() if "GK120" in ln]
    print(f"{name + (' (first)' if first else ''):22} before {before} check rc {c.returncode} {'GK120' in codes(c)} "
          f"build rc {b.returncode} {codes(b)} after {pages(site)} | {(gk120[0][:160] if gk120 else '')}", flush=True)


def check_at(site, date):
    from r33_common import gk
    return gk("check", "--site", str(site), "--date", date)


def build_at(site, date, *extra):
    from r33_common import gk
    return gk("build", "--site", str(site), "--date", date, "-j", "1", *extra)


def main():
    args = sys.argv[1:] or list(CASES)
    if args == ["flags"]:
        return extra_checks()
    for n in args:
        run(n.removesuffix(":first"), first=n.endswith(":first"))


def extra_checks():
    """check --allow-drop after an intentional withdrawal; check --changed in a git repository."""
    from r33_common import gk
    site = demo("drop-checkflags")
    assert build(site).returncode == 0
    subprocess.run(["git", "init", "-q"], cwd=site)
    subprocess.run(["git", "add", "-A"], cwd=site)
    subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "x"], cwd=site)
    rm_docs(30)(site)
    for args in (("--allow-drop",), ("--allow-empty",), ("--changed",), ("--changed", "--allow-drop")):
        c = gk("check", "--site", str(site), "--date", DATE, *args)
        last = (c.stdout + c.stderr).strip().splitlines()[-1][:120]
        print(f"check {' '.join(args):24} rc {c.returncode} {codes(c)} | {last}", flush=True)
    b = build(site, "--allow-drop")
    c = gk("check", "--site", str(site), "--date", DATE)
    print(f"after build --allow-drop rc {b.returncode} pages {pages(site)}; check rc {c.returncode} {codes(c)}", flush=True)


if __name__ == "__main__":
    main()
