"""Round 29, target 3 (extension): `check --changed` refuses a symlinked content/ (git sees no change under
it); a symlinked folder *inside* content/ (content/ysq -> ../ysq-real, outside the repository) has the same
blindness. A document in it made wrong after the commit: does `check --changed` pass what `check` refuses?"""
from __future__ import annotations

import os
import shutil
import subprocess

from r29_common import WORK, attack_sites, check, gk, settle, tail

site = attack_sites.demo_copy(WORK, "chsub")
real = WORK / "chsub-ysq-real"
shutil.rmtree(real, ignore_errors=True)
shutil.move(site / "content/ysq", real)
os.symlink(os.path.relpath(real, site / "content"), site / "content/ysq")
git = ["git", "-C", str(site), "-c", "user.email=a@b", "-c", "user.name=a"]
subprocess.run(git + ["init", "-q"], check=True)
subprocess.run(git + ["add", "-A"], check=True)
subprocess.run(git + ["commit", "-qm", "base"], check=True)
print("check (committed):", check(site).returncode)
print("check --changed (nothing changed):", gk("check", "--site", str(site), "--date", "2026-12-07", "--changed").returncode)
settle()
md = real / "2025-90023.md"
md.write_text(md.read_text(encoding="utf-8").replace("索引号: ZBJG0003/2025-90023", "索引号: ZBJG0003/2021-90001"),
              encoding="utf-8")  # a duplicate 索引号 (GK305-like error)
full = check(site)
print("check after the edit behind the link:", full.returncode, tail(full, 120).splitlines()[-1])
ch = gk("check", "--site", str(site), "--date", "2026-12-07", "--changed")
print("check --changed after the edit:", ch.returncode, tail(ch, 200).splitlines()[-1])
