"""Round 34: leftovers. (1) check --changed with a body link to a hidden file (GK728), the demo in git;
(2) `.gkssg` replaced by a file, then a user's upload in public/ and a withdrawn page: GK059?"""
from __future__ import annotations

import shutil
import subprocess

from r33_common import DATE, build, codes, demo, gk, line
from r34_hidden import seed


def main():
    site = demo("misc-changed")
    seed(site / "content/ysq")
    subprocess.run(["git", "init", "-q"], cwd=site)
    subprocess.run(["git", "add", "-A"], cwd=site)
    subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "x"], cwd=site)
    md = site / "content/ysq/2025-90023.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n\n[x](.drafts/secret.pdf)\n", encoding="utf-8")
    c = gk("check", "--site", str(site), "--date", DATE, "--changed")
    print("check --changed, hidden link:", c.returncode, codes(c), flush=True)

    site = demo("misc-cachefile")
    assert build(site).returncode == 0
    shutil.rmtree(site / ".gkssg")
    (site / ".gkssg").write_text("not a folder")
    (site / "content/ysq/2025-90010.md").unlink()
    (site / "public/uploads").mkdir()
    (site / "public/uploads/a.pdf").write_bytes(b"USER")
    b = build(site)
    print(line(".gkssg a file", b)[:200], "| kept", (site / "public/uploads/a.pdf").exists(), flush=True)


def out_elsewhere():
    """(3) the site deploys with --out www (as GK051's message advises): check reads only public/."""
    from r34_drop import rm_docs
    site = demo("misc-outwww")
    assert build(site, "--out", str(site / "www")).returncode == 0
    rm_docs(30)(site)
    c = gk("check", "--site", str(site), "--date", DATE)
    b = build(site, "--out", str(site / "www"))
    print("check (out elsewhere):", c.returncode, "GK120" in codes(c), "| build --out www:", b.returncode, codes(b), flush=True)


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["out"]:
        out_elsewhere()
        raise SystemExit
    main()
