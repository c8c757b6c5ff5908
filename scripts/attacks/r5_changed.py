"""Round 5, target 2: `check --changed` from the fact index (build/changed.py, build/gitview.py)
must equal the slow path (`check_submission(quick=False)`), or fall back.

Reuses round 4's harness (a_facts_quick_vs_slow.py: a 30-document sitegen site, committed, fully
checked once). New scenarios: git states and attributes the round-4 fixes did not consider.

Run: .venv/bin/python scripts/attacks/r5_changed.py [scenario ...]
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from a_facts_quick_vs_slow import ENV, GEN, compare, dp, edit, full_check, git, make_base, sitegen  # noqa: E402

NEW = "11500000009275780L/2026-09991"


def s_clean_filter_hides_edit(root):
    """A clean filter (.gitattributes `filter=`) maps d000005's new 索引号 back to the committed one:
    git sees no change in d000005 while the loader reads the new one; d000002 takes the same number."""
    (root / ".gitattributes").write_text("*.md filter=norm\n")
    git(root, "config", "filter.norm.clean", f"sed -e 's#{NEW}#{sitegen.index_no(5)}#'")
    git(root, "config", "filter.norm.smudge", "cat")
    git(root, "add", ".gitattributes")
    git(root, "commit", "-qm", "attributes")
    full_check(root)
    edit(root, 5, f"索引号: {sitegen.index_no(5)}", f"索引号: {NEW}")
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {NEW}")


def s_autocrlf_duplicate(root):
    """core.autocrlf=true; an unchanged document converted to CRLF on disk (git: no change)."""
    git(root, "config", "core.autocrlf", "true")
    p = root / dp(5)
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(5)}")


def s_merge_conflict(root):
    """d000002 left with conflict markers (unmerged index entries) from a merge."""
    git(root, "checkout", "-qb", "other")
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {NEW}")
    git(root, "commit", "-qam", "other")
    git(root, "checkout", "-q", "-")
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(5)}")
    git(root, "commit", "-qam", "main")
    full_check(root)
    git(root, "merge", "other", check=False)


def s_merge_conflict_resolved_dup(root):
    """Mid-merge (MERGE_HEAD): d000003 resolved to d000005's 索引号, d000002 still conflicted."""
    s_merge_conflict(root)
    edit(root, 3, f"索引号: {sitegen.index_no(3)}", f"索引号: {sitegen.index_no(6)}")


def s_detached_head(root):
    git(root, "checkout", "-q", "--detach")
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(5)}")


def s_ignorecase_rename(root):
    """core.ignorecase=true on a case-sensitive file system; d000003.md renamed (plain mv) to D000003.md
    and its 索引号 given to d000002."""
    git(root, "config", "core.ignorecase", "true")
    (root / dp(3)).rename(root / f"{GEN}/D000003.md")
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(3)}")


def s_sparse_checkout(root):
    """sparse checkout leaves the demo's content/ysq out of the work tree (skip-worktree)."""
    git(root, "sparse-checkout", "set", "--no-cone", "/*", "!/content/ysq/")
    full_check(root)
    edit(root, 2, "## 一、总体要求", "## 一、总体要求（改）")


def s_sparse_then_restored_file(root):
    """skip-worktree doc written back by hand with another 索引号, which a changed doc also takes."""
    s_sparse_checkout(root)
    src = sorted((root / "content/ljxq").glob("*.md"))[0]
    ysq = root / "content/ysq"
    ysq.mkdir(exist_ok=True)
    text = src.read_text()
    import re
    idx = re.search(r"^索引号: (.*)$", text, re.M).group(1)
    (ysq / "2021-90001.md").write_text(text.replace(idx, NEW))
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {NEW}")


def s_linked_worktree(root):
    """The site checked out in a linked worktree (.git is a file); an edit there."""
    wt = root.parent / (root.name + "-wt")
    git(root, "worktree", "add", "-q", str(wt))
    full_check(wt)
    edit(wt, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(5)}")
    return wt


def s_stash_pending(root):
    """An edit stashed (not in the work tree), another made."""
    edit(root, 3, f"索引号: {sitegen.index_no(3)}", f"索引号: {NEW}")
    git(root, "stash", "-q")
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {NEW}")


def s_working_tree_encoding(root):
    """.gitattributes working-tree-encoding=GBK added; d000005 re-checked out as GBK (git: clean)."""
    (root / ".gitattributes").write_text(f"{dp(5)} working-tree-encoding=GBK\n")
    git(root, "add", ".gitattributes")
    git(root, "commit", "-qm", "gbk")
    (root / dp(5)).unlink()
    git(root, "checkout", "--", dp(5))
    edit(root, 2, "## 一、总体要求", "## 一、总体要求（改）")


def s_shallow_clone(root):
    """A shallow clone (depth 1) checked against HEAD~1 (absent)."""
    clone = root.parent / (root.name + "-shallow")
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)], check=True, env=ENV)
    shutil.copytree(root / ".gkssg", clone / ".gkssg")
    edit(clone, 2, "## 一、总体要求", "## 一、总体要求（改）")
    return clone


def s_changed_gbk(root):
    """A changed document saved as GBK, its 索引号 taken from another."""
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(5)}")
    p = root / dp(2)
    p.write_bytes(p.read_text().encode("gbk", "replace"))


def s_changed_crlf_dup(root):
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(5)}")
    p = root / dp(2)
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))


def s_disclosure_withdrawn_linked(root):
    """d000003 withdrawn (依申请公开): d000002 links to it (GK712 on an unchanged doc)."""
    edit(root, 3, "公开属性: 主动公开", "公开属性: 依申请公开")


def s_index_moved_away_linked(root):
    """d000003's 索引号 changed: d000002's doc: link breaks (GK710 on an unchanged doc)."""
    edit(root, 3, f"索引号: {sitegen.index_no(3)}", f"索引号: {NEW}")


def s_nul_in_name(root):
    """A changed document whose name has a newline and a quote (core.quotepath, -z)."""
    (root / dp(2)).rename(root / f"{GEN}/a\nb\"c.md")
    edit(root, 3, f"索引号: {sitegen.index_no(3)}", f"索引号: {sitegen.index_no(4)}")


def s_non_utf8_name(root):
    """A document with a GBK-encoded (not UTF-8) file name, new and untracked."""
    t = (root / dp(2)).read_text().replace(sitegen.index_no(2), NEW)
    (root / GEN).joinpath(os.fsdecode("新文件".encode("gbk")) + ".md").write_text(t)
    edit(root, 3, f"索引号: {sitegen.index_no(3)}", f"索引号: {NEW}")


SCENARIOS = {k[2:]: v for k, v in dict(globals()).items() if k.startswith("s_")}


def main(names):
    tmp = Path(tempfile.mkdtemp(prefix="r5c-", dir="/tmp/hostile5"))
    base = make_base(tmp)
    diffs = []
    for name in names or list(SCENARIOS):
        root = tmp / name
        shutil.copytree(base, root, symlinks=True)
        try:
            where = SCENARIOS[name](root) or root
            rev = "HEAD~1" if name == "shallow_clone" else "HEAD"
            quick, slow = compare(where, rev)
        except Exception as exc:  # noqa: BLE001
            print(f"{name:32s} ERROR {type(exc).__name__}: {str(exc)[:200]}")
            diffs.append(name)
            continue
        if isinstance(quick, str):
            print(f"{name:32s} fallback ({quick[10:90]}); slow={sorted((f.code, f.file[-12:]) for f in slow)}")
        elif quick == slow:
            print(f"{name:32s} same {sorted((f.code, f.file[-12:]) for f in slow)}")
        else:
            print(f"{name:32s} DIFF quick-only={sorted((f.code, f.file) for f in quick - slow)} "
                  f"slow-only={sorted((f.code, f.file) for f in slow - quick)}")
            diffs.append(name)
    print("DIFF/ERROR:", diffs)
    return bool(diffs)


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1:]) else 0)
