"""Round 28, target 2: odd 附件 / body paths: NUL, trailing slash on a file, a name too long (ENAMETOOLONG), a path
too deep, a symlink loop, an unreadable file, /proc and /dev written directly: no traceback or hang, Chinese
message with file:line."""
from __future__ import annotations

import os
import subprocess

from r28_common import WORK, attack_sites, build, check

DOC = "content/ysq/2025-90023.md"


def attach(site, target):
    p = site / DOC
    p.write_text(p.read_text(encoding="utf-8").replace("{name: 报名表（DOCX）, file: files/bmb.docx}",
                                                      "{name: 报名表, file: \"" + target + "\"}"), encoding="utf-8")


def body(site, text):
    p = site / DOC
    p.write_text(p.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


F = "content/ysq/files/"
CASES = {
    "att-nul": lambda s: attach(s, "files/bmb.docx\\0x"),
    "att-trailing-slash": lambda s: attach(s, "files/bmb.docx/"),
    "att-too-long": lambda s: attach(s, "files/" + "长" * 200 + ".pdf"),
    "att-too-deep": lambda s: attach(s, "files/" + "a/" * 3000 + "x.pdf"),
    "att-loop": lambda s: (os.symlink("loop2.pdf", s / F / "loop1.pdf"), os.symlink("loop1.pdf", s / F / "loop2.pdf"),
                           attach(s, "files/loop1.pdf")),
    "att-unreadable": lambda s: (os.chmod(s / F / "bmb.docx", 0), attach(s, "files/bmb.docx")),
    "att-proc-direct": lambda s: attach(s, "/proc/self/environ"),
    "att-dev-direct": lambda s: attach(s, "../../../../../../dev/zero"),
    "att-file-url": lambda s: attach(s, "file:///dev/zero"),
    "att-percent": lambda s: attach(s, "files/bmb%2Edocx"),
    "body-nul": lambda s: body(s, "[x](files/bmb.docx%00.html)"),
    "body-too-long": lambda s: body(s, "[x](files/" + "长" * 200 + ".pdf)"),
    "body-dev": lambda s: body(s, "![x](../../../../../../dev/zero)"),
    "body-proc": lambda s: body(s, "[x](/proc/self/environ)"),
    "body-loop": lambda s: (os.symlink("loop2.pdf", s / F / "loop1.pdf"), os.symlink("loop1.pdf", s / F / "loop2.pdf"),
                            body(s, "[x](files/loop1.pdf)")),
}
for name, make in CASES.items():
    site = attack_sites.demo_copy(WORK, "odd-" + name)
    make(site)
    for label, run in (("check", check), ("build", build)):
        try:
            r = run(site)
            text = r.stdout + r.stderr
            lines = [l.strip() for l in text.splitlines() if "GK" in l and "错误" in l and "GK770" not in l]
            rc = r.returncode
            tb = "Traceback" in text or "内部错误" in text
        except subprocess.TimeoutExpired:
            rc, lines, tb = "HANG", [], False
        print(f"{name:18} {label}: rc {rc}; internal {tb}; {lines[:2]}", flush=True)
