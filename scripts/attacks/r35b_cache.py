"""Round 35b: the check cache and the link reading. Each step edits the demo and runs `check` (cache kept);
prints the GK7xx codes found against what a check without the cache (a copy, .gkssg removed) finds."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
import r35b_common as c  # noqa: E402

OLD = Path("/tmp/h35b/old")


def gk7(p):
    return [x for x in c.codes(p) if x.startswith("GK7")]


def fresh_codes(site, *extra):
    copy = site.parent / (site.name + "-fresh")
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".gkssg", "public"), symlinks=True)
    return gk7(c.check(copy, *extra))


def step(site, label, *extra, repo=c.REPO):
    got = gk7(c.check(site, *extra, repo=repo))
    want = fresh_codes(site, *extra)
    print(f"{label:48} cached {got} fresh {want} {'STALE' if got != want else 'same'}", flush=True)


def git(site, *args):
    subprocess.run(["git", *args], cwd=site, check=True, capture_output=True)


def main():
    site = c.demo("cache")
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x")
    p = c.append_body(site, "见[附件](ysfa.pdf)。")
    step(site, "1 link to an existing file")
    p.write_text(p.read_text(encoding="utf-8").replace("(ysfa.pdf)", "(缺少.pdf)"), encoding="utf-8")
    step(site, "2 the target edited to a missing file")
    (site / "content/qjqzf/缺少.pdf").write_bytes(b"%PDF-1.4\n")
    step(site, "3 the file uploaded")
    (site / "content/qjqzf/缺少.pdf").unlink()
    step(site, "4 the file removed again")
    p.write_text(p.read_text(encoding="utf-8").replace("(缺少.pdf)", "(ysfa.pdf)\n\n<!--> <a href=\"http://192.0.2.3/\">x</a> -->"), encoding="utf-8")
    step(site, "5 ipv4 behind <!-->")
    p.write_text(p.read_text(encoding="utf-8").replace("<!-->", "<!-- >"), encoding="utf-8")
    step(site, "6 the same in a real comment")
    p.write_text(p.read_text(encoding="utf-8").replace("<!-- >", "<p>"), encoding="utf-8")
    step(site, "7 the comment opened: a link")
    step(site, "8 check --changed", "--changed")
    p.write_text(p.read_text(encoding="utf-8").replace("192.0.2.3", "192.0.2.4"), encoding="utf-8")
    step(site, "9 host edited, check --changed", "--changed")
    # code upgrade: the old code fills the cache, the new one reads it
    p.write_text(p.read_text(encoding="utf-8") + "\n\n`http://192.0.2.5/` 是代码示例。\n", encoding="utf-8")
    got_old = gk7(c.check(site, repo=OLD))
    print("10 old code's check (code span IPv4):", got_old)
    step(site, "11 new code after the old filled .gkssg")
    step(site, "12 new code check --changed after the old", "--changed")


if __name__ == "__main__":
    main()
