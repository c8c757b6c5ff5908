"""Round 35, the stacked-star pattern (r35_pattern.py) as the site's index_no_pattern, and `gkssg new` for an agency
whose own pattern it is: the guard is shared, so is the time."""
from __future__ import annotations

import re
import shutil
import subprocess
import time

from r35_common import DATE, codes, demo, gk, md, row

STARS = r"^(?P<code>\d*)\d*\d*\d*\d*\d*\d*\d*(?P<serial>\d*)-$"


def main():
    site = demo("pattern2")
    cat = site / "catalog.yaml"
    text = cat.read_text(encoding="utf-8")
    lines = text.split("\n")  # the demo's site.index_no_pattern line, replaced
    at = next(i for i, ln in enumerate(lines) if ln.startswith("  index_no_pattern:"))
    lines[at] = "  index_no_pattern: '" + STARS + "'"
    text = "\n".join(lines)
    cat.write_text(text, encoding="utf-8")
    doc = md(site)
    doc.write_text(re.sub(r"(?m)^索引号: .*$", "索引号: " + "1" * 36 + "x", doc.read_text(encoding="utf-8")), encoding="utf-8")
    t = time.time()
    try:
        c = gk("check", "--site", str(site), "--date", DATE, timeout=90)
        said = f"rc {c.returncode} {codes(c)[:4]}"
    except subprocess.TimeoutExpired:
        said = "no answer in 90 s (killed)"
    secs = time.time() - t
    row("site.index_no_pattern with eight \\d* in a row, one 37-character 索引号 that fails",
        "BROKEN" if secs > 20 else "holds", f"check {said} after {secs:.1f} s; regex_guard passes the pattern (no GK012)")
    shutil.rmtree(site)


if __name__ == "__main__":
    main()
