"""Round 28, target 3: the safety state named relative to content/. Folder swaps, other spellings of --site,
a moved site folder, content/ replaced by a time-preserving copy, another site's .gkssg copied in: after
each step (2.3 s apart) `gkssg check --format json` with the cache must equal the check with .gkssg moved
aside, and the build's rc the clean build's."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

from r28_common import WORK, attack_sites, build, clean_build, gk, settle

DOC = "content/ysq/2025-90014.md"


def findings(site, spelled=None, cwd=None):
    r = gk("check", "--site", spelled or str(site), "--date", "2026-12-07", "--format", "json", cwd=cwd)
    try:
        data = json.loads(r.stdout)
    except ValueError:
        return r.returncode, r.stdout[-300:] + r.stderr[-300:]
    items = data.get("findings", data) if isinstance(data, dict) else data
    return r.returncode, sorted(json.dumps(i, ensure_ascii=False, sort_keys=True) for i in items)


def compare(site, label, spelled=None, cwd=None):
    settle()
    cached = findings(site, spelled, cwd)
    cache = site / ".gkssg"
    aside = site.parent / (site.name + ".aside")
    cache.rename(aside)
    try:
        empty = findings(site, spelled, cwd)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        aside.rename(cache)
    same = cached == empty
    b = build(site)
    c = clean_build(site, WORK / (site.name + "-clean"))
    gk724 = [f for f in (empty[1] if isinstance(empty[1], list) else []) if "GK724" in f or "GK70" in f]
    print(f"{label:40} check same={same} rc {cached[0]}/{empty[0]}; build rc {b.returncode}/clean {c.returncode}; "
          f"GK7xx {len(gk724)}", flush=True)
    if not same:
        a, e = cached[1], empty[1]
        print("   cached only:", [x for x in a if x not in e][:3])
        print("   empty only:", [x for x in e if x not in a][:3])
    return same


def make(name):
    site = attack_sites.demo_copy(WORK, name)
    ysq = site / "content/ysq"
    pdf = (ysq / "files/ysfa.pdf").read_bytes()
    head = b"<html><script>alert(28)</script>"
    for folder, data in (("a", pdf), ("b", head + pdf[len(head):])):
        (ysq / folder).mkdir()
        (ysq / folder / "x.pdf").write_bytes(data)
    md = site / DOC
    md.write_text(md.read_text(encoding="utf-8").replace("files/ysfa.pdf", "a/x.pdf"), encoding="utf-8")
    return site


def swap(p1, p2):
    tmp = p1.with_name(".tmp-swap")
    p1.rename(tmp)
    p2.rename(p1)
    tmp.rename(p2)


site = make("ss1")
compare(site, "0 first")
ysq = site / "content/ysq"
swap(ysq / "a", ysq / "b")
compare(site, "1 a<->b swapped")
swap(ysq / "a", ysq / "b")
compare(site, "2 swapped back")
compare(site, "3 --site . (cwd=site)", ".", cwd=str(site))
swap(ysq / "a", ysq / "b")
compare(site, "4 swapped, --site . ", ".", cwd=str(site))
swap(ysq / "a", ysq / "b")
link = WORK / "ss-link"
if os.path.lexists(link):
    os.unlink(link)
os.symlink(site, link)
compare(site, "5 back, via linked parent", str(link))
# 6 site moved
moved = WORK / "ss1-moved"
shutil.rmtree(moved, ignore_errors=True)
site.rename(moved)
site = moved
compare(site, "6 site folder moved")
# 7 content replaced by a copy preserving times (cp -a), bad file at a/
subprocess.run(["cp", "-a", str(site / "content"), str(site / "content.new")], check=True)
swap(site / "content.new/ysq/a", site / "content.new/ysq/b")
shutil.rmtree(site / "content")
(site / "content.new").rename(site / "content")
compare(site, "7 content/ replaced by cp -a, a<->b")
# 8 two sites, same layout: s2's .gkssg replaced by s1's (s1 good, s2 bad at a/)
s1 = make("ss2a")
compare(s1, "8a site 1")
s2 = make("ss2b")
swap(s2 / "content/ysq/a", s2 / "content/ysq/b")
shutil.rmtree(s2 / ".gkssg", ignore_errors=True)
subprocess.run(["cp", "-a", str(s1 / ".gkssg"), str(s2 / ".gkssg")], check=True)
compare(s2, "8b site 2 with site 1's .gkssg")
# 9 site 1 deleted, site 2 renamed to site 1's name (same path, same layout, its own files bad), s1's cache
shutil.copytree(s1 / ".gkssg", WORK / "ss2a-cache", dirs_exist_ok=True, symlinks=True)
shutil.rmtree(s1)
s2.rename(s1)
shutil.rmtree(s1 / ".gkssg")
subprocess.run(["cp", "-a", str(WORK / "ss2a-cache"), str(s1 / ".gkssg")], check=True)
compare(s1, "9 other site at the same path, old cache")
