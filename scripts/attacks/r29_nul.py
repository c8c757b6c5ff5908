"""Round 29, target 2: a NUL byte in every path a document or the catalog names, written every way (YAML
escape, %00, raw NUL byte in the file, &#0; entity, reference link, raw HTML), plus the dev server asked for
a URL with %00. Expected: a finding with file and line (or a usage error), never 内部错误 / a traceback."""
from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request

from r29_common import PY, REPO, WORK, append_body, attack_sites, build, check, tail

DOC = "content/ysq/2025-90023.md"


def edit(site, rel, old, new):
    p = site / rel
    t = p.read_text(encoding="utf-8")
    assert old in t, (rel, old)
    p.write_text(t.replace(old, new, 1), encoding="utf-8")


CASES = {
    "body-pct00-img": lambda s: append_body(s / DOC, "![图](media/yitu.png%00)"),
    "body-pct00-ref": lambda s: append_body(s / DOC, "[表][r]\n\n[r]: files/bmb%00.docx"),
    "body-raw-nul-link": lambda s: append_body(s / DOC, "[表](files/bmb\0.docx)"),
    "body-entity": lambda s: append_body(s / DOC, '<a href="files/bmb&#0;.docx">表</a> <img src="media/yitu&#x0;.png" alt="x">'),
    "body-raw-html-pct": lambda s: append_body(s / DOC, '<img src="media/yitu.png%00.svg" alt="x">'),
    "doc-link-nul": lambda s: append_body(s / DOC, "[文](doc:ZBJG0003/2021-90001%00)  [文2](doc:ZBJG0003/2021-90001\0)"),
    "md-link-nul": lambda s: append_body(s / DOC, "[文](2021-90001.md%00)"),
    "att-raw-nul": lambda s: edit(s, DOC, "file: files/bmb.docx}", "file: files/bmb\0.docx}"),
    "att-name-nul": lambda s: edit(s, DOC, "{name: 报名表（DOCX）", '{name: "报名\\0表"'),
    "catalog-emblem": lambda s: edit(s, "catalog.yaml", "police_emblem: content/site-ids/gaba-demo.png",
                                     'police_emblem: "content/site-ids/gaba-demo.png\\0"'),
    "catalog-badge-pct": lambda s: edit(s, "catalog.yaml", "conac_badge: content/site-ids/dzjg-demo.png",
                                        'conac_badge: "content/site-ids/dzjg%00-demo.png"'),
    "title-nul": lambda s: edit(s, DOC, "标题: 演示区2026", '标题: "演示区\\02026'.replace('"', "") + ""),
    "index-nul": lambda s: edit(s, DOC, "索引号: ZBJG0003/2025-90023", '索引号: "ZBJG0003/2025-90023\\0"'),
    "path-nul": lambda s: edit(s, DOC, "  - 法定主动公开内容>公务员招考", '  - "法定主动公开内容>公务员招考\\0"'),
}


def run_case(name, make):
    site = attack_sites.demo_copy(WORK, f"nul-{name}")
    make(site)
    c = check(site)
    b = build(site)
    text = c.stdout + c.stderr + b.stdout + b.stderr
    bad = "TRACEBACK" if "Traceback" in text else ("内部错误" if "内部错误" in text else "")
    codes = sorted(set(re.findall(r"GK\d{3}", c.stdout)) - {"GK402", "GK515", "GK770", "GK921", "GK209"})
    nul_out = [p.name for p in (site / "public").rglob("*") if p.is_file() and b"\0" in p.read_bytes()
               and p.suffix in (".html", ".json", ".xml")] if b.returncode == 0 else []
    line = next((ln.strip() for ln in c.stdout.splitlines() if "\\0" in ln or "空字符" in ln), "")
    print(f"{name:20} check {c.returncode} build {b.returncode} {bad} {codes} NUL in output {nul_out[:3]} | {line[:150]}",
          flush=True)
    if bad:
        print("   ", tail(b if "内部错误" in b.stdout + b.stderr else c, 300).replace("\n", " "))


def serve_nul() -> None:
    site = attack_sites.demo_copy(WORK, "nul-serve")
    build(site)
    p = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--no-build", "--port", "8621"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    try:
        time.sleep(3)
        for path in ["/files/ysq/files/bmb.docx%00", "/%00", "/docs/%00.html", "/files/ysq/files/bmb%00.docx.html",
                     "/search.html?q=%00", "/..%00/etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/files/..%2f..%2fcatalog.yaml",
                     "/files/ysq/files/bmb.docx%2500", "/%c0%ae%c0%ae/catalog.yaml", "/files\\..\\catalog.yaml"]:
            try:
                with urllib.request.urlopen("http://127.0.0.1:8621" + path, timeout=5) as r:
                    body = r.read()
                    print(f"serve {path}: {r.status} {len(body)} bytes {'CATALOG LEAK' if b'catalog' in body[:200] or b'root:' in body else ''}")
            except urllib.error.HTTPError as e:
                print(f"serve {path}: {e.code}")
            except Exception as e:  # noqa: BLE001
                print(f"serve {path}: {e!r}")
        print("serve alive:", p.poll() is None)
    finally:
        p.terminate()
        out = p.communicate(timeout=10)[0].decode(errors="replace")
        print("serve log has Traceback:", "Traceback" in out)


if __name__ == "__main__":
    names = sys.argv[1:] or [*CASES, "serve"]
    for n in names:
        serve_nul() if n == "serve" else run_case(n, CASES[n])
