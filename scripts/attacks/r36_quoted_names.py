"""Round 36, row 1: documents whose file names git quotes in `git diff --name-only` / `ls-files --others` even with
core.quotepath=off (an ASCII double quote, a backslash: `关于"十四五"规划的通知.md`). submission.changed_files takes
the quoted line as the name, so the edited or deleted document is not "changed" for the fast path, which then judges
GK120 from the fact index's stale rows: a folder emptied or future-dated passes check --changed (rc 0) while the full
check and build refuse it (GK120)."""
from __future__ import annotations

import sys

from r36_common import CQ, QJ, committed, doc, set_field, verdict


def site(name: str, char: str):
    files = dict(doc(CQ, n, 2019) for n in range(1, 5))
    files.update(doc(QJ, n, 2024, name=f'关于{char}十四五{char}第{n}项工作的通知') for n in range(1, 15))
    return committed(name, files)


def main() -> int:
    broken = 0
    for char, tag in (('"', "quote"), ("\\", "backslash")):
        s = site(f"quoted-del-{tag}", char)
        for path in sorted((s / "content/qj").glob("*.md")):
            path.unlink()
        broken += verdict(f"14 of 18 documents named with {char!r} deleted (qj/ emptied)", s)["state"] == "BROKEN"
        s = site(f"quoted-future-{tag}", char)
        for path in sorted((s / "content/qj").glob("*.md")):
            set_field(path, "发布日期", "2027-03-01")
        broken += verdict(f"14 of 18 documents named with {char!r} future-dated", s)["state"] == "BROKEN"
        s = site(f"quoted-private-{tag}", char)
        for path in sorted((s / "content/qj").glob("*.md")):
            set_field(path, "公开属性", "依申请公开")
        broken += verdict(f"14 of 18 documents named with {char!r} set to 依申请公开", s)["state"] == "BROKEN"
    # the same root cause beyond GK120: a changed file's own error is not the submission's (also on the slow path)
    s = site("quoted-own-error", '"')
    path = sorted((s / "content/qj").glob("*.md"))[0]
    set_field(path, "标题", None)  # GK201
    (s / ".gkssg/facts.db").unlink()  # the slow path (whole site loaded) too
    found = verdict("one document named with '\"' loses its 标题 (GK201), no fact index", s, do_build=False)
    own = [f for f in found["quick"]["findings"] or [] if f["code"] == "GK201"]
    print(f"   GK201 in --changed: {len(own)}; in the full check: "
          f"{len([f for f in found['full']['findings'] or [] if f['code'] == 'GK201'])}; --changed rc={found['quick']['rc']}")
    broken += not own and found["quick"]["rc"] == 0
    # an untracked folder with a quote in its name: `ls-files --others --directory` quotes it, so it is never listed
    from r36_common import check, standard
    s = committed("quoted-untracked-dir", standard())
    folder = s / 'content/cq/新"版"'
    folder.mkdir()
    folder.joinpath("x.md").write_text(doc(CQ, 50, 2019, 标题=None)[1], encoding="utf-8")
    quick, full = check(s, "--changed"), check(s)
    print(f"[{'BROKEN' if quick['rc'] == 0 and full['rc'] else 'holds'}] a new document (no 标题) in an untracked "
          f"folder content/cq/新\"版\"/: --changed rc={quick['rc']} errors={quick['errors']}; "
          f"check rc={full['rc']} errors={full['errors']}")
    broken += quick["rc"] == 0 and full["rc"] != 0
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
