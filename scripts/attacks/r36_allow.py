"""Round 36, row 11: the "no document at all" form of GK120 and its way out (--allow-empty / --allow-drop) under
check --changed: every document deleted (folders kept), every agency folder removed (GK019 then), every document
依申请公开, each with and without the flag."""
from __future__ import annotations

import shutil
import sys

from r36_common import committed, set_field, standard, verdict


def main() -> int:
    broken = 0
    cases = {
        "every document deleted (folders kept)": lambda s: [p.unlink() for p in s.glob("content/*/*.md")],
        "both agency folders removed (GK019)": lambda s: [shutil.rmtree(s / "content" / f) for f in ("cq", "qj")],
        "every document 依申请公开": lambda s: [set_field(p, "公开属性", "依申请公开") for p in s.glob("content/*/*.md")],
    }
    for n, (label, change) in enumerate(cases.items()):
        for flag in ((), ("--allow-empty",), ("--allow-drop",)):
            site = committed(f"allow-{n}-{len(flag) and flag[0][8:]}", standard())
            change(site)
            broken += verdict(f"{label} {' '.join(flag)}", site, *flag)["state"] == "BROKEN"
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
