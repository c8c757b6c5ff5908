"""Round 29, target 3: content/ a symlink whose target is missing (the other checkout not mounted, renamed,
not cloned yet) on a site whose identity images live outside content/. Expected: the build stops with a
message about content/; never an "empty site" published over the previous output."""
from __future__ import annotations

import os
import shutil

from r29_common import WORK, attack_sites, build, check, tail, tree

site = attack_sites.demo_copy(WORK, "dangling2")
(site / "themes/ids").mkdir(parents=True)
for n in ("gaba-demo.png", "dzjg-demo.png"):
    shutil.copy(site / "content/site-ids" / n, site / "themes/ids" / n)
cat = site / "catalog.yaml"
cat.write_text(cat.read_text(encoding="utf-8").replace("content/site-ids/", "themes/ids/"), encoding="utf-8")
real = WORK / "dangling2-real"
shutil.rmtree(real, ignore_errors=True)
shutil.move(site / "content", real)
os.symlink(real, site / "content")
r = build(site)
print("build with content/ linked:", r.returncode, tail(r, 120).splitlines()[-1])
before = tree(site / "public")
real.rename(real.with_name("dangling2-real.unmounted"))  # the other checkout goes away
c = check(site)
print("check, content/ dangling:", c.returncode, tail(c, 200).splitlines()[-1])
r = build(site)
after = tree(site / "public")
docs = [k for k in after if k.startswith("docs/")]
print(f"build, content/ dangling: rc {r.returncode}; {tail(r, 200).splitlines()[-1]}\n"
      f"  document pages before {len([k for k in before if k.startswith('docs/')])}, after {len(docs)}; "
      f"files before {len(before)}, after {len(after)}")
real.with_name("dangling2-real.unmounted").rename(real)
