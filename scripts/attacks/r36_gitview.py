"""Round 36, row 2: edits git does not see, so that check --changed judges GK120 from stale fact-index rows.

gitview.refuse_unfaithful falls back for core.ignorecase and clean filters / ident; the index's blob ids are compared
with `git ls-tree REV`, so an edit that `git diff` does not list is read from the index as it was. Here: git's stat
shortcut (core.trustctime=false or core.checkStat=minimal, an in-place edit of the same size with its mtime kept, as
`cp -p` / `rsync --inplace -t` / `touch -r` leave it), and a core.fsmonitor hook that reports nothing. Also the
cases gitview does handle (assume-unchanged, skip-worktree, ignored documents edited or deleted), as controls."""
from __future__ import annotations

import os
import stat
import sys

from r36_common import committed, git, set_field, standard, verdict


def same_size_future(site, keep_mtime=True):
    """14 qj documents future-dated in place (2024-03-xx → 2027-03-xx: the same length), mtime kept."""
    for path in sorted((site / "content/qj").glob("*.md")):
        st = path.stat()
        text = path.read_text(encoding="utf-8").replace("发布日期: 2024-", "发布日期: 2027-")
        with open(path, "r+b") as f:  # in place: the same inode
            f.write(text.encode("utf-8"))
        if keep_mtime:
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def main() -> int:
    broken = 0
    for label, config in (("core.trustctime=false", ("core.trustctime", "false")),
                          ("core.checkStat=minimal", ("core.checkStat", "minimal")),
                          ("default git config (control)", None)):
        site = committed(f"gitview-{config[0] if config else 'default'}", standard())
        if config:
            git(site, "config", *config)
        git(site, "update-index", "--refresh")
        same_size_future(site)
        broken += verdict(f"{label}: 14 of 18 future-dated in place, same size, mtime kept", site)["state"] == "BROKEN"

    site = committed("gitview-fsmonitor", standard())
    hook = site / ".git/fsmonitor-none"
    hook.write_text("#!/bin/sh\nprintf '%s\\0' \"$(date +%s)000000000\"\n", encoding="utf-8")  # v2: a token, no paths
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    git(site, "config", "core.fsmonitor", str(hook))
    git(site, "config", "core.fsmonitorHookVersion", "2")
    git(site, "update-index", "--refresh")
    git(site, "status", "--porcelain")  # the index learns the token, entries marked valid
    same_size_future(site, keep_mtime=False)
    broken += verdict("core.fsmonitor hook reporting no change: 14 of 18 future-dated", site)["state"] == "BROKEN"

    for how in ("--assume-unchanged", "--skip-worktree"):
        site = committed(f"gitview-{how.strip('-')}", standard())
        qj = sorted((site / "content/qj").glob("*.md"))
        git(site, "update-index", how, *[str(p.relative_to(site)) for p in qj])
        for path in qj:
            set_field(path, "发布日期", "2027-03-01")
        broken += verdict(f"git update-index {how} on 14 qj documents, then future-dated", site)["state"] == "BROKEN"

    site = committed("gitview-ignored", standard(), ignore="public/\n.gkssg/\ncontent/qj/\n")
    # qj/ ignored but read by the loader: re-index first (the commit left qj out of git)
    for path in sorted((site / "content/qj").glob("*.md")):
        path.unlink()
    broken += verdict("qj/ ignored by .gitignore (never in git), its 14 documents deleted", site)["state"] == "BROKEN"
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
