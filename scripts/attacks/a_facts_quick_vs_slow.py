"""Attack A: make `check --changed` from the fact index (quick) differ from the slow path.

Run: .venv/bin/python scripts/attacks/a_facts_quick_vs_slow.py [scenario ...]
Each scenario copies a base site (sitegen, N docs, committed, fully checked once), edits it,
and compares quick_submission (FactsUnavailable = fallback, fine) with check_submission(quick=False).
Prints DIFF for any scenario where the quick path answers differently.
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import sitegen  # noqa: E402

from gkssg.build.changed import quick_submission  # noqa: E402
from gkssg.build.pipeline import load_and_check  # noqa: E402
from gkssg.build.submission import changed_files, check_submission  # noqa: E402
from gkssg.incremental.cache import BuildCache  # noqa: E402
from gkssg.incremental.facts import FactsUnavailable  # noqa: E402

DATE = dt.date(2026, 11, 1)
N = 30
GEN = sitegen.FOLDER
ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin", "HOME": "/tmp"}


def git(root, *args, check=True):
    return subprocess.run(["git", *args], cwd=root, check=check, capture_output=True, env=ENV)


def dp(i):
    return f"{GEN}/d{i:06d}.md"


def full_check(root):
    cache = BuildCache.open(root)
    try:
        load_and_check(root, DATE, cache=cache, freeze=True)
    finally:
        cache.close()


def make_base(tmp: Path) -> Path:
    root = tmp / "base"
    sitegen.generate(root, N)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    full_check(root)
    return root


def edit(root, i, old, new):
    p = root / dp(i)
    t = p.read_text("utf-8")
    assert old in t, (i, old)
    p.write_text(t.replace(old, new, 1), "utf-8")


def compare(root, rev="HEAD"):
    cache = BuildCache.open(root)
    try:
        try:
            quick = set(quick_submission(root, DATE, rev, changed_files(root, rev), cache).items)
        except FactsUnavailable as e:
            quick = f"fallback: {e}"
        slow = set(check_submission(root, DATE, rev, cache, quick=False).items)
    finally:
        cache.close()
    return quick, slow


# ---- scenarios: each edits `root` (a copy of base) ----

def s_gitignored_duplicate(root):
    """A document ignored by .gitignore (loaded by the full check, invisible to git) shares the
    索引号 a changed document takes."""
    (root / ".gitignore").write_text("content/**/draft-*.md\n")
    git(root, "add", ".gitignore"); git(root, "commit", "-qm", "ignore drafts")
    full_check(root)
    text = (root / dp(4)).read_text("utf-8").replace(sitegen.index_no(4), "11500000009275780L/2026-09999")
    (root / f"{GEN}/draft-x.md").write_text(text, "utf-8")  # ignored, created after the full check
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", "索引号: 11500000009275780L/2026-09999")


def s_gitignored_link_target(root):
    """An unchanged doc links to an ignored draft; the submission changes nothing related, but a
    changed doc links doc: to the ignored draft's 索引号."""
    (root / ".gitignore").write_text("content/**/draft-*.md\n")
    git(root, "add", ".gitignore"); git(root, "commit", "-qm", "ignore drafts")
    full_check(root)
    text = (root / dp(4)).read_text("utf-8").replace(sitegen.index_no(4), "11500000009275780L/2026-09998")
    (root / f"{GEN}/draft-y.md").write_text(text, "utf-8")
    edit(root, 2, "参见[相关文件]", "另见[草稿](doc:11500000009275780L/2026-09998)。参见[相关文件]")


def s_assume_unchanged(root):
    """A file marked --assume-unchanged is modified after the full check (git diff hides it)."""
    git(root, "update-index", "--assume-unchanged", dp(5))
    edit(root, 5, f"索引号: {sitegen.index_no(5)}", "索引号: 11500000009275780L/2026-09997")
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", "索引号: 11500000009275780L/2026-09997")


def s_swap_index(root):
    """Two documents swap their 索引号."""
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", "索引号: SWAPTMP")
    edit(root, 3, f"索引号: {sitegen.index_no(3)}", f"索引号: {sitegen.index_no(2)}")
    edit(root, 2, "索引号: SWAPTMP", f"索引号: {sitegen.index_no(3)}")


def s_rename_across_columns(root):
    """git mv into another department's folder, and column changed."""
    (root / "content/other").mkdir(parents=True, exist_ok=True)
    git(root, "mv", dp(3), "content/other/moved.md")


def s_case_only_rename(root):
    git(root, "mv", dp(3), f"{GEN}/D000003.md")


def s_changed_then_reverted(root):
    edit(root, 2, "## 一、总体要求", "## 一、总体要求（改）")
    full_check(root)  # index now has the modified blob
    edit(root, 2, "## 一、总体要求（改）", "## 一、总体要求")  # reverted: no diff


def s_staged_then_reverted(root):
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(3)}")
    git(root, "add", dp(2))
    edit(root, 2, f"索引号: {sitegen.index_no(3)}", f"索引号: {sitegen.index_no(2)}")


def s_deleted_worktree(root):
    (root / dp(3)).unlink()  # d2 links doc: to d3


def s_link_by_encoded_name(root):
    """An unchanged doc links to a changed doc by a percent-encoded / ./-prefixed file name."""
    edit(root, 6, "参见[相关文件]", f"另见[a](./d{3:06d}.md)和[b](%64{3:06d}.md)和[c](../gen/d{3:06d}.md#x)。参见[相关文件]")
    git(root, "commit", "-qam", "links"); full_check(root)
    git(root, "rm", "-q", dp(3))


def s_link_backslash(root):
    edit(root, 6, "参见[相关文件]", f"另见[a](..\\gen\\d{3:06d}.md)。参见[相关文件]")
    git(root, "commit", "-qam", "links"); full_check(root)
    git(root, "rm", "-q", dp(3))


def s_doc_link_case(root):
    """doc: link with lower-case / spaced 索引号 in an unchanged doc; the changed doc takes it."""
    low = sitegen.index_no(3).lower()
    edit(root, 6, "参见[相关文件]", f"另见[a](doc: {low} )。参见[相关文件]")
    git(root, "commit", "-qam", "links"); full_check(root)
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {low}")


def s_index_whitespace(root):
    """Changed doc's 索引号 differs from an unchanged one's only by surrounding quotes/space."""
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: ' {sitegen.index_no(3)} '")


def s_attachment_replaced(root):
    """A non-.md file an unchanged doc publishes is replaced by an HTML file with script."""
    (root / f"{GEN}/att.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    edit(root, 6, "参见[相关文件]", "见[附件](att.pdf)。参见[相关文件]")
    git(root, "add", "-A"); git(root, "commit", "-qm", "att"); full_check(root)
    (root / f"{GEN}/att.pdf").write_bytes(b"<html><script>alert(1)</script></html>")


def s_attachment_deleted(root):
    (root / f"{GEN}/att.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    edit(root, 6, "参见[相关文件]", "见[附件](att.pdf)。参见[相关文件]")
    git(root, "add", "-A"); git(root, "commit", "-qm", "att"); full_check(root)
    git(root, "rm", "-q", f"{GEN}/att.pdf")


def s_attachment_shared(root):
    """A changed doc starts publishing the same file an unchanged doc publishes."""
    (root / f"{GEN}/att.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    edit(root, 6, "参见[相关文件]", "见[附件](att.pdf)。参见[相关文件]")
    git(root, "add", "-A"); git(root, "commit", "-qm", "att"); full_check(root)
    edit(root, 2, "参见[相关文件]", "见[附件](att.pdf)。参见[相关文件]")
    edit(root, 6, "公开属性: 主动公开", "公开属性: 不予公开")


def s_symlink_dir(root):
    """A folder under content/ replaced by a symlink to another folder (unchanged docs)."""
    shutil.copytree(root / GEN, root / "content/mirror")
    git(root, "add", "-A"); git(root, "commit", "-qm", "mirror"); full_check(root)


def s_future_dated(root):
    edit(root, 2, "发布日期: ", "发布日期: 2027-05-01\n原: ")


def s_subdir_site(root):
    """Site in a subfolder of the git repo (prefix) — handled by moving root? skipped."""
    pass


def s_facts_other_site(root):
    """facts.db of another site (same catalog, same gkssg) copied in: the other site has the
    same files at the same blob except one unchanged doc whose 索引号 differs -> blob differs."""
    pass


def s_untracked_then_committed_elsewhere(root):
    """Compare against an older revision (HEAD~1) while the index was written at HEAD."""
    edit(root, 8, "## 一、总体要求", "## 一、总体要求（二）")
    git(root, "commit", "-qam", "second"); full_check(root)
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(8)}")


def s_rev_older(root):
    edit(root, 8, f"索引号: {sitegen.index_no(8)}", "索引号: 11500000009275780L/2026-09996")
    git(root, "commit", "-qam", "second"); full_check(root)
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", "索引号: 11500000009275780L/2026-09996")
    return "HEAD~1"


def s_index_shared_wrong_shape(root):
    """GK301 suggestion collisions: a changed doc's wrong-shape 索引号 reshapes to an unchanged doc's."""
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", "索引号: 2023-00001")


def s_publisher_removed(root):
    edit(root, 2, "发布机构: 重庆市人民政府办公厅", "发布机构: 某某不存在的局")


def s_column_emptied(root):
    """Move every doc out of one column (GK51x)."""
    for i in range(N):
        p = root / dp(i)
        t = p.read_text("utf-8")
        if "政府信息公开目录>市场准入负面清单" in t:
            p.write_text(t.replace("政府信息公开目录>市场准入负面清单", "政府信息公开>法定主动公开内容>统计信息"), "utf-8")


def s_submodule_doc(root):
    """A git submodule under content/ (its files are loaded by the full check, git sees one
    commit entry); a document inside it, added after the last full check, shares the 索引号 a
    changed document takes."""
    sub = root.parent / f"{root.name}-subrepo"
    sub.mkdir()
    git(sub, "init", "-q")
    text = (root / dp(4)).read_text("utf-8").replace(sitegen.index_no(4), "11500000009275780L/2026-09995")
    (sub / "x.md").write_text(text.replace("11500000009275780L/2026-09995", "11500000009275780L/2026-09994"), "utf-8")
    git(sub, "add", "-A"); git(sub, "commit", "-qm", "s")
    git(root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "content/sub")
    git(root, "commit", "-qm", "submodule"); full_check(root)
    (root / "content/sub/y.md").write_text(text, "utf-8")  # new file inside the submodule
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", "索引号: 11500000009275780L/2026-09995")


SCENARIOS = {k[2:]: v for k, v in dict(globals()).items() if k.startswith("s_")}


def main(names):
    tmp = Path(tempfile.mkdtemp(prefix="h4a-"))
    base = make_base(tmp)
    bad = 0
    for name in names or SCENARIOS:
        root = tmp / name
        subprocess.run(["cp", "-a", str(base), str(root)], check=True)
        try:
            rev = SCENARIOS[name](root) or "HEAD"
            quick, slow = compare(root, rev)
        except Exception as exc:  # noqa: BLE001
            print(f"ERROR {name}: {type(exc).__name__}: {exc}")
            bad += 1
            continue
        if isinstance(quick, str):
            print(f"ok    {name}: {quick}")
        elif quick == slow:
            print(f"ok    {name}: same ({len(slow)} findings: {sorted({f.code for f in slow})})")
        else:
            bad += 1
            print(f"DIFF  {name}:")
            for f in sorted(quick - slow, key=str):
                print("   only quick:", f.code, f.file, f.line, f.message[:90])
            for f in sorted(slow - quick, key=str):
                print("   only slow: ", f.code, f.file, f.line, f.message[:90])
    shutil.rmtree(tmp, ignore_errors=True)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1:]) else 0)
