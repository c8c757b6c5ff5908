"""Files planted in the output's spare folder (`.public.spare`, the next build's staging tree), then a build.

    PYTHONPATH=$PWD python scripts/attacks/r22_spare.py [CASE …]
Site: 24 generated documents; build, body edit of 00002.md, build (the old tree is now the spare); the plant;
a body edit of 00003.md; incremental `gkssg build` vs `build --clean --out OTHER` (every file but the marker).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("H21", "/tmp/h22")
from r21_common import build, compare, excerpt, generate, say  # noqa: E402

CASES = ["sub-file", "sub-symlink", "top-file", "sub-replace-inplace", "sub-dir", "delete-sub-file"]


def body(site, rel, text):
    p = site / rel
    p.write_text(p.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def one(case):
    site = generate("spare-" + case)
    rc, out = build(site)
    assert rc == 0, out
    body(site, "content/ysgz/2026/00002.md", "第一次改动R22A。")
    rc, out = build(site)
    assert rc == 0, out
    spare = site / ".public.spare"
    if not spare.is_dir():
        say(f"{case}\tno spare folder: {sorted(p.name for p in site.iterdir())}")
        return
    docs = spare / "docs"
    if case == "sub-file":
        (docs / "r22planted.html").write_text("<p>R22PLANTED</p>", encoding="utf-8")
    elif case == "sub-symlink":
        os.symlink("/etc/hostname", docs / "r22link.html")
    elif case == "top-file":
        (spare / "r22planted.html").write_text("<p>R22PLANTED</p>", encoding="utf-8")
    elif case == "sub-dir":
        (docs / "r22dir").mkdir()
        (docs / "r22dir" / "x.html").write_text("R22PLANTED", encoding="utf-8")
    elif case == "sub-replace-inplace":  # a page that only exists in the spare's copy: replace by a new inode
        victim = next(p for p in sorted(docs.iterdir()) if p.is_file())
        tmp = victim.with_name(victim.name + ".tmp")
        tmp.write_bytes(victim.read_bytes().replace(b"</body>", b"R22PLANTED</body>"))
        os.replace(tmp, victim)
    elif case == "delete-sub-file":
        victim = next(p for p in sorted(docs.iterdir()) if p.is_file())
        victim.unlink()
    body(site, "content/ysgz/2026/00003.md", "第二次改动R22B。")
    rc0, out0 = build(site)
    rc1, out1 = build(site)  # a second plain build, nothing changed: does it notice the output?
    still = [str(p.relative_to(site / "public")) for p in (site / "public").rglob("*") if "r22" in p.name]
    say(f"{case}\tafter the edit's build (rc {rc0}) and a no-op build (rc {rc1}: {excerpt(out1[-50:], 50)}): planted names still in public/: {still}")
    verdict, rc, out, _, differ = compare(site)
    planted = [str(p.relative_to(site / "public")) for p in (site / "public").rglob("*")
               if "r22" in p.name or (p.is_file() and not p.is_symlink() and b"R22PLANTED" in p.read_bytes())]
    say(f"{case}\tbuild rc {rc}\t{verdict}\tplanted in public/: {planted[:4]}\t{excerpt(out[-60:], 60)}")
    verdict2, rc2, out2, _, _ = compare(site)  # a second plain build: does anything notice?
    say(f"{case}\tnext plain build rc {rc2}: {verdict2}\t{excerpt(out2[-60:], 60)}")


if __name__ == "__main__":
    for c in sys.argv[1:] or CASES:
        one(c)
