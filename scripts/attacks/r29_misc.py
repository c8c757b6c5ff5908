"""Round 29: a body image/link naming a folder every way (GK722), doc: where a file is expected (附件, 媒体),
a document linking a file through %-escapes that leave content/, and the body link forms round 28 row 11 tried."""
from __future__ import annotations

import re
import sys

from r29_common import WORK, append_body, attack_sites, build, check

DOC = "content/ysq/2025-90023.md"
IMG = "content/ysq/2025-90026.md"


def edit(site, rel, old, new):
    p = site / rel
    t = p.read_text(encoding="utf-8")
    assert old in t, (rel, old)
    p.write_text(t.replace(old, new, 1), encoding="utf-8")


CASES = {
    "img-folder": "![图](media)", "img-folder-slash": "![图](media/)", "link-folder": "[表](files)",
    "link-dot": "[表](.)", "link-dotslash": "[表](./)", "img-pct-folder": "![图](%6Dedia)",
    "link-folder-query": "[表](files?x=1)", "link-folder-frag": "[表](files#x)", "img-backslash-folder": "![图](media\\)",
    "raw-img-folder": '<img src="media" alt="x">', "link-content-root": "[表](..)",
    "pct-dotdot": "[表](%2e%2e/%2e%2e/catalog.yaml)", "pct-dotdot-slash": "[表](..%2f..%2fcatalog.yaml)",
    "double-esc": "[表](%252e%252e/%252e%252e/catalog.yaml)", "overlong": "[表](%c0%ae%c0%ae/%c0%ae%c0%ae/catalog.yaml)",
    "backslash-out": "[表](..\\..\\catalog.yaml)", "pct-backslash-out": "[表](..%5c..%5ccatalog.yaml)",
    "pct-md": "[表](2021-90001%2Emd)", "pct-md-backslash": "[表](.%5C2021-90001.md)",
    "query-md": "[表](2021-90001.md?x=1)",
    "att-doc-scheme": None, "media-doc-scheme": None,
}


def run(name):
    site = attack_sites.demo_copy(WORK, f"misc-{name}")
    if name == "att-doc-scheme":
        edit(site, DOC, "file: files/bmb.docx}", "file: \"doc:ZBJG0003/2021-90001\"}")
    elif name == "media-doc-scheme":
        edit(site, IMG, "file: media/yitu.png", "file: \"doc:ZBJG0003/2021-90001\"")
    else:
        append_body(site / DOC, CASES[name])
    c = check(site)
    b = build(site)
    text = c.stdout + c.stderr + b.stdout + b.stderr
    bad = "TRACEBACK" if "Traceback" in text else ("内部错误" if "内部错误" in text else "")
    codes = sorted(set(re.findall(r"GK\d{3}", c.stdout)) - {"GK402", "GK515", "GK770", "GK921", "GK209"})
    msg = next((ln.strip() for ln in c.stdout.splitlines() if "错误" in ln and "GK" in ln), "")
    page = ""
    if b.returncode == 0:
        html = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
        m = re.findall(r"<a[^>]*>表</a>|<img[^>]*alt=\"(?:图|x)\"[^>]*>", html)
        page = str(m)
        leak = [p.name for p in (site / "public").rglob("*") if p.is_file() and b"index_no_pattern" in p.read_bytes()]
        page += f" catalog leaked {leak}" if leak else ""
    print(f"{name:22} check {c.returncode} build {b.returncode} {bad} {codes} {page} | {msg[:140]}", flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or CASES:
        run(n)
