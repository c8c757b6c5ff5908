"""The check stage's parts kept in the build cache (issue 21: a build's cost follows the change) report
exactly what a check from a fresh cache reports, after any sequence of changes.

Kept parts: each document's judged files (GK724–GK727, keyed by fs/safestate.py), each document's media
findings (GK840–GK846, the same key), each annual report's tables as parsed (its bytes), and the rows of
the check cache unpickled once per distinct row. Each step below changes the site at random (a body edit,
a new document, a withdrawal and its undoing, a 发布日期 in the future, an annual report's typed figure,
a 规范性文件's dates, a symlink swapped out of content/ and back, a folder swapped for a symlink, a FIFO,
a file whose head turns into HTML, a link leading out through a link outside content/ that is swapped
back in, a linked file named like a document coming and going), then checks the site with its persistent cache, with an empty cache and with none: the three
lists of findings must be equal, in order. A key broken on purpose (the state of the files held
constant) must make the comparison fail.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
from pathlib import Path

import pytest
from sitegen import FOLDER, generate, index_no

from gkssg.build.pipeline import load_and_check
from gkssg.fs import safestate
from gkssg.incremental.cache import BuildCache

DATE = dt.date(2026, 11, 1)
N = 14
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n"
HTML = b"<html><script>alert(1)</script></html>"
REPORT = "content/cqszfbgt/2023-90001.md"


def findings(site: Path, cache: BuildCache | None) -> list:
    try:
        _, found = load_and_check(site, DATE, cache=cache, freeze=True)
    finally:
        if cache is not None:
            cache.close()
    return [(f.code, f.severity, f.file, f.line, f.message) for f in found.items]


def all_three(site: Path) -> tuple[list, list, list]:
    """(with the site's cache, with an empty cache, with none)."""
    return findings(site, BuildCache.open(site)), findings(site, BuildCache.memory()), findings(site, None)


@pytest.fixture(autouse=True)
def vouching(monkeypatch):
    """The steps follow each other within RACY_SECONDS: let the state vouch for files just written (each
    step's file changes also change a size, an inode or a link, which the state holds)."""
    monkeypatch.setattr(safestate, "settled", lambda ns: True)


@pytest.fixture
def site(tmp_path) -> Path:
    root = generate(tmp_path / "site", N, body_chars=200)
    files = root / FOLDER / "files"
    files.mkdir()
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        (files / name).write_bytes(PDF + name.encode())
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.pdf").write_bytes(PDF + b"outside")
    (outside / "c.pdf").write_bytes(PDF + b"outside c")
    for i, name in ((1, "a.pdf"), (2, "b.pdf"), (3, "a.pdf"), (4, "c.pdf"), (5, "note.md")):
        append(root, i, f"\n附件见[{name}](files/{name})。\n")
    return root


def doc(root: Path, i: int) -> Path:
    return root / FOLDER / f"d{i:06d}.md"


def append(root: Path, i: int, text: str) -> None:
    path = doc(root, i)
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def sub(path: Path, pattern: str, repl: str) -> None:
    path.write_text(re.sub(pattern, repl, path.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")


def replace(path: Path, make) -> None:
    """Put something new at `path` (whatever was there: a file, a symlink, a folder, a FIFO)."""
    if path.is_symlink() or path.is_file() or (path.exists() and not path.is_dir()):
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    make(path)


def step(root: Path, rng: random.Random, count: list[int]) -> str:
    """One random change; returns what it did."""
    files = root / FOLDER / "files"
    outside = root.parent / "outside"
    kind = rng.choice(["edit", "new", "withdraw", "future", "report", "library", "escape", "inside",
                       "via-outside", "html", "fifo", "folder", "regular", "delete", "md-file"])
    i = rng.randrange(N)
    if kind == "edit":
        named = rng.choice(["a.pdf", "b.pdf", "c.pdf", "note.md"])  # note.md: a file named like a document
        append(root, i, f"\n补充说明{rng.randrange(1000)}，见[附件](files/{named})。\n")
    elif kind == "new":
        count[0] += 1
        text = doc(root, i).read_text(encoding="utf-8")
        text = text.replace(index_no(i), index_no(N + 40 + count[0]), 1)
        if rng.random() < 0.5:
            text = text.replace("公开属性: 主动公开", "公开属性: 依申请公开", 1)
        (root / FOLDER / f"new{count[0]}.md").write_text(text + f"\n[新附件](files/{rng.choice('abc')}.pdf)\n",
                                                         encoding="utf-8")
    elif kind == "withdraw":
        path = doc(root, i)
        text = path.read_text(encoding="utf-8")
        if "公开属性: 主动公开" in text:
            path.write_text(text.replace("公开属性: 主动公开", "公开属性: 依申请公开", 1), encoding="utf-8")
        else:
            path.write_text(text.replace("公开属性: 依申请公开", "公开属性: 主动公开", 1), encoding="utf-8")
    elif kind == "future":
        sub(doc(root, i), r"^发布日期: .*$", f"发布日期: {rng.choice(['2027-03-01', '2024-02-02'])}")
    elif kind == "report":
        value = rng.choice(["auto", "0", "3", "40"])
        sub(root / REPORT, r"(行政规范性文件: \{本年制发件数: )\w+", rf"\g<1>{value}")
        sub(root / REPORT, r"(现行有效件数: )\w+\}\n", rf"\g<1>{rng.choice(['auto', '1', '9'])}}}\n")
    elif kind == "library":
        j = rng.choice([k for k in range(N) if k % 5 == 0])
        sub(doc(root, j), r"^成文日期: .*$", f"成文日期: 2023-0{rng.randrange(1, 10)}-15")
        if rng.random() < 0.5:
            sub(doc(root, j), r"^有效性: .*$", f"有效性: {rng.choice(['有效', '废止', '失效'])}")
    elif kind == "escape":
        replace(files / "a.pdf", lambda p: p.symlink_to(outside / "a.pdf"))
    elif kind == "inside":
        replace(files / "a.pdf", lambda p: p.symlink_to("c.pdf"))
    elif kind == "via-outside":  # a link out of content/ whose far end leads back in, then out again
        far = outside / "far.pdf"
        if far.is_symlink():
            far.unlink()
        far.symlink_to(files / "c.pdf" if rng.random() < 0.5 else outside / "c.pdf")
        if not (files / "b.pdf").is_symlink():
            replace(files / "b.pdf", lambda p: p.symlink_to(far))
    elif kind == "html":
        replace(files / rng.choice(["a.pdf", "c.pdf"]), lambda p: p.write_bytes(HTML + os.urandom(4).hex().encode()))
    elif kind == "fifo":
        replace(files / "c.pdf", lambda p: os.mkfifo(p))
    elif kind == "folder":
        if files.is_symlink():  # the folder back in place
            moved = Path(os.readlink(files))
            files.unlink()
            moved.rename(files)
        else:
            moved = outside / f"files{rng.randrange(10**6)}"
            files.rename(moved)
            files.symlink_to(moved)
    elif kind == "regular":
        name = rng.choice(["a.pdf", "b.pdf", "c.pdf"])
        if files.is_dir():
            replace(files / name, lambda p: p.write_bytes(PDF + os.urandom(8).hex().encode()))
    elif kind == "md-file":  # a new or deleted .md leaves the state of the files as it was
        note = files / "note.md"
        if note.is_file():
            note.unlink()
        elif files.is_dir():
            note.write_text("只有正文，没有前置信息。\n", encoding="utf-8")
    elif kind == "delete":
        victims = sorted((root / FOLDER).glob("new*.md"))
        if victims:
            victims[0].unlink()
    return f"{kind} {i}"


def run_steps(root: Path, seed: int, steps: int) -> None:
    rng = random.Random(seed)
    count = [0]
    cached, empty, none = all_three(root)
    assert cached == empty == none
    done = []
    for _ in range(steps):
        done.append(step(root, rng, count))
        cached, empty, none = all_three(root)
        assert empty == none, done
        assert cached == none, done


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_cached_check_is_the_full_check(site, seed):
    run_steps(site, seed, 20)


def test_each_change_kind_is_seen(site):
    """The swaps above, one by one, each seen by the cached check (and the ones that change what is
    reported change it there too)."""
    files = site / FOLDER / "files"
    outside = site.parent / "outside"
    (outside / "far.pdf").symlink_to(files / "c.pdf")
    sub(doc(site, 6), r"^公开属性: 主动公开$", "公开属性: 主动公开\n附件:\n  - files/att.md")  # not there yet
    seen = [findings(site, BuildCache.open(site))]
    for change, changes in (
            (lambda: replace(files / "a.pdf", lambda p: p.symlink_to(outside / "a.pdf")), True),  # GK723
            (lambda: replace(files / "a.pdf", lambda p: p.write_bytes(PDF)), True),
            (lambda: replace(files / "b.pdf", lambda p: p.symlink_to(outside / "far.pdf")), False),  # led back in
            (lambda: replace(outside / "far.pdf", lambda p: p.symlink_to(outside / "c.pdf")), True),  # now out
            (lambda: replace(outside / "far.pdf", lambda p: p.symlink_to(files / "c.pdf")), True),  # in again
            (lambda: replace(files / "c.pdf", lambda p: p.write_bytes(HTML)), True),  # GK724
            (lambda: replace(files / "c.pdf", lambda p: os.mkfifo(p)), True),  # GK724, never opened (was unreported)
            (lambda: replace(files / "c.pdf", lambda p: p.write_bytes(PDF)), True),
            (lambda: (files / "note.md").write_text("只有正文。\n", encoding="utf-8"), True),  # named like a document
            (lambda: (files / "note.md").unlink(), True),
            (lambda: (files / "att.md").write_text("附件名像文档。\n", encoding="utf-8"), True),
            (lambda: (files / "att.md").unlink(), True)):
        change()
        cached, none = findings(site, BuildCache.open(site)), findings(site, None)
        assert cached == none
        assert (cached != seen[-1]) == changes, len(seen)
        seen.append(cached)


def test_a_key_broken_on_purpose_is_caught(site, monkeypatch):
    """The state of the files held constant: a symlink swapped out of content/ and a file whose bytes
    turn into HTML go unseen by the kept parts, and the comparison fails."""
    monkeypatch.setattr("gkssg.checks.runner.safety_state", lambda content: b"constant")
    files = site / FOLDER / "files"
    path = doc(site, 2)  # the one document naming b.pdf, withdrawn: GK726 while b.pdf would be published
    path.write_text(path.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"), encoding="utf-8")
    before = findings(site, BuildCache.open(site))
    assert "GK726" in {f[0] for f in before}
    replace(files / "b.pdf", lambda p: p.symlink_to(site.parent / "outside" / "a.pdf"))
    cached, none = findings(site, BuildCache.open(site)), findings(site, None)
    assert "GK726" not in {f[0] for f in none} and "GK726" in {f[0] for f in cached}
    replace(files / "c.pdf", lambda p: p.write_bytes(HTML))
    cached, none = findings(site, BuildCache.open(site)), findings(site, None)
    assert "GK724" in {f[0] for f in none} and "GK724" not in {f[0] for f in cached}


def test_unsettled_files_are_not_vouched_for(site, monkeypatch):
    """A file changed too recently to vouch for its bytes: no state, the gate is asked (and nothing kept)."""
    monkeypatch.setattr(safestate, "settled", lambda ns: False)
    assert safestate.safety_state(site / "content") is None
    cached, none = findings(site, BuildCache.open(site)), findings(site, None)
    assert cached == none


def test_a_symlink_made_again_with_the_same_target_changes_the_state(site):
    """Hostile round 27b, row 7: a link flipped good → bad → good while a check ran left the state as it was
    (target, end and the end's stat the same), so a judgement made of one end was kept under the state of
    the other. The link's own lstat is in the state: a link made again is a new one."""
    files = site / FOLDER / "files"
    (files / "link.pdf").symlink_to("a.pdf")
    first = safestate.safety_state(site / "content")
    (files / "link.pdf").unlink()
    (files / "spare.pdf").symlink_to("a.pdf")  # holds the old inode number, which the new link cannot reuse
    (files / "link.pdf").symlink_to("a.pdf")
    (files / "spare.pdf").unlink()
    assert first is not None and safestate.safety_state(site / "content") != first


def _checks_rows(site: Path, change) -> None:
    import sqlite3
    conn = sqlite3.connect(site / ".gkssg" / "cache.db")
    with conn:
        rows = conn.execute("SELECT rowid, blob FROM checks ORDER BY rowid").fetchall()
        for (rowid, _), blob in zip(rows, change([blob for _, blob in rows])):
            conn.execute("UPDATE checks SET blob=? WHERE rowid=?", (blob, rowid))
    conn.close()


def test_a_check_row_moved_or_damaged_is_checked_again(site):
    """Hostile round 27b, rows 8–11: the checks table's values rotated among documents (each row keeping its
    source and digest) answered for the wrong document (a GK724 missed, another report's tables printed);
    random bytes stopped every check (OverflowError). A row is bound to its document and bytes (_sealed)."""
    files = site / FOLDER / "files"
    replace(files / "c.pdf", lambda p: p.write_bytes(HTML))
    expected = findings(site, None)
    assert "GK724" in {f[0] for f in expected}
    assert findings(site, BuildCache.open(site)) == expected
    _checks_rows(site, lambda blobs: blobs[1:] + blobs[:1])
    assert findings(site, BuildCache.open(site)) == expected
    _checks_rows(site, lambda blobs: [os.urandom(len(b)) for b in blobs])
    assert findings(site, BuildCache.open(site)) == expected
    _checks_rows(site, lambda blobs: [b[:len(b) // 2] for b in blobs])
    assert findings(site, BuildCache.open(site)) == expected


def test_two_spellings_of_the_site_folder_reuse_the_kept_judgements(site, tmp_path, monkeypatch):
    """The safety state named each folder as the caller spelled the site (`--site .`, an absolute path,
    a path through a linked parent): alternating them judged every file again (round 27b, noticed).
    Folders are named relative to content/ now: the other spellings judge nothing again, and a change
    of a file is still seen whatever the spelling."""
    from gkssg.checks import files as file_rules

    judged = []
    real = file_rules.judged_files
    monkeypatch.setattr(file_rules, "judged_files", lambda s, d: judged.append(d.source) or real(s, d))
    (tmp_path / "via").symlink_to(tmp_path)
    monkeypatch.chdir(site)
    spellings = [site, Path("."), tmp_path / "via" / "site", Path("../site")]
    first = findings(site, BuildCache.open(site))
    named = len(judged)  # every document naming a file: judged once
    judged.clear()
    assert findings(site, BuildCache.open(site)) == first
    always = list(judged)  # the one naming files/note.md: a name like a document's is judged every time
    assert always == [doc(site, 5).relative_to(site).as_posix()] and named > 10
    for spelled in spellings[1:]:
        judged.clear()
        assert findings(spelled, BuildCache.open(spelled)) == first
        assert judged == always, spelled  # was: every document naming a file, at each new spelling
    replace(site / FOLDER / "files" / "c.pdf", lambda p: p.write_bytes(HTML))
    none = findings(site, None)
    assert "GK724" in {f[0] for f in none}
    for spelled in spellings:
        assert findings(spelled, BuildCache.open(spelled)) == none
