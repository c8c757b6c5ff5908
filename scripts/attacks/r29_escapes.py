"""Round 29, target 6 and 1: odd file names as 附件, body links and body images, and escaped body links;
every href/src of the page fetched through python -m http.server, `gkssg serve` and nginx must return the
file it was named for. Path tricks (%2e%2e%2f, %00, %252e, overlong UTF-8, backslash) must be findings."""
from __future__ import annotations

import html
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from r29_common import PY, REPO, WORK, attack_sites, build, check, tail

NAMES = [*(["a\\b.pdf"] if "backslash" in sys.argv else []), "a b.pdf", "表#1.pdf", "q?x=1.pdf", "100%.pdf", "a%20b.pdf", "%252e.pdf", "a\"b.pdf", "a'b.pdf",
         "a+b.pdf", "a&b.pdf", "a;b.pdf", "说明 文件.pdf", "a%2Fb.pdf", "x..y.pdf", "#.pdf", "?.pdf", "%.pdf",
         "a<b>.pdf", "tab\tx.pdf", "a=b.pdf", "~x.pdf", "[1].pdf", "(1).pdf"]
IMAGES = ["i b.png", "i#1.png", "i?.png", "i%25.png", "图 片.png"]
SRC = "content/ysq/2025-90023.md"


def pdf(n: int) -> bytes:
    return b"%PDF-1.4\n%unique-" + str(n).encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def md_target(name: str) -> str:
    # what an author writes for a name with spaces etc.: <...> destination
    return urllib.parse.quote("files/e/" + name)


def make(site: Path) -> dict[str, bytes]:
    expect = {}
    folder = site / "content/ysq/files/e"
    folder.mkdir(parents=True)
    media = site / "content/ysq/media"
    png = (media / "yitu.png").read_bytes()
    atts, body = [], []
    for i, n in enumerate(NAMES):
        data = pdf(i)
        (folder / n).write_bytes(data)
        expect[f"A{i}"] = data
        atts.append(f"  - {{name: A{i}, file: {yaml_quote('files/e/' + n)}}}")
        if "\\" not in n:  # a%5Cb.pdf is read as a/b.pdf (backslash as /): noted in the report
            expect[f"L{i}"] = data
            body.append(f"[L{i}]({md_target(n)})")
    for j, n in enumerate(IMAGES):
        data = png + b"unique-img-" + str(j).encode()
        (media / n).write_bytes(data)
        expect[f"I{j}"] = data
        body.append(f"![I{j}]({urllib.parse.quote('media/' + n)})")
    # escaped and decorated links to real files
    (folder / "plain.pdf").write_bytes(pdf(100))
    expect["Q1"] = expect["Q2"] = expect["Q3"] = expect["Q4"] = expect["Q5"] = pdf(100)
    body += ["[Q1](files/e/plain.pdf?v=2)", "[Q2](files/e/pl%61in.pdf)", "[Q3](files\\e\\plain.pdf)",
             "[Q4](files/e/plain.pdf?v=1#p2)", "[Q5](./files/./e/../e/plain.pdf)"]
    md = site / SRC
    text = md.read_text(encoding="utf-8")
    text = text.replace("  - {name: 报名表（DOCX）, file: files/bmb.docx}",
                        "  - {name: 报名表（DOCX）, file: files/bmb.docx}\n" + "\n".join(atts))
    md.write_text(text + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return expect


def yaml_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


def page_links(page: str) -> list[tuple[str, str]]:
    out = []
    for m in re.finditer(r'<a\b[^>]*?href="([^"]*)"[^>]*>([^<]*)</a>', page):
        out.append((html.unescape(m.group(2)).strip(), html.unescape(m.group(1))))
    for m in re.finditer(r'<img\b[^>]*?>', page):
        alt = re.search(r'alt="([^"]*)"', m.group())
        src = re.search(r'src="([^"]*)"', m.group())
        if alt and src:
            out.append((html.unescape(alt.group(1)), html.unescape(src.group(1))))
    return out


def fetch(base: str, path: str) -> bytes | str:
    try:
        # as a browser sends it: non-ASCII, space, quotes and <> %-escaped as UTF-8, the #fragment dropped
        path = "".join(urllib.parse.quote(ch) if ord(ch) > 127 or ch in ' "<>' else ch for ch in path.split("#")[0])
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.read()
    except Exception as exc:  # noqa: BLE001
        return f"ERR {exc}"


def wait_port(port: int) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return
        except Exception:  # noqa: BLE001
            time.sleep(0.2)


def nginx(out: Path, port: int) -> subprocess.Popen:
    conf = WORK / "nginx-esc.conf"
    conf.write_text(f"""daemon off; pid {WORK}/nginx.pid; error_log {WORK}/nginx.err;
events {{}}
http {{ access_log off; client_body_temp_path {WORK}/nb; proxy_temp_path {WORK}/np; fastcgi_temp_path {WORK}/nf;
uwsgi_temp_path {WORK}/nu; scgi_temp_path {WORK}/ns;
server {{ listen 127.0.0.1:{port}; root {out}; charset utf-8; }} }}
""")
    return subprocess.Popen(["/usr/sbin/nginx", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    site = attack_sites.demo_copy(WORK, "esc")
    expect = make(site)
    c = check(site)
    print("check rc", c.returncode, sorted(set(re.findall(r"GK\d{3}", c.stdout))), tail(c, 600).replace("\n", " | ")[-600:])
    b = build(site)
    print("build rc", b.returncode, tail(b, 300))
    if b.returncode:
        return
    out = site / "public"
    page_rel = "docs/ZBJG0003-2025-90023.html"
    page = (out / page_rel).read_text(encoding="utf-8")
    links = [(k, v) for k, v in page_links(page) if k in expect]
    print("links found", len(links), "of", len(expect), "missing:", sorted(set(expect) - {k for k, _ in links}))
    for k, v in page_links(page):
        if re.fullmatch(r"[ALIQ]\d+", k) is None and ("files/e" in v or "media/" in v):
            print("  other", k, v)
    procs = []
    servers = {}
    p = subprocess.Popen([sys.executable, "-m", "http.server", "8611", "--bind", "127.0.0.1", "-d", str(out)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(p); servers["http.server"] = 8611
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    p = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--no-build", "--port", "8612"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    procs.append(p); servers["gkssg serve"] = 8612
    procs.append(nginx(out, 8613)); servers["nginx"] = 8613
    try:
        for port in servers.values():
            wait_port(port)
        bad = {s: [] for s in servers}
        for key, href in links:
            url = urllib.parse.urljoin("/" + page_rel, href)
            for s, port in servers.items():
                got = fetch(f"http://127.0.0.1:{port}", url)
                if got != expect[key]:
                    bad[s].append(f"{key} {href!r} -> {got[:60] if isinstance(got, str) else got[:20]!r}")
        for s, rows in bad.items():
            print(f"{s}: {len(links) - len(rows)}/{len(links)} ok", *rows, sep="\n   ")
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)


if __name__ == "__main__":
    main()
