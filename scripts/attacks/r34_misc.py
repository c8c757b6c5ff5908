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


def allow_drop_hides_gk019():
    """(4) --allow-drop for an intended withdrawal while another agency's folder is gone (GK019): said?"""
    import shutil as sh

    from r34_drop import rm_docs
    for label, withdraw in (("folder gone only", 0), ("folder gone + 30 withdrawn", 30)):
        site = demo(f"misc-gk019-{withdraw}")
        assert build(site).returncode == 0
        sh.rmtree(site / "content/cqszfbgt")
        if withdraw:
            rm_docs(withdraw)(site)
        for args in ((), ("--allow-drop",), ("--allow-empty",)):
            b = build(site, *args)
            print(f"{label:28} build {' '.join(args):14} rc {b.returncode} {codes(b)}", flush=True)
            if b.returncode == 0:
                break


def changed_submodule():
    """(5) a fresh clone without --recurse-submodules: .gitmodules names content/ysq, the folder is empty, nothing is
    changed since HEAD. `check --changed` vs `check` vs `build`."""
    import shutil as sh
    site = demo("misc-subchanged")
    sh.rmtree(site / "content/ysq")
    (site / "content/ysq").mkdir()
    (site / ".gitmodules").write_text('[submodule "ysq"]\n\tpath = content/ysq\n\turl = https://example.org/ysq.git\n')
    subprocess.run(["git", "init", "-q"], cwd=site)
    subprocess.run(["git", "add", "-A"], cwd=site)
    subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "x"], cwd=site)
    for args in (("--changed",), ()):
        c = gk("check", "--site", str(site), "--date", DATE, *args)
        print(f"check {' '.join(args):10} rc {c.returncode} {'GK120' in codes(c)} {codes(c)[:6]}", flush=True)
    b = build(site)
    print(f"build rc {b.returncode} {codes(b)[:6]}", flush=True)


def changed_deleted():
    """(6) as r34_drop.py flags, but the 30 documents deleted (a folder unmounted, files removed) rather than
    future-dated: does `check --changed` see the drop?"""
    from r34_drop import docs_of
    site = demo("misc-chdel")
    assert build(site).returncode == 0
    subprocess.run(["git", "init", "-q"], cwd=site)
    subprocess.run(["git", "add", "-A"], cwd=site)
    subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "x"], cwd=site)
    import shutil as sh
    sh.rmtree(site / "content/ysq")
    (site / "content/ysq").mkdir()  # an empty mount point
    print("docs left", len(docs_of(site)), flush=True)
    for args in (("--changed",), ()):
        c = gk("check", "--site", str(site), "--date", DATE, *args)
        print(f"check {' '.join(args):10} rc {c.returncode} GK120 {'GK120' in codes(c)} {codes(c)[:8]}", flush=True)
    b = build(site)
    print(f"build rc {b.returncode} {codes(b)[:6]}", flush=True)


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["out"]:
        out_elsewhere()
        raise SystemExit
    if sys.argv[1:] == ["gk019"]:
        allow_drop_hides_gk019()
        raise SystemExit
    if sys.argv[1:] == ["subchanged"]:
        changed_submodule()
        raise SystemExit
    if sys.argv[1:] == ["chdel"]:
        changed_deleted()
        raise SystemExit
    main()
