"""Input changes a no-op `gkssg build` (the build stamp's survey) must notice; each: build, change, plain build
vs `build --clean --out OTHER`.

    PYTHONPATH=$PWD python scripts/attacks/r22_stamp.py [CASE …]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("H21", "/tmp/h22")
from r21_common import build, compare, excerpt, generate, say  # noqa: E402

Y = "content/ysgz/2026"


def change(site, case):
    d = site / Y
    if case == "same-size-mtime-back":  # same length, mtime put back (touch -r)
        p = d / "00002.md"
        st = os.stat(p)
        t = p.read_text(encoding="utf-8")
        i = t.rindex("。")
        p.write_text(t[:i - 1] + ("甲" if t[i - 1] != "甲" else "乙") + t[i:], encoding="utf-8")
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif case == "folder-swap":  # two year folders of two columns exchanged by renames
        a, b = site / "content/ysgz/2026", site / "content/ysfgw/2026"
        os.rename(a, site / "content/swap-tmp")
        os.rename(b, a)
        os.rename(site / "content/swap-tmp", b)
    elif case == "new-symlink":  # a symlink to an existing document under another name (a duplicate)
        os.symlink("00002.md", d / "09999.md")
    elif case == "file-to-folder":  # a document replaced by a folder of the same name
        (d / "00003.md").unlink()
        (d / "00003.md").mkdir()
        (d / "00003.md" / "x.md").write_text((d / "00002.md").read_text(encoding="utf-8"), encoding="utf-8")
    elif case == "hidden-rename":  # a column folder renamed to a dot name (the loader skips it)
        os.rename(site / "content/ysfgw", site / "content/.ysfgw")


if __name__ == "__main__":
    for case in sys.argv[1:] or ["same-size-mtime-back", "folder-swap", "new-symlink", "file-to-folder", "hidden-rename"]:
        site = generate("stamp-" + case)
        rc, out = build(site)
        assert rc == 0, out
        rc, out = build(site)  # a no-op: the stamp is in place
        change(site, case)
        verdict, rc, out, _, differ = compare(site)
        say(f"{case}\t{verdict}\t{excerpt(out[-70:], 70)}")
