"""Round 32, target 1: GK120 (content/ with no document over a built site) and --allow-empty. Each case: a demo
copy under /tmp/h32 built once (46 pages), then content/ changed; check rc + codes, build rc + pages after."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

os.environ.setdefault("H31", "/tmp/h32")
from r31_common import DATE, WORK, attack_sites, build, check, gk, ids_outside, set_field  # noqa: E402


def pages(site, out=None):
    p = (out or site / "public") / "docs"
    return len(list(p.glob("*.html"))) if p.is_dir() else 0


def codes(p):
    return sorted(set(re.findall(r"GK\d{3}", p.stdout + p.stderr)))


def docs_of(site):
    return sorted(p for p in (site / "content").rglob("*.md"))


def case(name, mutate, *bargs, out=None):
    site = attack_sites.demo_copy(WORK, f"empty-{name}")
    ids_outside(site)
    o = [] if out is None else ["--out", str(out)]
    if out is not None and out.exists():
        shutil.rmtree(out)
    r0 = build(site, *o)
    before = pages(site, out)
    mutate(site)
    c = check(site)
    r = build(site, *o, *bargs)
    print(f"{name:28} first rc {r0.returncode} {before} | check rc {c.returncode} {codes(c)} | build rc {r.returncode} "
          f"{codes(r)} -> {pages(site, out)} pages | {(r.stdout + r.stderr).strip().splitlines()[-1][:110] if (r.stdout + r.stderr).strip() else ''}",
          flush=True)
    return site


def unparseable(site):
    for p in docs_of(site):
        p.write_text("not front matter at all\n", encoding="utf-8")


def only_bad_yaml(site):
    for p in docs_of(site):
        p.write_text("---\n标题: [unclosed\n---\n正文\n", encoding="utf-8")


def all_ysq(site):
    for p in docs_of(site):
        set_field(p, "公开属性", "依申请公开")


def all_bygk(site):
    for p in docs_of(site):
        set_field(p, "公开属性", "不予公开")


def all_future(site):
    for p in docs_of(site):
        set_field(p, "发布日期", "2027-03-01")


def one_left(site):
    keep = site / "content/ysq/2021-90001.md"
    for p in docs_of(site):
        if p != keep:
            p.unlink()


def one_withheld_left(site):
    one_left(site)
    set_field(site / "content/ysq/2021-90001.md", "公开属性", "不予公开")


def only_upper_md(site):
    for p in docs_of(site):
        p.rename(p.with_suffix(".MD"))


def hidden_only(site):
    for p in docs_of(site):
        d = p.parent / ".drafts"
        d.mkdir(exist_ok=True)
        p.rename(d / p.name)


def empty(site):
    shutil.rmtree(site / "content")
    (site / "content").mkdir()


def readme_only(site):
    empty(site)
    (site / "content/README.md").write_text("# 内容\n", encoding="utf-8")


def agency_gone(site):
    shutil.rmtree(site / "content/ysq")


def docs_emptied_by_hand(site):
    empty(site)
    for p in (site / "public/docs").glob("*.html"):
        p.unlink()


def docs_renamed(site):
    empty(site)
    (site / "public/docs").rename(site / "public/docs.old")


def changed(site):
    """check --changed in a git repository whose content/ was emptied (committed and uncommitted)."""
    def git(*a):
        return subprocess.run(["git", "-C", str(site), *a], capture_output=True, text=True)
    git("init", "-q"); git("add", "-A"); git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x")
    empty(site)
    c = gk("check", "--site", str(site), "--date", DATE, "--changed")
    print(f"   check --changed (worktree emptied): rc {c.returncode} {codes(c)}")
    git("add", "-A"); git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "y")
    c = gk("check", "--site", str(site), "--date", DATE, "--changed", "HEAD~1")
    print(f"   check --changed HEAD~1 (commit empties it): rc {c.returncode} {codes(c)}")


if __name__ == "__main__":
    which = set(sys.argv[1:])
    cases = [("changed", changed, ()), ("empty", empty, ()), ("readme_only", readme_only, ()), ("unparseable", unparseable, ()),
             ("bad_yaml", only_bad_yaml, ()), ("all_ysq", all_ysq, ()), ("all_bygk", all_bygk, ()),
             ("all_future", all_future, ()), ("one_left", one_left, ()), ("one_withheld_left", one_withheld_left, ()),
             ("upper_md", only_upper_md, ()), ("hidden_only", hidden_only, ()), ("agency_gone", agency_gone, ()),
             ("docs_emptied_by_hand", docs_emptied_by_hand, ()), ("docs_renamed", docs_renamed, ()),
             ("allow_empty", empty, ("--allow-empty",))]
    for name, fn, extra in cases:
        if not which or name in which:
            case(name, fn, *extra)
    if not which or "out_elsewhere" in which:
        case("out_elsewhere", empty, out=WORK / "out-elsewhere")
