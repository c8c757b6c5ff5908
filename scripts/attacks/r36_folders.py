"""Round 36, row 8: deleted, renamed and hidden documents and folders under check --changed's GK120: an agency's
declared folder removed (GK019), emptied under a .gitmodules entry (the submodule form of GK120), content/ a symlink,
documents moved into a hidden folder, renamed to .MD, replaced by folders or symlinks, git mv keeping the 索引号,
a deletion already committed (--changed HEAD~1), a nested repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from r36_common import committed, git, run, standard, verdict


def qj(site):
    return sorted((site / "content/qj").glob("*.md"))


def main() -> int:
    broken = 0
    site = committed("fold-rmdir", standard())
    shutil.rmtree(site / "content/qj")
    broken += verdict("content/qj/ removed (declared in catalog.yaml: GK019)", site)["state"] == "BROKEN"

    for count in (14, 2):
        site = committed(f"fold-submodule-{count}", standard())
        (site / ".gitmodules").write_text('[submodule "qj"]\n\tpath = content/qj\n\turl = https://example.org/qj.git\n',
                                          encoding="utf-8")
        for path in qj(site)[:count]:
            path.unlink()
        if count == 2:
            for path in qj(site):
                path.unlink()  # the folder empty, but only because the files were removed
            site_docs = "all 14"
        else:
            site_docs = "14"
        broken += verdict(f".gitmodules names content/qj, {site_docs} of its documents removed (run {count})", site
                          )["state"] == "BROKEN"

    site = committed("fold-content-link", standard())
    shutil.move(site / "content", site.parent / "content-real")
    os.symlink(site.parent / "content-real", site / "content")
    a = run("check", "--site", str(site), "--date", "2026-11-01", "--changed")
    b = run("check", "--site", str(site), "--date", "2026-11-01")
    ok = a.returncode != 0 and "Traceback" not in a.stderr
    print(f"[{'holds' if ok else 'BROKEN'}] content/ a symlink: --changed rc={a.returncode} {a.stderr.strip()[-90:]!r}; "
          f"check rc={b.returncode}")
    broken += not ok

    site = committed("fold-hidden", standard())
    (site / "content/qj/.old").mkdir()
    for path in qj(site):
        path.rename(site / "content/qj/.old" / path.name)
    broken += verdict("14 qj documents moved into content/qj/.old/ (not read)", site)["state"] == "BROKEN"

    site = committed("fold-upper-md", standard())
    for path in qj(site):
        path.rename(path.with_suffix(".MD"))
    broken += verdict("14 qj documents renamed *.md → *.MD (not read)", site)["state"] == "BROKEN"

    site = committed("fold-to-dirs", standard())
    for path in qj(site):
        path.unlink()
        path.mkdir()
    broken += verdict("14 qj documents replaced by folders of the same name", site)["state"] == "BROKEN"

    site = committed("fold-to-links", standard())
    cq = sorted((site / "content/cq").glob("*.md"))
    for n, path in enumerate(qj(site)):
        path.unlink()
        os.symlink(os.path.relpath(cq[n % 4], path.parent), path)
    broken += verdict("14 qj documents replaced by symlinks to cq documents (GK305 duplicates)", site
                      )["state"] == "BROKEN"

    site = committed("fold-gitmv", standard())
    for path in qj(site):
        subprocess.run(["git", "mv", path.name, "x-" + path.name], cwd=path.parent, check=True)
    broken += verdict("14 qj documents git mv'd (索引号 kept: the same pages)", site)["state"] == "BROKEN"

    site = committed("fold-committed", standard())
    for path in qj(site):
        path.unlink()
    git(site, "add", "-A")
    git(site, "commit", "-qm", "qj withdrawn")
    broken += verdict("qj/ emptied and committed; --changed HEAD~1", site, changed=("--changed", "HEAD~1")
                      )["state"] == "BROKEN"

    site = committed("fold-committed-head", standard())
    for path in qj(site):
        path.unlink()
    git(site, "add", "-A")
    git(site, "commit", "-qm", "qj withdrawn")
    broken += verdict("qj/ emptied and committed; --changed (HEAD: nothing changed since)", site)["state"] == "BROKEN"

    site = committed("fold-nested", standard())
    for path in qj(site):
        path.unlink()
    (site / "content/qj/sub").mkdir()
    git(site / "content/qj/sub", "init", "-q")
    broken += verdict("qj/ emptied, a nested git repository in content/qj/sub", site)["state"] == "BROKEN"
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
