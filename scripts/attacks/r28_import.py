"""Round 28, target 6: `gkssg report import FILE --site SITE` with FILE looked up under the site folder too:
traversal, absolute paths, symlinks out of the site, files outside content/, catalog.yaml, a shadowing file in
the working directory. Nothing outside the site may be written; messages in Chinese."""
from __future__ import annotations

import hashlib
import os
import shutil

from r28_common import WORK, attack_sites, gk

site = attack_sites.demo_copy(WORK, "imp")
other = attack_sites.demo_copy(WORK, "imp-other")
outside = WORK / "imp-outside.md"
shutil.copy(site / "content/cqszfbgt/2020-11304.md", outside)
os.symlink(outside, site / "content/cqszfbgt/evil.md")
shutil.copy(site / "content/cqszfbgt/2020-11304.md", site / "notes.md")
os.symlink("../../notes.md", site / "content/cqszfbgt/tonotes.md")
os.symlink("2020-11304.md", site / "content/cqszfbgt/alias.md")
(WORK / "imp-cwd/content/cqszfbgt").mkdir(parents=True, exist_ok=True)


def digest_all():
    out = {}
    for root in (site, other, WORK / "imp-cwd"):
        for p in root.rglob("*"):
            if p.is_file() and ".gkssg" not in p.parts and "public" not in p.parts:
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    out[str(outside)] = hashlib.sha256(outside.read_bytes()).hexdigest()
    return out


CASES = [
    ("../imp/content/cqszfbgt/2020-11304.md", str(WORK / "imp-other")),
    ("content/../../imp-other/content/cqszfbgt/2020-11304.md", str(site)),
    (str(outside), str(site)),
    ("content/cqszfbgt/evil.md", str(site)),
    ("content/cqszfbgt/tonotes.md", str(site)),
    ("content/cqszfbgt/alias.md", str(site)),
    ("notes.md", str(site)),
    ("catalog.yaml", str(site)),
    ("../imp-outside.md", str(site)),
    ("/etc/passwd", str(site)),
    ("content/cqszfbgt", str(site)),
    ("content/cqszfbgt/2020-11304.md", str(site)),
]
for file, site_dir in CASES:
    before = digest_all()
    r = gk("report", "import", file, "--site", site_dir, cwd=str(WORK / "imp-cwd"))
    after = digest_all()
    changed = [k for k in after if before.get(k) != after[k]]
    msg = (r.stdout + r.stderr).strip().splitlines()
    print(f"{file!r:60} rc {r.returncode}; wrote {changed}; {msg[-1][:140] if msg else ''}", flush=True)
# a file of the same name in the working directory shadows the site's
shutil.copy(site / "content/cqszfbgt/2020-11304.md", WORK / "imp-cwd/content/cqszfbgt/2020-11304.md")
before = digest_all()
r = gk("report", "import", "content/cqszfbgt/2020-11304.md", "--site", str(other), cwd=str(WORK / "imp-cwd"))
after = digest_all()
print("shadowed by cwd:", r.returncode, [k for k in after if before.get(k) != after[k]], (r.stdout + r.stderr).strip()[-160:])
