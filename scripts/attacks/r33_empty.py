"""Round 33, A: GK120 through the one-edit fast path, --out, --clean, check --changed, symlinks, case."""
from __future__ import annotations

import shutil
import subprocess
import sys

from r33_common import DATE, build, check, demo, docs_of, gk, line, pages


def keep_one(site):
    keep = site / "content/ydz/2024-90001.md"
    for p in docs_of(site):
        if p != keep:
            p.unlink()
    return keep


def fast_delete_last():
    """Full demo built; all but one document deleted, built (1 page); the last deleted: the one-edit path?"""
    site = demo("fast-last")
    print(line("first", build(site)), pages(site))
    keep = keep_one(site)
    print(line("one left", build(site)), pages(site))
    keep.unlink()
    print(line("check", check(site)))
    r = build(site, "-v")
    print(line("last deleted", r), pages(site))
    print("   fast?", [x for x in (r.stdout + r.stderr).splitlines() if "快速" in x][:3])


def fast_withhold_last():
    site = demo("fast-withhold")
    print(line("first", build(site)), pages(site))
    keep = keep_one(site)
    print(line("one left", build(site)), pages(site))
    text = keep.read_text(encoding="utf-8")
    keep.write_text(text.replace("公开属性: 主动公开", "公开属性: 不予公开"), encoding="utf-8")
    r = build(site, "-v")
    print(line("last withheld", r), pages(site))


def fast_future_last():
    site = demo("fast-future")
    print(line("first", build(site)), pages(site))
    keep = keep_one(site)
    print(line("one left", build(site)), pages(site))
    import re
    text = keep.read_text(encoding="utf-8")
    keep.write_text(re.sub(r"^发布日期:.*$", "发布日期: 2030-01-01", text, count=1, flags=re.M), encoding="utf-8")
    r = build(site, "-v")
    print(line("last future", r), pages(site))



def nearly_empty_date():
    """--date one day after the oldest 发布日期: the site shrinks from 46 pages to a handful, rc 0."""
    site = demo("nearly-date")
    print(line("first", build(site)), pages(site))
    for d in ("2000-01-01", "2015-01-01", "2019-06-28", "2019-07-01", "2020-01-01"):
        r = gk("build", "--site", str(site), "--date", d, "-j", "1")
        print(line(f"--date {d}", r), pages(site))
        build(site)


def allow_empty_docs_listing():
    """What an --allow-empty build leaves in docs/ (document_pages counts docs/*.html)."""
    site = demo("allow-listing")
    print(line("first", build(site)), pages(site))
    shutil.rmtree(site / "content")
    (site / "content").mkdir()
    print(line("allow-empty", build(site, "--allow-empty")), pages(site))
    print("   docs/:", sorted(p.name for p in (site / "public/docs").iterdir())[:5] if (site / "public/docs").is_dir() else None)
    print(line("bundle --no-build", gk("bundle", "--site", str(site), "--no-build")))


def submodule_fresh_clone():
    """A site repository whose content/ is a git submodule, cloned without --recurse-submodules: build rc?"""
    from r33_common import WORK
    base = WORK / "sub"
    if base.exists():
        shutil.rmtree(base)
    base.mkdir()
    env = {"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@b",
           "PATH": "/usr/bin:/bin", "HOME": str(base)}

    def git(cwd, *a):
        return subprocess.run(["git", "-c", "protocol.file.allow=always", *a], cwd=cwd, capture_output=True, text=True, env=env)
    site = demo("sub-src")
    shutil.copytree(site / "content", base / "content-repo")
    git(base / "content-repo", "init", "-q"); git(base / "content-repo", "add", "-A"); git(base / "content-repo", "commit", "-qm", "c")
    (base / "site").mkdir()
    shutil.copy(site / "catalog.yaml", base / "site/catalog.yaml")
    shutil.copytree(site / "themes", base / "site/themes")
    git(base / "site", "init", "-q")
    print("   submodule add:", git(base / "site", "submodule", "add", "-q", str(base / "content-repo"), "content").returncode)
    git(base / "site", "add", "-A"); print("   commit", git(base / "site", "commit", "-qm", "s").returncode)
    print("   clone:", git(base, "clone", "-q", str(base / "site"), "clone").returncode)
    clone = base / "clone"
    print("   content/ in clone:", sorted(p.name for p in (clone / "content").iterdir()), (clone / ".gitmodules").is_file())
    print(line("check (fresh clone)", check(clone)))
    print(line("build (fresh clone)", build(clone)), pages(clone))
    print(line("build --clean (fresh clone)", build(clone, "--clean")), pages(clone))
    print(line("bundle (fresh clone)", gk("bundle", "--site", str(clone), "--date", DATE)))
    git(clone, "submodule", "update", "--init", "-q")
    print(line("build after submodule update", build(clone)), pages(clone))
    shutil.rmtree(clone / "content")
    (clone / "content").mkdir()
    print(line("deinit-like (content/ emptied) build", build(clone)), pages(clone))
    print(line("  --clean", build(clone, "--clean")), pages(clone))
    print(line("  check --changed", gk("check", "--site", str(clone), "--date", DATE, "--changed")))


def case_folders():
    """content/ renamed Content/ (a case-insensitive copy), and an agency folder case-changed."""
    site = demo("case")
    print(line("first", build(site)), pages(site))
    (site / "content").rename(site / "Content")
    print(line("Content/ build", build(site)), pages(site))
    (site / "Content").rename(site / "content")
    (site / "content/ysq").rename(site / "content/YSQ")
    print(line("content/YSQ build", build(site)), pages(site))


def symlinked_content():
    site = demo("symc")
    print(line("first", build(site)), pages(site))
    real = site.parent / "symc-real"
    if real.exists():
        shutil.rmtree(real)
    (site / "content").rename(real)
    (site / "content").symlink_to(real)
    print(line("content -> real", build(site)), pages(site))
    empty = site.parent / "symc-empty"
    empty.mkdir(exist_ok=True)
    (site / "content").unlink(); (site / "content").symlink_to(empty)
    print(line("content -> empty dir", build(site)), pages(site))
    print(line("  check", check(site)))
    (site / "content").unlink(); (site / "content").symlink_to(site.parent / "symc-nowhere")
    print(line("content -> nowhere", build(site)), pages(site))
    (site / "content").unlink(); (site / "content").symlink_to(real)
    print(line("back", build(site)), pages(site))



def agency_unmounted():
    """content/ysq is an empty mount point (the agency's share not mounted): 37 of 46 documents go, rc 0?"""
    site = demo("agency-unmounted")
    print(line("first", build(site)), pages(site))
    shutil.rmtree(site / "content/ysq")
    (site / "content/ysq").mkdir()
    print(line("check", check(site)))
    print(line("content/ysq empty", build(site)), pages(site))



def check_vs_out():
    """A site deployed with `build --out /srv/...` (no public/): content/ emptied; check (looks at public/) vs build."""
    from r33_common import WORK
    site = demo("check-out")
    out = WORK / "check-out-srv"
    shutil.rmtree(out, ignore_errors=True)
    print(line("first --out", build(site, "--out", str(out))), pages(site, out))
    shutil.rmtree(site / "content")
    (site / "content").mkdir()
    print(line("check", check(site)))
    print(line("build --out", build(site, "--out", str(out))), pages(site, out))


if __name__ == "__main__":
    for name in sys.argv[1:] or ["fast_delete_last", "fast_withhold_last", "fast_future_last"]:
        print("==", name)
        globals()[name]()
