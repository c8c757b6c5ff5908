"""Hostile round 27a, annual report import: a 表二 row of values under an empty name cell right after a block's
column headers is read as that block's first row, with a note. Adversarial tables through read_tables (in-process,
to see the cells) and through `gkssg report import` on a report of the real corpus (exit, message, time)."""
from __future__ import annotations

import sys
import time

from r27a_common import DATE, REPO, gkssg, real_site, traceback_in

sys.path.insert(0, str(REPO))
from gkssg.features.annual import formats as F  # noqa: E402
from gkssg.features.annual.importer import read_tables  # noqa: E402

H1 = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
H5 = "| 信息内容 | 本年处理决定数量 |\n"
H8 = "| 信息内容 | 本年收费金额（单位：万元） |\n"
CASES = {
    "unnamed row, then 规章 named below it (which wins, is the note true?)":
        H1 + "|  | 1 | 2 | 3 |\n| 规章 | 4 | 5 | 6 |\n| 行政规范性文件 | 0 | 0 | 0 |\n",
    "规章 named, then the header again and an unnamed row (overwrite?)":
        H1 + "| 规章 | 4 | 5 | 6 |\n" + H1 + "|  | 7 | 8 | 9 |\n",
    "unnamed row that is really 行政规范性文件 (规章 row printed after it)":
        H1 + "|  | 0 | 0 | 12 |\n| 规章 | 0 | 0 | 0 |\n",
    "two unnamed rows under one header": H1 + "|  | 1 | 1 | 1 |\n|  | 2 | 2 | 2 |\n",
    "value row before any header": "|  | 1 | 2 | 3 |\n" + H1 + "| 规章 | 0 | 0 | 0 |\n",
    "a table of only empty names": "|  |  |  |  |\n|  | 1 | 2 | 3 |\n|  | 4 | 5 | 6 |\n",
    "unnamed row with too few cells": H1 + "|  | 5 |\n",
    "unnamed row with too many cells": H1 + "|  | 1 | 2 | 3 | 4 | 5 |\n",
    "unnamed row without the empty name cell": H1 + "| 1 | 2 | 3 |\n",
    "unnamed row of 'na' cells": H1 + "|  | / | — | 无 |\n",
    "unnamed row, a text cell among values": H1 + "|  | 1 | 见附件 | 3 |\n",
    "unnamed row under 行政事业性收费's header": H8 + "|  | 12.5 |\n",
    "unnamed row under the shared (五)/(六) header": H5 + "|  | 7 |\n",
    "unnamed row with huge and negative numbers": H1 + "|  | 99999999999999999999999 | -5 | 1e9 |\n",
    "header with a caption cell in front": "| 第二十条第（一）项 | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|  | 1 | 2 | 3 |\n",
    "HTML table, unnamed row": "<table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
                               "<tr><td></td><td>1</td><td>2</td><td>3</td></tr></table>\n",
    "unnamed row holding <script>": H1 + "|  | <script>alert(1)</script> | 2 | 3 |\n",
    "unnamed row with zero-width space name": H1 + "| \u200b | 1 | 2 | 3 |\n",
    "unnamed row with full-width space name": H1 + "| \u3000 | 1 | 2 | 3 |\n",
}


def show(found) -> str:
    t2 = {f"{k[1]}/{k[2]}": v for k, v in found.cells.items() if k[0] == F.T2}
    return f"T2={t2} notes={found.notes} unread={found.unread}"


def main() -> int:
    for name, body in CASES.items():
        try:
            found = read_tables(body, 2025)
            print(f"[{name}]\n    {show(found)}")
        except Exception as exc:  # a traceback is a finding
            print(f"[{name}]\n    EXCEPTION {type(exc).__name__}: {exc}")
    # 10,000 rows: unnamed rows after headers, in-process and through the CLI
    big = (H1 + "|  | 1 | 2 | 3 |\n") * 5000
    t = time.time()
    found = read_tables(big, 2025)
    print(f"[10,000 rows, 5,000 header+unnamed pairs] {time.time() - t:.2f}s, notes {len(found.notes)},"
          f" first notes {found.notes[:1]}")
    big2 = "|  | 1 | 2 | 3 |\n" * 10000
    t = time.time()
    found = read_tables(big2, 2025)
    print(f"[10,000 unnamed rows, no header] {time.time() - t:.2f}s, T2 cells {sum(k[0] == F.T2 for k in found.cells)}")
    root = real_site("import")
    doc = root / "content/lsszf/2026-00747.md"
    text = doc.read_text(encoding="utf-8")
    for label, extra in (("CLI, 10,000 rows", big), ("CLI, adversarial mix", "".join(CASES.values()))):
        doc.write_text(text + "\n\n" + extra, encoding="utf-8")
        t = time.time()
        p = gkssg(root, "report", "import", str(doc))
        out = (p.stdout + p.stderr).splitlines()
        print(f"[{label}] exit {p.returncode} in {time.time() - t:.1f}s{' TRACEBACK' if traceback_in(p) else ''};"
              f" {len(out)} lines; first: {out[:2]}; last: {out[-1:]}")
        c = gkssg(root, "check", "--date", DATE)
        print(f"    check exit {c.returncode}{' TRACEBACK' if traceback_in(c) else ''}: "
              f"{[l.strip()[:160] for l in c.stdout.splitlines() if 'lsszf' in l or ('GK9' in l and '错误' in l)][:4]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
