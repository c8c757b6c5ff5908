"""Round 11r: random body edits (seeded) on the demo site with a future and two 依申请公开 documents
and files shared by name, hard link and symlink: each step edits one to three documents at once
(file links in the non-public ones; hosts, doc: links, .md links, ID/mobile numbers, inline style,
image alt anywhere), and the resident's findings must equal a clean check's after every step."""
from __future__ import annotations

import os
import random
import sys

from r11r_common import DOC, FUTURE, IMAGE, PDF, PNG, PRIVATE, Run

MARK = "<!-- r11r -->"
PUBLIC_SNIPPETS = ["见 https://a.example/x 。", "见 http://cqxs.gov.cn/y 。", "见 https://b.example/z 。",
                   "详见[通知](doc:11500000009275780L/2019-90077)。", "详见[要点](doc:11500000009275780L/2019-90001)。",
                   "详见[不存在](doc:11500000009275780L/2019-99999)。", "手机：13812345678。",
                   "<span style=\"color:red\">注意</span>", "见[年报](2021-90001.md)。", ""]
FILE_SNIPPETS = ["[a](shared.pdf)", "[b](hl.pdf)", "[c](sl.pdf)", "[d](future.pdf)", "[e](./other.pdf)",
                 "![图](tujie.png)", "![图](tujie-hl.png)", "![](tujie-sl.png)", "[f](../cqszfbgt/shared.pdf)", ""]


def prepare(run: Run) -> None:
    f = run.folder
    (f / "shared.pdf").write_bytes(PDF)
    os.link(f / "shared.pdf", f / "hl.pdf")
    os.symlink("shared.pdf", f / "sl.pdf")
    (f / "future.pdf").write_bytes(PDF + b"%f\n")
    (f / "other.pdf").write_bytes(PDF + b"%o\n")
    (f / "tujie.png").write_bytes(PNG)
    os.link(f / "tujie.png", f / "tujie-hl.png")
    os.symlink("tujie.png", f / "tujie-sl.png")
    (f / "2019-90077.md").write_text(FUTURE + MARK + "\n", encoding="utf-8")
    (f / "2019-90078.md").write_text(IMAGE + MARK + "\n", encoding="utf-8")
    private = PRIVATE.replace("附件:\n  - {name: 附件1, file: future.pdf}\n", "")
    (f / "2019-90079.md").write_text(private + MARK + "\n", encoding="utf-8")
    (f / "2019-90080.md").write_text(private.replace("2019-90079", "2019-90080").replace("依申请公开的通知", "第二份依申请公开的通知")
                                     + MARK + "\n", encoding="utf-8")
    p = run.site / DOC
    p.write_text(p.read_text(encoding="utf-8") + "\n" + MARK + "\n", encoding="utf-8")


def main(seed: int = 11, steps: int = 30) -> int:
    rnd = random.Random(seed)
    run = Run(f"fuzz{seed}", prepare)
    rel = run.folder.relative_to(run.site).as_posix()
    public = [DOC, f"{rel}/2019-90078.md"]
    hidden = [f"{rel}/2019-90077.md", f"{rel}/2019-90079.md", f"{rel}/2019-90080.md"]
    for number in range(steps):
        chosen = rnd.sample(public + hidden, rnd.randint(1, 3))
        paths, what = set(), []
        for source in chosen:
            path = run.path(source)
            text = path.read_text(encoding="utf-8")
            head, _, _ = text.partition(MARK)
            pool = PUBLIC_SNIPPETS + (FILE_SNIPPETS if source in hidden else [])
            extra = "".join(rnd.sample(pool, rnd.randint(0, 3)))
            if source.endswith("2019-90078.md") and rnd.random() < 0.3:
                head = head.replace("![政务公开工作要点图解]", "![]") if "![政务" in head else head.replace("![]", "![政务公开工作要点图解]")
            path.write_text(head + MARK + "\n" + extra + "\n", encoding="utf-8")
            paths.add(path)
            what.append(f"{source.rsplit('/', 1)[1]}:{extra[:60]}")
        run.step(f"step {number}: {' | '.join(what)}", paths, output=number % 10 == 9)
    return 0 if run.ok else 1


if __name__ == "__main__":
    sys.exit(main(*map(int, sys.argv[1:])))
