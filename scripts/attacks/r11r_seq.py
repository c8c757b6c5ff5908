"""Round 11r: sequences of body edits on the resident (serve/resident.py + checks/bodyedit.py):
privacy findings fixed and reintroduced, edits before `settle`, GBK / oversize / symlink / hard-link
replacement of the edited file, hosts moving between two documents edited at once. After each step
the resident's findings = a clean check's (output compared at the marked steps)."""
from __future__ import annotations

import os
import sys

from r11r_common import BODY, DOC, Run, verdict

T = "content/tlszwgk/2019-90001.md"
Y = "content/ydz/2024-90001.md"
YLINK = "原网页 http://cqxs.gov.cn/jz/ydx/zwgk_78906/zfxxgkzn_78907 。"
ID = "身份证号：110101199003074514。"


def main() -> int:
    run = Run("seq")
    doc = run.path(DOC)
    run.step("ID number (GK601)", {run.edit(DOC, BODY, BODY + ID)})
    run.step("ID number fixed", {run.edit(DOC, ID, "")})
    run.step("ID number again", {run.edit(DOC, BODY, BODY + ID)})
    run.step("fixed again", {run.edit(DOC, ID, "")}, output=True)
    # two edits, the second before settle (the watcher's reload has not come)
    run.r.rebuild({run.edit(DOC, BODY, BODY + "第一次补充。")})
    try:
        run.step("second edit before settle", {run.edit(DOC, "第一次补充。", "第二次补充。")}, output=True)
    except Exception as exc:  # noqa: BLE001
        run.ok &= verdict("r11r seq: second edit before settle", False, repr(exc)[:300], "no exception")
        run.r.settle()
    # an edit written while the previous edit is unsettled, reported together with nothing
    run.r.rebuild({run.edit(DOC, "第二次补充。", "第三次补充。")})
    run.edit(DOC, "第三次补充。", "第四次补充。")  # written, the watcher's event comes after settle
    try:
        run.r.settle()
        run.step("edit written before settle, reported after", {doc}, output=True)
    except Exception as exc:  # noqa: BLE001
        run.ok &= verdict("r11r seq: edit written before settle", False, repr(exc)[:300], "no exception")
    # GBK, then UTF-8 again
    text = doc.read_text(encoding="utf-8")
    doc.write_bytes(text.encode("gb18030"))
    run.step("GBK body-only edit", {doc})
    doc.write_text(text, encoding="utf-8")
    run.step("UTF-8 again", {doc})
    # CRLF line endings only
    doc.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    run.step("CRLF", {doc}, output=True)
    doc.write_text(text, encoding="utf-8")
    run.step("LF", {doc})
    # oversize body
    doc.write_text(text + "补" * (2 * 1024 * 1024), encoding="utf-8")
    run.step("body past 5 MB (GK113)", {doc})
    doc.write_text(text, encoding="utf-8")
    run.step("back under", {doc})
    # the edited file replaced by a symlink to another document, then by a hard link, then restored
    saved = doc.read_bytes()
    doc.unlink()
    os.symlink(os.path.relpath(run.path("content/cqszfbgt/2021-90001.md"), doc.parent), doc)
    run.step("file -> symlink to another document", {doc})
    doc.unlink()
    doc.write_bytes(saved)
    run.step("restored", {doc})
    other = run.path("content/cqszfbgt/2023-90001.md")
    doc.unlink()
    os.link(other, doc)
    run.step("file -> hard link to another document", {doc})
    doc.unlink()
    doc.write_bytes(saved)
    run.step("restored again", {doc})
    # hosts moving: DOC gains cqxs.gov.cn while ydz loses it, at once
    run.step("host moves between two documents", {run.edit(DOC, BODY, BODY + "见 http://cqxs.gov.cn/a 。"),
                                                  run.edit(Y, YLINK, "原网页。")})
    run.step("host back", {run.edit(DOC, "见 http://cqxs.gov.cn/a 。", ""), run.edit(Y, "原网页。", YLINK)}, output=True)
    # the same host in two spellings (case, port, userinfo)
    run.step("host spelled HTTP://CQXS.GOV.CN:80", {run.edit(DOC, BODY, BODY + "见 HTTP://CQXS.GOV.CN:80/a 与 http://u@cqxs.gov.cn/b 。")})
    run.step("host spelling removed", {run.edit(DOC, "见 HTTP://CQXS.GOV.CN:80/a 与 http://u@cqxs.gov.cn/b 。", "")})
    return 0 if run.ok else 1


if __name__ == "__main__":
    sys.exit(main())
