"""Round 11r: a failing edit of one document followed by edits of another; raw HTML / script in a
body; an image interpretation's image also named by a future document (by name, symlink, hard link);
relative .md links with anchors. After each step the resident's findings = a clean check's."""
from __future__ import annotations

import os
import sys

from r11r_common import BODY, DOC, FUTURE, IMAGE, PDF, PNG, Run  # noqa: F401

T = "content/tlszwgk/2019-90001.md"
ID = "身份证号：110101199003074514。"
TBODY = "\n\n通辽市政务公开工作领导小组\n"


def prepare(run: Run) -> None:
    f = run.folder
    (f / "tujie.png").write_bytes(PNG)
    os.link(f / "tujie.png", f / "tujie-hl.png")
    os.symlink("tujie.png", f / "tujie-sl.png")
    (f / "future.pdf").write_bytes(PDF)
    (f / "2019-90077.md").write_text(FUTURE, encoding="utf-8")
    (f / "2019-90078.md").write_text(IMAGE, encoding="utf-8")


def main() -> int:
    run = Run("mixed", prepare)
    rel = run.folder.relative_to(run.site).as_posix()
    fut, img = f"{rel}/2019-90077.md", f"{rel}/2019-90078.md"
    run.step("A fails (GK601)", {run.edit(DOC, BODY, BODY + ID)})
    run.step("B edited while A fails", {run.edit(T, TBODY, TBODY + "\n补充说明。\n")})
    run.step("A fails differently (GK602)", {run.edit(DOC, ID, "手机：13812345678。")})
    run.step("A fixed", {run.edit(DOC, "手机：13812345678。", "")}, output=True)
    run.step("B and A at once, A fails", {run.edit(T, "补充说明。", "再补充。"), run.edit(DOC, BODY, BODY + ID)})
    run.step("A fixed, B again", {run.edit(T, "再补充。", "补充说明。"), run.edit(DOC, ID, "")}, output=True)
    for name, html in (("script", "<script>alert(1)</script>"), ("iframe", "<iframe src=\"https://evil.example/\"></iframe>"),
                       ("onerror", "<img src=\"x.png\" onerror=\"alert(1)\" alt=\"x\">"),
                       ("javascript:", "[点此](javascript:alert(1))"), ("style", "<p style=\"display:none\">隐藏</p>")):
        run.step(f"raw {name}", {run.edit(DOC, BODY, BODY + html)})
        run.step(f"raw {name} removed", {run.edit(DOC, html, "")})
    run.step("future names the interp's image", {run.edit(fut, "本通知将于明年发布。", "本通知将于明年发布。![图](tujie.png)")})
    run.step("future -> symlink name", {run.edit(fut, "(tujie.png)", "(tujie-sl.png)")})
    run.step("future -> hard link name", {run.edit(fut, "(tujie-sl.png)", "(tujie-hl.png)")})
    run.step("interp alt removed + future back at once", {run.edit(img, "![政务公开工作要点图解]", "![]"),
                                                         run.edit(fut, "(tujie-hl.png)", "(tujie.png)")})
    run.step("interp alt back", {run.edit(img, "![]", "![政务公开工作要点图解]")}, output=True)
    run.step("relative .md link with anchor", {run.edit(DOC, BODY, BODY + "见[年报](2021-90001.md#一、总体情况)与[x](../ysq/2021-90001.md#a)。")})
    run.step("relative .md link to a missing document", {run.edit(DOC, "(../ysq/2021-90001.md#a)", "(../ysq/2099-90001.md#a)")})
    run.step("relative .md link to the future document", {run.edit(DOC, "(../ysq/2099-90001.md#a)", "(2019-90077.md)")})
    run.step("links removed", {run.edit(DOC, "见[年报](2021-90001.md#一、总体情况)与[x](2019-90077.md)。", "")}, output=True)
    return 0 if run.ok else 1


if __name__ == "__main__":
    sys.exit(main())
