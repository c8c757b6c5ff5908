"""Round 30, target 4: Windows-style 附件 paths (GK704 for a backslash, ffd0e6a): how each spelling is
reported (a non-programmer's reading), and whether any reaches 内部错误 or a traceback."""
from __future__ import annotations

import re
import sys

from r30_common import WORK, attack_sites, build, check, tail

SRC = "content/ysq/2025-90023.md"
ORIG = "  - {name: 报名表（DOCX）, file: files/bmb.docx}"

VARIANTS = {
    "plain": r"  - {name: 报名表（DOCX）, file: files\bmb.docx}",
    "single-q": r"  - {name: 报名表（DOCX）, file: 'files\bmb.docx'}",
    "double-q-esc": r'  - {name: 报名表（DOCX）, file: "files\\bmb.docx"}',
    "double-q-bs": r'  - {name: 报名表（DOCX）, file: "files\bmb.docx"}',   # YAML \b = backspace
    "double-q-x": r'  - {name: 报名表（DOCX）, file: "files\xmb.docx"}',   # invalid YAML escape
    "dotdot": r"  - {name: 报名表（DOCX）, file: ..\..\catalog.yaml}",
    "drive": r"  - {name: 报名表（DOCX）, file: C:\Users\张三\报名表.docx}",
    "unc": r"  - {name: 报名表（DOCX）, file: \\server\share\bmb.docx}",
    "dot-bs": r"  - {name: 报名表（DOCX）, file: .\files\bmb.docx}",
    "trailing": "  - {name: 报名表（DOCX）, file: files/bmb.docx\\}",
    "fullwidth": "  - {name: 报名表（DOCX）, file: files＼bmb.docx}",
    "yen": "  - {name: 报名表（DOCX）, file: files¥bmb.docx}",
}


def run(name: str, line: str) -> str:
    site = attack_sites.demo_copy(WORK, f"bs-{name}")
    md = site / SRC
    md.write_text(md.read_text(encoding="utf-8").replace(ORIG, line), encoding="utf-8")
    c = check(site)
    msgs = [ln.strip() for ln in (c.stdout + c.stderr).splitlines()
            if re.search(r"错误|内部|Traceback", ln) and "检查完成" not in ln]
    b = build(site)
    return f"{name}: check rc {c.returncode}; build rc {b.returncode}\n   " + "\n   ".join(msgs[:3]) + \
        ("" if b.returncode in (0, 1) else f"\n   BUILD: {tail(b, 200)}")


if __name__ == "__main__":
    for n in sys.argv[1:] or VARIANTS:
        print(run(n, VARIANTS[n]), flush=True)
