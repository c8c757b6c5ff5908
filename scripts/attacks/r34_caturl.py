"""Round 34, E: GK731's spelling (`https:` without `//`) in catalog.yaml's addresses: conac_url, error_report_url,
a column's apply_url, base_url; and a backslash form. Check codes and what the page's link holds."""
from __future__ import annotations

import re
import sys

from r33_common import build, check, codes, demo

CASES = {
    "conac": ("conac_url: https://www.example.gov.cn/kbzbs/", "conac_url: https:www.example.gov.cn/kbzbs/"),
    "wzzc": ("error_report_url: https://www.example.gov.cn/wzzc/", "error_report_url: https:www.example.gov.cn/wzzc/"),
    "apply": ("apply_url: https://www.example.gov.cn/ysqgk/zxsq/", "apply_url: https:www.example.gov.cn/ysqgk/zxsq/"),
    "apply-bs": ("apply_url: https://www.example.gov.cn/ysqgk/zxsq/", "apply_url: 'https:\\\\www.example.gov.cn/ysqgk/'"),
    "base": ("base_url: https://www.example.gov.cn/", "base_url: https:www.example.gov.cn/"),
}


def run(name):
    old, new = CASES[name]
    site = demo(f"caturl-{name}")
    cat = site / "catalog.yaml"
    t = cat.read_text(encoding="utf-8")
    assert old in t
    cat.write_text(t.replace(old, new, 1), encoding="utf-8")
    c = check(site)
    b = build(site)
    hrefs = set()
    if b.returncode == 0:
        for p in (site / "public").rglob("*.html"):
            hrefs |= set(re.findall(r'href="(https?:(?!//)[^"]*)"', p.read_text(encoding="utf-8")))
    cc = [x for x in codes(c) if x not in ("GK402", "GK515", "GK770", "GK921")]
    print(f"{name:8} check rc {c.returncode} {cc} build rc {b.returncode} hrefs without // {sorted(hrefs)[:3]}", flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or list(CASES):
        run(n)
