"""Round 11r: GK724–GK727 after body edits when files are shared through other names (a hard link,
a symlink, ./ and ../ spellings) between a public, a future and a 依申请公开 document; edits of two
documents at once. After each step the resident's findings (and at the end its output) = a clean one's."""
from __future__ import annotations

import os
import sys

from r11r_common import BODY, DOC, FUTURE, PDF, PRIVATE, Run


def prepare(run: Run) -> None:
    f = run.folder
    (f / "shared.pdf").write_bytes(PDF)
    os.link(f / "shared.pdf", f / "hl.pdf")
    os.symlink("shared.pdf", f / "sl.pdf")
    (f / "future.pdf").write_bytes(PDF + b"%f\n")
    (f / "other.pdf").write_bytes(PDF + b"%o\n")
    (f / "2019-90077.md").write_text(FUTURE, encoding="utf-8")
    (f / "2019-90079.md").write_text(PRIVATE.replace("附件:\n  - {name: 附件1, file: future.pdf}\n", ""), encoding="utf-8")
    p = run.site / DOC
    p.write_text(p.read_text(encoding="utf-8").replace(BODY, BODY + "\n\n附件见[附件](shared.pdf)。"), encoding="utf-8")


def main() -> int:
    run = Run("files", prepare)
    rel = run.folder.relative_to(run.site).as_posix()
    fut, priv = f"{rel}/2019-90077.md", f"{rel}/2019-90079.md"
    run.step("public: shared.pdf -> ./shared.pdf", {run.edit(DOC, "(shared.pdf)", "(./shared.pdf)")}, output=True)
    run.step("public: -> sl.pdf (symlink)", {run.edit(DOC, "(./shared.pdf)", "(sl.pdf)")}, output=True)
    run.step("public: -> hl.pdf (hard link, P's attachment)", {run.edit(DOC, "(sl.pdf)", "(hl.pdf)")}, output=True)
    run.step("public: -> shared.pdf", {run.edit(DOC, "(hl.pdf)", "(shared.pdf)")}, output=True)
    run.step("future: + [x](sl.pdf)", {run.edit(fut, "本通知将于明年发布。", "本通知将于明年发布，见[x](sl.pdf)。")})
    run.step("future: sl -> other.pdf", {run.edit(fut, "(sl.pdf)", "(other.pdf)")})
    run.step("private: + [y](future.pdf)", {run.edit(priv, "本通知依申请公开。", "本通知依申请公开，见[y](future.pdf)。")})
    run.step("both at once: future -> hl.pdf, private -> other.pdf",
             {run.edit(fut, "(other.pdf)", "(hl.pdf)"), run.edit(priv, "(future.pdf)", "(other.pdf)")})
    run.step("both at once: back", {run.edit(fut, "(hl.pdf)", "(other.pdf)"), run.edit(priv, "(other.pdf)", "(future.pdf)")})
    run.step("private: ../ spelling", {run.edit(priv, "(future.pdf)", f"(../{run.folder.name}/future.pdf)")})
    run.step("future: link removed", {run.edit(fut, "，见[x](other.pdf)", "")})
    run.step("private: link removed", {run.edit(priv, f"，见[y](../{run.folder.name}/future.pdf)", "")}, output=True)
    return 0 if run.ok else 1


if __name__ == "__main__":
    sys.exit(main())
