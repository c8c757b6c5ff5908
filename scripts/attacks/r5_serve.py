"""Round 5, target 4: the resident `gkssg serve` (gkssg/serve/resident.py).

Promise: every page served equals what `gkssg build` writes for the same inputs; nothing that is
not 主动公开 or is future-dated is served.  One serve process on a 30-document sitegen site
(plus an unlinked file gen/extra.pdf); after each step (waiting until serve has been quiet for
2.5 s) the output folder is compared with a `gkssg build --clean` of a copy of the site, and
the edited document's page is fetched over HTTP and compared with the clean build's bytes.

Run: .venv/bin/python scripts/attacks/r5_serve.py
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import sitegen  # noqa: E402

PY = str(REPO / ".venv/bin/python")
DATE = "2026-11-01"
TMP = Path("/tmp/hostile5/serve")
GEN = sitegen.FOLDER
PORT = 18766


def tree(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.name == ".gkssg-output":
                data = data.split(b"\nfolder ", 1)[0]
            out[p.relative_to(root).as_posix()] = hashlib.sha256(data).hexdigest()
    return out


def doc(site, i):
    return site / GEN / f"d{i:06d}.md"


def sub(site, i, old, new, regex=False):
    f = doc(site, i)
    t = f.read_text()
    t2 = re.sub(old, new, t, flags=re.M) if regex else t.replace(old, new)
    assert t2 != t, (i, old)
    f.write_text(t2)


def body(site, i, text):
    sub(site, i, "## 一、总体要求", text + "\n\n## 一、总体要求")


STEPS = [
    ("body edit", lambda s: body(s, 2, "修订说明一。")),
    ("body links unlinked extra.pdf", lambda s: body(s, 3, "见[附件](extra.pdf)。")),
    ("body drops the only link to extra.pdf", lambda s: sub(s, 3, "见[附件](extra.pdf)。", "")),
    ("body links a secret .md by path", lambda s: body(s, 4, "见[另件](d000011.md)。")),
    ("body links ../../ysq/files/ysfa.pdf", lambda s: body(s, 5, "见[方案](../../ysq/files/ysfa.pdf)。")),
    ("edit then revert within 0.3 s", lambda s: (body(s, 6, "临时"), time.sleep(0.3), sub(s, 6, "临时\n\n", ""))),
    ("10 rapid body edits", lambda s: [(body(s, 7, f"第{k}次"), time.sleep(0.05)) for k in range(10)]),
    ("doc becomes 依申请公开", lambda s: sub(s, 21, "公开属性: 主动公开", "公开属性: 依申请公开")),
    ("body edit of now-secret doc", lambda s: body(s, 21, "秘密正文改动")),
    ("future 发布日期", lambda s: sub(s, 12, r"^发布日期: .*$", "发布日期: 2027-01-01", regex=True)),
    ("body edit + catalog.yaml edit together",
     lambda s: (body(s, 13, "同时改动"), (s / "catalog.yaml").write_text((s / "catalog.yaml").read_text() + "\n# x\n"))),
    ("deleted (and the one link to it removed)",
     lambda s: (sub(s, 15, "参见[相关文件]", "参见相关文件["), doc(s, 16).unlink())),
    ("body edit during a rebuild (catalog edit then body edit 0.5 s later)",
     lambda s: ((s / "catalog.yaml").write_text((s / "catalog.yaml").read_text() + "\n# y\n"), time.sleep(0.5),
                body(s, 17, "重建期间改动"))),
    ("body edit making the front matter invalid then fixing it",
     lambda s: (sub(s, 22, "公开属性: 主动公开", "公开属性: [主动公开"), time.sleep(3), sub(s, 22, "公开属性: [主动公开", "公开属性: 依申请公开"))),
    ("file replaced by a symlink to another doc (duplicate 索引号: must fail)", lambda s: (doc(s, 14).unlink(), doc(s, 14).symlink_to("d000015.md"))),
]


class Serve:
    def __init__(self, site, out):
        self.log = open(TMP / "serve.log", "w")
        self.p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "serve", "--site", str(site), "--out", str(out),
                                   "--bind", "127.0.0.1", "--port", str(PORT), "--date", DATE],
                                  stdout=self.log, stderr=subprocess.STDOUT)

    def size(self):
        return os.path.getsize(TMP / "serve.log")

    def quiet(self, before, limit=120):
        start = time.time()
        while time.time() - start < limit:
            if self.size() > before:
                break
            time.sleep(0.2)
        last, since = self.size(), time.time()
        while time.time() - since < 2.5 and time.time() - start < limit:
            time.sleep(0.2)
            if self.size() != last:
                last, since = self.size(), time.time()

    def stop(self):
        self.p.terminate()
        self.p.wait(10)


def main():
    shutil.rmtree(TMP, ignore_errors=True)
    TMP.mkdir(parents=True)
    site = sitegen.generate(TMP / "site", 30)
    sub(site, 11, "公开属性: 主动公开", "公开属性: 依申请公开")
    (site / GEN / "extra.pdf").write_bytes(b"%PDF-1.4 extra")
    out = TMP / "out"
    srv = Serve(site, out)
    srv.quiet(0, 180)
    bad = []
    for k, (name, step) in enumerate(STEPS):
        before = srv.size()
        step(site)
        srv.quiet(before)
        ref = TMP / f"ref{k}"
        shutil.copytree(site, ref, symlinks=True, ignore=shutil.ignore_patterns(".gkssg", "public"))
        r = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(ref), "--out", str(ref / "o"),
                            "--date", DATE, "--clean", "-j1"], capture_output=True, text=True)
        got = tree(out)
        want = tree(ref / "o") if r.returncode == 0 else None
        if want is None:
            print(f"{k:2d} {name}: clean build fails (rc={r.returncode}); serve keeps last good output")
            continue
        diff = sorted(p for p in got.keys() | want.keys() if got.get(p) != want.get(p))
        http_bad = []
        for rel in [p for p in want if p.endswith(".html")][:0] + diff[:5]:
            try:
                body_ = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/{rel}", timeout=10).read()
            except Exception as exc:  # noqa: BLE001
                body_ = repr(exc).encode()
            wantb = (ref / "o" / rel).read_bytes() if (ref / "o" / rel).exists() else b"<absent>"
            if body_ != wantb:
                http_bad.append(rel)
        ok = not diff
        print(f"{k:2d} {name}: {'ok' if ok else 'BAD'} differ={len(diff)} {diff[:4]} http-differs={http_bad[:3]}")
        if not ok:
            bad.append(name)
        shutil.rmtree(ref, ignore_errors=True)
    srv.stop()
    print("serve log tail:\n" + "".join(open(TMP / "serve.log").readlines()[-12:]))
    print("BAD:", bad)
    return bool(bad)


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
