"""Bad site.page_size values in catalog.yaml: each build must refuse with a clear Chinese GK message (no
traceback), or build a site whose listings are sound (crawl: no broken link, no orphan deep page).

    PYTHONPATH=$PWD python scripts/attacks/r24a_pagesize.py
"""
from pathlib import Path

from r24a_common import build, crawl, excerpt, generate, page_size, say

site = generate("psize", 30)
for value in ("0", "-1", '"20"', "'3'", "2.5", "3.0", "true", "10**9", "1000000000", "999999999999999999999999",
              "null", "[]", "1e3", "0x10", "+3", "１０"):
    page_size(site, value)
    rc, out = build(site)
    tb = "Traceback" in out
    code = next((w for w in out.split() if w.startswith("GK")), "")
    broken, orphans = crawl(Path(site) / "public") if rc == 0 else ([], [])
    verdict = "BROKEN" if tb or broken or orphans or (rc != 0 and not code) else "holds "
    say(f"{verdict}\tpage_size: {value}\trc={rc}\t{code}\tbroken={len(broken)} orphans={len(orphans)}"
        f"\t{excerpt(out[-220:], 220) if rc else ''}")
