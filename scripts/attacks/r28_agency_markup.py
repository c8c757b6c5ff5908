"""Round 28, target 5: an agency name with markup in catalog.yaml (the search rows now carry the catalog's name):
found by that name, the search page must show it as text (no element made, no script run)."""
from __future__ import annotations

import sys

from r28_common import REPO, WORK, attack_sites, build, gk

sys.path.insert(0, str(REPO / "tests"))
from browser import serve  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

EVIL = '黔江<img src=x onerror="window.__pwn=28">区&lt;b&gt;政府"\'</script><script>window.__pwn2=1</script>'
site = attack_sites.demo_copy(WORK, "agmk")
cat = site / "catalog.yaml"
t = cat.read_text(encoding="utf-8")
t = t.replace("    name: 重庆市黔江区人民政府\n", "    name: '" + EVIL.replace("'", "''") + "'\n", 1)
cat.write_text(t, encoding="utf-8")
for md in (site / "content").rglob("*.md"):
    x = md.read_text(encoding="utf-8")
    if "发布机构: 重庆市黔江区人民政府\n" in x:
        md.write_text(x.replace("发布机构: 重庆市黔江区人民政府\n", "发布机构: 黔江区人民政府\n"), encoding="utf-8")
r = build(site)
print("build rc", r.returncode, [l for l in r.stderr.splitlines() + r.stdout.splitlines() if "GK" in l and "错误" in l][:3])
if r.returncode == 0:
    q = "黔江区政府"
    py = gk("search", "黔江", "--site", str(site), "--json", "--date", "2026-12-07")
    print("py publisher has name:", "onerror" in py.stdout)
    with serve(site / "public") as url, sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = b.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for q in ("黔江", "黔江区政府", "onerror", "window", "lt b gt", "script"):
            page.goto(url + "search.html?q=" + q)
            page.wait_for_function("() => { const s = document.getElementById('search-status').textContent; "
                                   "return s && !s.startsWith('正在'); }", timeout=20000)
            imgs = page.eval_on_selector_all("#search-results img, #search-results script, #search-results b", "e => e.length")
            pwn = page.evaluate("() => [window.__pwn, window.__pwn2]")
            txt = page.inner_text("#search-results")[:200].replace("\n", " | ")
            print(f"{q}: injected elements {imgs}, pwn {pwn}, dialogs {dialogs}; shows: {txt[:160]}")
        b.close()
    # pages made from the catalog name
    hits = [p for p in (site / "public").rglob("*.html") if b"onerror=\"window" in p.read_bytes()]
    print("raw markup in html pages:", [str(h) for h in hits[:5]])
