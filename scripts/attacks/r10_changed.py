"""Round 10: `gkssg check --changed` answered from the fact index for body edits of related documents
(changed.related_documents): the quick answer = the slow path's (quick=False), or a fallback with a reason.
Run: python r10_changed.py [scenario numbers]."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import r6_common  # noqa: F401  (puts tests/ on sys.path)
import sitegen
from conftest import git
from r10_common import TMP, verdict
from test_check_changed_facts import doc_path, full_check, quick_or_fallback

IDX = sitegen.index_no


def base(name: str, n: int, prepare=None) -> Path:
    root = TMP / name / "site"
    shutil.rmtree(root.parent, ignore_errors=True)
    sitegen.generate(root, n)
    if prepare:
        prepare(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    full_check(root)
    return root


def sub(root: Path, i: int, old: str, new: str) -> None:
    p = root / doc_path(i)
    t = p.read_text("utf-8")
    assert old in t, (i, old)
    p.write_text(t.replace(old, new, 1), "utf-8")


def body(root: Path, i: int) -> None:
    sub(root, i, "## 一、总体要求\n", "## 一、总体要求\n\n补充说明：明确责任分工。\n")


def add_field(root: Path, i: int, line: str) -> None:
    p = root / doc_path(i)
    t = re.sub(r"^替代文件: .*\n", "", p.read_text("utf-8"), flags=re.M)
    p.write_text(t.replace("公开属性: 主动公开", f"公开属性: 主动公开\n{line}", 1), "utf-8")


def chain(n):
    def prepare(root):
        for i in range(1, n):
            add_field(root, i, f"替代文件: {IDX(i + 1)}")
    return prepare


def cycle(root):  # d30 → d31 → d32 → d30 by 修改文件: GK805 once, on the first document of the cycle
    add_field(root, 30, f"修改文件: {IDX(31)}")
    add_field(root, 31, f"修改文件: {IDX(32)}")
    add_field(root, 32, f"修改文件: {IDX(30)}")


def dup_before_policy(root):  # a 依申请公开 copy of the policy d8 with its 索引号, sorting before it
    t = (root / doc_path(8)).read_text("utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开")
    (root / f"{sitegen.FOLDER}/a0dup.md").write_text(t, "utf-8")


def quoted_space_policy(root):  # the policy's 索引号 quoted with a trailing space
    sub(root, 8, f"索引号: {IDX(8)}", f'索引号: "{IDX(8)} "')


def stale_index(root):
    """The index written while d9 interpreted d18 (uncommitted); then d9's front matter back as committed,
    its body edited: the index's row of d9 is not the commit's."""
    original = (root / doc_path(9)).read_text("utf-8")
    sub(root, 9, f"解读对象: {IDX(8)}", f"解读对象: {IDX(18)}")
    full_check(root)
    (root / doc_path(9)).write_text(original, "utf-8")
    body(root, 9)


def stale_index_policy(root):
    """The index written while the policy d8 was 依申请公开 (uncommitted); then d8 back, d9's body edited."""
    original = (root / doc_path(8)).read_text("utf-8")
    sub(root, 8, "公开属性: 主动公开", "公开属性: 依申请公开")
    full_check(root)
    (root / doc_path(8)).write_text(original, "utf-8")
    body(root, 9)


def stale_index_other_interp(root):
    """The index written while d19 also interpreted d8 (uncommitted), then d19 back; d9's body edited."""
    original = (root / doc_path(19)).read_text("utf-8")
    sub(root, 19, f"解读对象: {IDX(18)}", f"解读对象: {IDX(8)}")
    sub(root, 19, "发布日期: ", "发布日期: ")
    full_check(root)
    (root / doc_path(19)).write_text(original, "utf-8")
    body(root, 9)


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def image_interp(root):
    p = root / doc_path(9)
    (p.parent / "tujie.png").write_bytes(PNG)
    (p.parent / "other.png").write_bytes(PNG + b"o")
    sub(root, 9, "体裁分类: 政策解读", "体裁分类: 政策解读\n解读形式: 图片")
    p.write_text(p.read_text("utf-8") + "\n![一图读懂](tujie.png)\n", "utf-8")


def chain3(root):  # d20 → d24 (sitegen) → d28: 替代文件 on d24 too
    sub(root, 24, "公开属性: 主动公开", f"公开属性: 主动公开\n替代文件: {IDX(28)}")


def effective_at(i, day):
    return lambda r: sub(r, i, "公开属性: 主动公开", f"公开属性: 主动公开\n施行日期: {day}")


SCENARIOS = {
    1: ("interp body + policy made 依申请公开", 40, None,
        lambda r: (body(r, 9), sub(r, 8, "公开属性: 主动公开", "公开属性: 依申请公开"))),
    2: ("chain of 70 替代, body edit in the middle", 80, chain(72), lambda r: body(r, 35)),
    3: ("cycle of 3 修改文件, body edit of d31", 40, cycle, lambda r: body(r, 31)),
    4: ("cycle of 3 修改文件, body edit of d30", 40, cycle, lambda r: body(r, 30)),
    5: ("non-public duplicate of the policy sorting first, interp body edit", 40, dup_before_policy, lambda r: body(r, 9)),
    6: ("non-public duplicate of the policy sorting first, policy body edit", 40, dup_before_policy, lambda r: body(r, 8)),
    7: ("policy 索引号 with a quoted trailing space, interp body edit", 40, quoted_space_policy, lambda r: body(r, 9)),
    8: ("interp body + doc: link to the policy and to a 依申请公开 copy", 40, dup_before_policy,
        lambda r: sub(r, 9, "参见[相关文件]", f"另见[政策](doc:{IDX(8)})、[副本](a0dup.md)。参见[相关文件]")),
    9: ("two interps of one policy, both body edits + policy body", 40,
        lambda r: add_field(r, 19, f"解读对象: {IDX(8)}") or sub(r, 19, f"解读对象: {IDX(18)}\n", ""),
        lambda r: (body(r, 9), body(r, 19), body(r, 8))),
    10: ("index written with d9 → d18 uncommitted; d9 restored + body edit", 40, None, stale_index),
    11: ("index written with d8 依申请公开 uncommitted; d8 restored, d9 body edit", 40, None, stale_index_policy),
    12: ("index written with d19 → d8 uncommitted; d19 restored, d9 body edit", 40, None, stale_index_other_interp),
    13: ("image interp: its image file deleted + policy body edit", 40, image_interp,
         lambda r: ((r / doc_path(9)).parent.joinpath("tujie.png").unlink(), body(r, 8))),
    14: ("image interp: body image → another existing file", 40, image_interp,
         lambda r: sub(r, 9, "](tujie.png)", "](other.png)")),
    15: ("image interp: body image → a missing file", 40, image_interp,
         lambda r: sub(r, 9, "](tujie.png)", "](gone.png)")),
    16: ("image interp: image file deleted + body edit of the interp", 40, image_interp,
         lambda r: ((r / doc_path(9)).parent.joinpath("tujie.png").unlink(), body(r, 9))),
    17: ("chain d20→d24→d28: d24 body, d28 made 依申请公开", 40, chain3,
         lambda r: (body(r, 24), sub(r, 28, "公开属性: 主动公开", "公开属性: 依申请公开"))),
    18: ("chain d20→d24→d28: d24 body, d28 施行日期 2026-10-01", 40, chain3,
         lambda r: (body(r, 24), effective_at(28, "2026-10-01")(r))),
    19: ("chain d20→d24→d28: d24 body, d28 施行日期 2027-06-01", 40, chain3,
         lambda r: (body(r, 24), effective_at(28, "2027-06-01")(r))),
    20: ("chain d20→d24→d28: d20 body, d28 made 依申请公开 + 施行日期", 40, chain3,
         lambda r: (body(r, 20), effective_at(28, "2027-06-01")(r), sub(r, 28, "公开属性: 主动公开", "公开属性: 依申请公开"))),
    21: ("chain d20→d24→d28: d24 body, d28's 索引号 changed (d24 dangles)", 40, chain3,
         lambda r: (body(r, 24), sub(r, 28, f"索引号: {IDX(28)}", f"索引号: {IDX(28)[:-5]}99999"))),
    22: ("d20→d24: d20 body, d24 施行日期 in the future", 40, None,
         lambda r: (body(r, 20), effective_at(24, "2027-06-01")(r))),
}


def main() -> int:
    ok = True
    for k, (name, n, prepare, edits) in SCENARIOS.items():
        if sys.argv[1:] and str(k) not in sys.argv[1:]:
            continue
        root = base(f"c{k}", n, prepare)
        edits(root)
        try:
            quick, slow = quick_or_fallback(root)
        except Exception as exc:  # noqa: BLE001
            ok &= verdict(f"r10c{k} {name}", False, f"{type(exc).__name__}: {exc}", "an answer or a fallback")
            continue
        if isinstance(quick, str):
            ok &= verdict(f"r10c{k} {name}", True, quick, "= slow or fallback")
            continue
        only_q = sorted((f.file, f.code, f.line) for f in quick - slow)
        only_s = sorted((f.file, f.code, f.line) for f in slow - quick)
        ok &= verdict(f"r10c{k} {name}", quick == slow, f"quick answered; only quick {only_q[:4]} only slow {only_s[:4]};"
                      f" codes {sorted({f.code for f in slow})}", "= slow")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
