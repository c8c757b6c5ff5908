"""Round 34, B: GK059 without the cache. Each case: build the demo, then damage .gkssg/ and/or the marker, put a
file gkssg did not write into public/, change the content so the build differs, build again; did the user's
file survive with its bytes? Prints one line a case."""
from __future__ import annotations

import base64
import os
import shutil
import sys
import zlib

from r33_common import build, demo, line

MARK = b"USERFILE-r34"
MARKER = ".gkssg-output"


def files_line(pub):
    for ln in (pub / MARKER).read_bytes().splitlines():
        if ln.startswith(b"files "):
            return set(zlib.decompress(base64.b64decode(ln[6:])).decode().split("\n"))
    return None


def rewrite_marker(pub, edit):
    """Edit the marker's bytes but keep its inode, mtime (so the marker still vouches for the folder)."""
    m = pub / MARKER
    st = m.stat()
    data = m.read_bytes()
    with open(m, "r+b") as f:
        f.seek(0)
        new = edit(data)
        f.write(new)
        f.truncate(len(new))
    os.utime(m, ns=(st.st_atime_ns, st.st_mtime_ns))


def forge(extra):
    def edit(data):
        out = []
        for ln in data.split(b"\n"):
            if ln.startswith(b"files "):
                paths = zlib.decompress(base64.b64decode(ln[6:])).decode().split("\n") + extra
                ln = b"files " + base64.b64encode(zlib.compress("\n".join(paths).encode()))
            out.append(ln)
        return b"\n".join(out)
    return edit


def withdraw(site):
    """A change that removes a page (so a full exchange would drop docs/ZBJG0003-2025-90010.html)."""
    (site / "content/ysq/2025-90010.md").unlink()


def edit_body(site):
    md = site / "content/ysq/2025-90003.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")


def user(pub, rel):
    p = pub / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(MARK + rel.encode())
    return rel


CASES = {}


def case(f):
    CASES[f.__name__] = f
    return f


@case
def nocache_upload(site, pub):
    shutil.rmtree(site / ".gkssg")
    withdraw(site)
    return [user(pub, "uploads/a.pdf"), user(pub, "docs/extra.html")]


@case
def nocache_same_path(site, pub):
    """The operator's own robots-like file at a path gkssg writes again: 404.html replaced by hand."""
    shutil.rmtree(site / ".gkssg")
    edit_body(site)
    (pub / "404.html").write_bytes(MARK + b"404")
    return ["404.html"]


@case
def cache_same_path(site, pub):
    edit_body(site)
    (pub / "404.html").write_bytes(MARK + b"404")
    return ["404.html"]


@case
def cache_same_path_nochange(site, pub):
    (pub / "404.html").write_bytes(MARK + b"404")
    return ["404.html"]


@case
def nocache_marker_truncated(site, pub):
    shutil.rmtree(site / ".gkssg")
    withdraw(site)
    rewrite_marker(pub, lambda d: d[: d.index(b"files ") + 40])
    return [user(pub, "uploads/a.pdf")]


@case
def nocache_marker_nofiles(site, pub):
    shutil.rmtree(site / ".gkssg")
    edit_body(site)
    rewrite_marker(pub, lambda d: d[: d.index(b"files ")])
    return [user(pub, "uploads/a.pdf")]


@case
def nocache_marker_forged(site, pub):
    """A files line that claims the user's file (inode and mtime kept): a deliberate forgery."""
    shutil.rmtree(site / ".gkssg")
    edit_body(site)
    u = user(pub, "uploads/a.pdf")
    rewrite_marker(pub, forge([u]))
    return [u]


@case
def cache_marker_forged(site, pub):
    edit_body(site)
    u = user(pub, "uploads/a.pdf")
    rewrite_marker(pub, forge([u]))
    return [u]


@case
def nocache_user_in_listed_folder_of_old_page(site, pub):
    """The user's file replaces a page gkssg wrote last time and does not write now (withdrawn)."""
    shutil.rmtree(site / ".gkssg")
    withdraw(site)
    (pub / "docs/ZBJG0003-2025-90010.html").write_bytes(MARK + b"page")
    return ["docs/ZBJG0003-2025-90010.html"]


@case
def cache_user_replaces_withdrawn_page(site, pub):
    withdraw(site)
    (pub / "docs/ZBJG0003-2025-90010.html").write_bytes(MARK + b"page")
    return ["docs/ZBJG0003-2025-90010.html"]


@case
def clean_refused(site, pub):
    withdraw(site)
    return [user(pub, "uploads/a.pdf")]


@case
def marker_from_other_output(site, pub):
    other = demo("foreign-other")
    build(other)
    shutil.rmtree(site / ".gkssg")
    withdraw(site)
    shutil.copy2(other / "public" / MARKER, pub / MARKER)
    return [user(pub, "uploads/a.pdf")]


@case
def nocache_marker_forged_late(site, pub):
    """The same forgery 12 s after the build (the marker's ctime then gives it away)."""
    import time
    time.sleep(12)
    return nocache_marker_forged(site, pub)


@case
def cache_damaged(site, pub):
    for p in (site / ".gkssg").rglob("manifest-*"):
        p.write_bytes(p.read_bytes()[:50])
    withdraw(site)
    return [user(pub, "uploads/a.pdf")]


@case
def nocache_symlink_user(site, pub):
    shutil.rmtree(site / ".gkssg")
    withdraw(site)
    os.symlink("/etc/hostname", pub / "hostname")
    return ["hostname"]


def add_doc(site):
    """A new document 2025-90099 (a copy of 2025-90003 with a new 索引号 and 发文字号), so this build writes a page
    it did not write before."""
    src = site / "content/ysq/2025-90003.md"
    t = src.read_text(encoding="utf-8").replace("2025-90003", "2025-90099").replace("〔2025〕4号", "〔2025〕99号")
    (site / "content/ysq/2025-90099.md").write_text(t, encoding="utf-8")


@case
def cache_user_at_new_page(site, pub):
    """The user's file sits where this build writes a new page: with the cache (incremental, in place)."""
    add_doc(site)
    (pub / "docs/ZBJG0003-2025-90099.html").write_bytes(MARK + b"page")
    return ["docs/ZBJG0003-2025-90099.html"]


@case
def nocache_user_at_new_page(site, pub):
    shutil.rmtree(site / ".gkssg")
    add_doc(site)
    (pub / "docs/ZBJG0003-2025-90099.html").write_bytes(MARK + b"page")
    return ["docs/ZBJG0003-2025-90099.html"]


def run(name):
    site = demo(f"foreign-{name}")
    pub = site / "public"
    b0 = build(site)
    assert b0.returncode == 0, b0.stderr
    kept = CASES[name](site, pub)
    extra = ("--clean",) if name == "clean_refused" else ()
    b = build(site, *extra)
    lost = []
    for rel in kept:
        p = pub / rel
        if p.is_symlink():
            continue
        if not p.exists() or not p.read_bytes().startswith(MARK):
            lost.append(rel)
    print(f"{name:42} {line('build', b)[:150]} | lost {lost} {'BROKEN' if lost else ''}", flush=True)
    if name == "clean_refused":
        b2 = build(site)
        print(f"{'  then without --clean':42} {line('build', b2)[:150]}", flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or list(CASES):
        run(n)
