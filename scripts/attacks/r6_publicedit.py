"""Round 6, target 1: the one-public-body-edit path (build/publicedit.py, render/bodyframe.py, search/oneedit.py).

Each scenario: a 60-document sitegen site (d000011 依申请公开, d000012 dated 2027-03-01), a full
build into www, the attack, the build that takes (or should refuse) the public-edit path, then a
clean build of the same site into a fresh folder; the outputs must be equal and nothing
unpublished may show.

Run: python scripts/attacks/r6_publicedit.py [SCENARIO ...]
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from r6_common import DATE, GEN, REPO, append, build, differ, fresh, grep_tree, said_fast, site, title_of, verdict

DOCUMENT_HTML = (REPO / "themes/default/templates/document.html").read_text(encoding="utf-8")
BODY_LINE = '<div class="doc-body">{{ body | safe_html }}</div>'
assert BODY_LINE in DOCUMENT_HTML
EDITED = GEN + "/d000002.md"
OLD, NEW = "旧段落OLDMARK含有已删除的内容", "新段落NEWMARK"


def theme(s: Path, replacement: str, name: str = "document.html", source: str = DOCUMENT_HTML) -> None:
    folder = s / "themes" / "default" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(source.replace(BODY_LINE, replacement), encoding="utf-8")


def body_edit_compare(name: str, s: Path, out: Path, setup=None) -> bool:
    """Full build with OLD in d000002's body, replace OLD by NEW, build, compare with a clean build."""
    append(s / EDITED, f"\n{OLD}。\n")
    rc, o, e = build(s, out)
    assert rc == 0, (o, e)
    if setup:
        setup()
    p = s / EDITED
    p.write_text(p.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    rc, o, e = build(s, out, DATE, "-v")
    path = said_fast(o, e)
    clean = s.parent / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    rc2, o2, e2 = build(s, clean, DATE, "--clean")
    d = differ(out, clean)
    stale = grep_tree(out, "OLDMARK")
    return verdict(name, rc == rc2 and not d and not stale,
                   f"exit {rc} via {path}; {len(d)} files differ from the clean build {d[:3]}; "
                   f"removed text 'OLDMARK' still in {stale[:3]}",
                   "same output as a clean build; the removed text nowhere (or the path refuses)")


# --- themes the frame check (bodyframe.single_body) accepts but which show the body twice -------------------
def theme_set_block() -> bool:
    """`{% set %}…{% endset %}` captures the body once; the page shows it, and again as plain text (a 读屏/
    适老化 copy, a description). single_body sees one `body`, verbatim, not in a loop: accepted."""
    w = fresh("pe_set_block")
    s = site(w)
    theme(s, '{% set shown %}{{ body | safe_html }}{% endset %}<div class="doc-body">{{ shown }}</div>\n'
             '<div class="read-aloud" hidden>{{ shown | striptags }}</div>')
    return body_edit_compare("theme_set_block", s, w / "www")


def theme_self_block() -> bool:
    """The body in a block of its own, shown again through `self.<block>()` (striptags)."""
    w = fresh("pe_self_block")
    s = site(w)
    theme(s, '{% block docbody %}<div class="doc-body">{{ body | safe_html }}</div>{% endblock %}\n'
             '<div class="read-aloud" hidden>{{ self.docbody() | striptags }}</div>')
    return body_edit_compare("theme_self_block", s, w / "www")


def theme_attr_filter() -> bool:
    """`doc|attr("body")` (the Markdown source, e.g. for a 纯文本 version): _BODY_ATTRIBUTES looks at
    Getattr/Getitem nodes only."""
    w = fresh("pe_attr_filter")
    s = site(w)
    theme(s, BODY_LINE + '\n<pre class="plain-version" hidden>{{ doc | attr("body") }}</pre>')
    return body_edit_compare("theme_attr_filter", s, w / "www")


def theme_dynamic_item() -> bool:
    """`doc["bo" ~ "dy"]`: a Getitem whose key is not a constant."""
    w = fresh("pe_dynamic_item")
    s = site(w)
    theme(s, BODY_LINE + '\n<pre class="plain-version" hidden>{{ doc["bo" ~ "dy"] }}</pre>')
    return body_edit_compare("theme_dynamic_item", s, w / "www")


# --- the search store is the last *rendered* index, not the output's -------------------------------------
def search_store_from_failed_future_build() -> bool:
    """1. build www at DATE. 2. a user file in www (.htaccess). 3. `gkssg build --date 2027-06-01` (a look at the
    site on a later day) fails with GK059 after the render stage: the search store in .gkssg/search is now the
    2027 index (d000012 public), the fact index token and www's last-build record are untouched. 4. the user
    removes the file as told. 5. a public body edit, `gkssg build` at DATE: the public-edit path rebuilds the
    index from the kept 2027 records."""
    w = fresh("pe_store_future")
    s = site(w)
    out = w / "www"
    rc, o, e = build(s, out)
    assert rc == 0, (o, e)
    future_title = title_of(s / GEN / "d000012.md")
    assert not grep_tree(out, future_title)
    (out / ".htaccess").write_text("Options -Indexes\n")
    rc, o, e = build(s, out, "2027-06-01")
    print(f"    step 3 (--date 2027-06-01, user file in www): exit {rc}: {(o + e).strip()[:160]}")
    (out / ".htaccess").unlink()
    append(s / EDITED, "\n补充说明一句。\n")
    rc, o, e = build(s, out, DATE, "-v")
    path = said_fast(o, e)
    leak = grep_tree(out, future_title)
    clean = w / "clean"
    build(s, clean, DATE, "--clean")
    d = differ(out, clean)
    extra = sorted(set(p for p in d if not (clean / p).exists()))
    return verdict("search_store_from_failed_future_build", rc == 0 and not leak and not d,
                   f"exit {rc} via {path}; future d000012's title in {leak[:4]}; {len(d)} files differ from the "
                   f"clean build ({len(extra)} only in www: {extra[:3]})",
                   "the future-dated document nowhere in www; www equal to a clean build at DATE")


def search_store_from_interrupted_future_build() -> bool:
    """As above, without a user file: `gkssg build --date 2027-06-01` into www is interrupted (Ctrl-C, SIGINT)
    once the search index of that day is stored in .gkssg/search (static.idx rewritten), before the output
    changes. Then a public body edit and `gkssg build` at DATE."""
    import signal
    import subprocess
    import time

    from r6_common import ENV, PY
    w = fresh("pe_store_interrupted")
    s = site(w)
    out = w / "www"
    rc, o, e = build(s, out)
    assert rc == 0, (o, e)
    future_title = title_of(s / GEN / "d000012.md")
    idx = s / ".gkssg" / "search" / "static.idx"
    before = idx.stat().st_mtime_ns
    p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(out), "--date",
                          "2027-06-01", "-j1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    sent = False
    while p.poll() is None:
        try:
            if idx.stat().st_mtime_ns != before:
                p.send_signal(signal.SIGINT)
                sent = True
                break
        except FileNotFoundError:
            pass
        time.sleep(0.002)
    o, e = p.communicate()
    print(f"    interrupted build: SIGINT sent {sent}, exit {p.returncode}, www untouched: {not grep_tree(out, future_title)}")
    append(s / EDITED, "\n补充说明一句。\n")
    rc, o, e = build(s, out, DATE, "-v")
    path = said_fast(o, e)
    leak = grep_tree(out, future_title)
    clean = w / "clean"
    build(s, clean, DATE, "--clean")
    d = differ(out, clean)
    return verdict("search_store_from_interrupted_future_build", rc == 0 and not leak and not d,
                   f"exit {rc} via {path}; future d000012's title in {leak[:4]}; {len(d)} files differ from the clean build",
                   "the future-dated document nowhere in www; www equal to a clean build at DATE")


def search_store_after_full_disk() -> bool:
    """The public-edit path updates .gkssg/search (store, records) before its Writer writes. The output
    on a small tmpfs that is full: the public-edit build fails (ENOSPC; the full build it falls back to
    fails as well, GK052), the store is the edited index while www keeps the old one. Space freed, the
    next build takes the public-edit path again and keeps the old index's files the store does not name."""
    import subprocess
    w = fresh("pe_full_disk")
    s = site(w)
    mnt = w / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mnt)]).returncode:
        return verdict("search_store_after_full_disk", True, "cannot mount a tmpfs here: not run", "")
    try:
        out = mnt / "www"
        append(s / EDITED, f"\n{OLD}。\n")
        rc, o, e = build(s, out)
        assert rc == 0, (o, e)
        filler = mnt / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M", "count=100"], capture_output=True)
        p = s / EDITED
        p.write_text(p.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
        rc1, o1, e1 = build(s, out, DATE, "-v")
        filler.unlink()
        rc, o, e = build(s, out, DATE, "-v")
        path = said_fast(o, e)
        clean = w / "clean"
        build(s, clean, DATE, "--clean")
        d = differ(out, clean)
        extra = [x for x in d if not (clean / x).exists()]
        stale = grep_tree(out, "OLDMARK")
        return verdict("search_store_after_full_disk", rc == 0 and not d and not stale,
                       f"full disk: exit {rc1} ({said_fast(o1, e1)}; {(o1 + e1).strip().splitlines()[-1][:90]}); "
                       f"space freed: exit {rc} via {path}; {len(d)} files differ from the clean build, "
                       f"{len(extra)} only in www {extra[:3]}; removed text OLDMARK still in {stale[:3]}",
                       "after the failed build, the next one equals a clean build")
    finally:
        subprocess.run(["umount", "-l", str(mnt)])


def kill9_during_publicedit() -> bool:
    """A public body edit; its build kill -9'd after 0.2 … 2.0 s (each delay once, a new sentence each time);
    after every kill a plain build, compared with a clean build of the same site."""
    import signal
    import subprocess
    import time

    from r6_common import ENV, PY
    w = fresh("pe_kill9")
    s = site(w)
    out = w / "www"
    rc, o, e = build(s, out)
    assert rc == 0, (o, e)
    bad = []
    for n, delay in enumerate([0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5, 2.0]):
        append(s / EDITED, f"\n第{n}次补充KILLMARK{n}。\n")
        p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(out), "--date",
                              DATE, "-j1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        rc, o, e = build(s, out, DATE, "-v")
        path = said_fast(o, e)
        clean = w / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(s, clean, DATE, "--clean")
        d = differ(out, clean)
        extra = [x for x in d if not (clean / x).exists()]
        print(f"    kill after {delay} s (rc {p.returncode}); next build exit {rc} via {path}: {len(d)} differ, {len(extra)} only in www")
        if d:
            bad.append((delay, len(d), extra[:2]))
    return verdict("kill9_during_publicedit", not bad, f"after a kill -9, the next build differs from a clean one: {bad}",
                   "every next build equal to a clean build")


# --- GK059 on the public-edit path -------------------------------------------------------------------------
def foreign_file_in_out() -> bool:
    """A user file in gkssg's own output (round 5 row 5: GK059 since), then a public body edit."""
    w = fresh("pe_foreign")
    s = site(w)
    out = w / "www"
    rc, o, e = build(s, out)
    assert rc == 0
    (out / "upload").mkdir()
    (out / "upload" / "申请表.docx").write_bytes(b"PK\x03\x04 the user's form")
    (out / ".htaccess").write_text("Options -Indexes\n")
    append(s / EDITED, "\n补充说明一句。\n")
    rc, o, e = build(s, out, DATE, "-v")
    path = said_fast(o, e)
    kept = [(out / "upload" / "申请表.docx").exists(), (out / ".htaccess").exists()]
    spares = sorted(p.name for p in w.iterdir() if p.name.startswith(".www"))
    where = [str(p.relative_to(w)) for p in w.rglob("申请表.docx")]
    rc2, o2, e2 = build(s, out, DATE, "--clean")
    where2 = [str(p.relative_to(w)) for p in w.rglob("申请表.docx")]
    return verdict("foreign_file_in_out", rc != 0 and "GK059" in o + e and all(kept),
                   f"exit {rc} via {path}, GK059 said: {'GK059' in o + e}; files still in www: {kept}; beside www: {spares}; "
                   f"申请表.docx now at {where}; after a --clean build (exit {rc2}, GK059 {'GK059' in o2 + e2}): {where2}",
                   "GK059, build stopped, www/upload/申请表.docx and www/.htaccess kept (as the full build does)")


SCENARIOS = {f.__name__: f for f in (theme_set_block, theme_self_block, theme_attr_filter, theme_dynamic_item,
                                     search_store_from_failed_future_build,
                                     search_store_from_interrupted_future_build, search_store_after_full_disk, kill9_during_publicedit,
                                     foreign_file_in_out)}

if __name__ == "__main__":
    names = sys.argv[1:] or list(SCENARIOS)
    results = {n: SCENARIOS[n]() for n in names}
    print("findings:", [n for n, ok in results.items() if not ok])
