"""Hostile round 27a, 落款 marking: gkssg/render/markdown.py binds _HEADING twice (line 49, the heading shifter's
pattern with groups; line 269, mark_signoff's pattern without groups); the second wins, so the h1 shift in
markdown_fragment calls m.group(1) on a match that has no group. A body with one `# 标题` line: `gkssg build`
and `gkssg check` on a copy of the demo site. Also: does the public site keep its previous output (a failed build
leaves it untouched)?"""
from __future__ import annotations

import sys

from r27a_common import demo_site, gkssg, traceback_in

DOC = "content/qjqzf/2017-00861.md"
DATE = "2026-12-07"


def main() -> int:
    root = demo_site("h1")
    first = gkssg(root, "build", "--date", DATE)
    print(f"clean build exit {first.returncode}")
    before = (root / "public/index.html").read_bytes() if (root / "public/index.html").exists() else b""
    path = root / DOC
    path.write_text(path.read_text(encoding="utf-8") + "\n\n# 附件\n\n任务分工表\n", encoding="utf-8")
    for cmd in (("check", "--date", DATE), ("build", "--date", DATE)):
        p = gkssg(root, *cmd)
        out = (p.stdout + p.stderr).strip().splitlines()
        print(f"gkssg {cmd[0]} with a '# 附件' line in {DOC}: exit {p.returncode}"
              f"{' TRACEBACK' if traceback_in(p) else ''}")
        for line in out[-6:]:
            print("    " + line[:300])
    after = (root / "public/index.html").read_bytes() if (root / "public/index.html").exists() else b""
    print(f"previous output kept: {before == after and bool(before)}")
    return 1 if traceback_in(p) else 0


if __name__ == "__main__":
    sys.exit(main())
