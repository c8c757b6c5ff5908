"""Attack C: does any byte of a non-public (依申请公开/不予公开) or future-dated document reach
search/ after sequences of edits and incremental builds?  Each secret document carries rare
characters (龘 靐 齉 爨 with a per-step suffix) found nowhere else; after every build every file under
search/ is scanned raw and every gzip member in it decompressed and scanned.
Run: .venv/bin/python scripts/attacks/c_search_leak.py [STEPS]"""
from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b_kill9_build import DATE, PY, sitegen  # noqa: E402

RARE = "龘靐齉爨"


def scan(out: Path) -> list[str]:
    hits = []
    needles = [c.encode() for c in RARE]
    for f in sorted((out / "search").rglob("*")):
        if not f.is_file():
            continue
        data = f.read_bytes()
        blobs = []  # raw compressed bytes are not text: only what decompresses
        i = data.find(b"\x1f\x8b")
        while i != -1:
            try:
                d = zlib.decompressobj(31)
                blobs.append(d.decompress(data[i:i + 4_000_000]))
            except zlib.error:
                pass
            i = data.find(b"\x1f\x8b", i + 2)
        for b in blobs:
            for n in needles:
                if n in b:
                    hits.append(f"{f.relative_to(out)} contains {n.decode()}")
                    break
            else:
                continue
            break
    return hits


def setmeta(p: Path, key: str, value: str):
    lines = p.read_text("utf-8").split("\n")
    for k, line in enumerate(lines):
        if line.startswith(key + ":"):
            lines[k] = f"{key}: {value}"
    p.write_text("\n".join(lines), "utf-8")


def build(site):
    r = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", DATE, "--jobs", "2"],
                       capture_output=True, text=True)
    return r.returncode, r.stderr


def main(steps):
    rng = random.Random(11)
    tmp = Path(tempfile.mkdtemp(prefix="h4l-"))
    site = tmp / "site"
    sitegen.generate(site, 80)
    folder = site / sitegen.FOLDER
    plain = [p for p in sorted(folder.glob("d*.md")) if "体裁分类: 通知" in p.read_text("utf-8")
             and int(p.stem[1:]) % 10 != 8 and int(p.stem[1:]) % 20 != 4]
    assert build(site)[0] == 0
    bad = 0
    secret: set[Path] = set()
    for step in range(steps):
        p = rng.choice(plain)
        action = rng.choice(["withdraw", "future", "secret_edit", "publish_back", "title", "retitle_secret"])
        t = p.read_text("utf-8")
        if action == "withdraw":
            p.write_text(t.replace("## 一、总体要求", f"## 一、总体要求{RARE[step % 4]}机密{step}", 1), "utf-8")
            setmeta(p, "公开属性", rng.choice(["依申请公开", "不予公开"])); secret.add(p)
        elif action == "future":
            setmeta(p, "发布日期", "2027-03-0" + str(1 + step % 9))
            setmeta(p, "标题", f"未来文件{RARE[step % 4]}{step}"); secret.add(p)
        elif action == "secret_edit" and secret:
            q = rng.choice(sorted(secret))
            q.write_text(q.read_text("utf-8").replace("## 一、总体要求", f"## 一、总体要求{RARE[(step + 1) % 4]}{step}", 1), "utf-8")
        elif action == "retitle_secret" and secret:
            q = rng.choice(sorted(secret))
            setmeta(q, "标题", f"新标题{RARE[(step + 2) % 4]}{step}")
        elif action == "publish_back" and secret:
            q = rng.choice(sorted(secret))
            # publishing back: remove the rare chars first, then make public
            q.write_text("".join(ch for ch in q.read_text("utf-8") if ch not in RARE), "utf-8")
            setmeta(q, "公开属性", "主动公开")
            setmeta(q, "发布日期", "2026-10-30")
            secret.discard(q)
        else:
            p.write_text(t.replace("## 一、总体要求", f"## 一、总体要求改{step}", 1), "utf-8")
        code, err = build(site)
        hits = scan(site / "public") if code == 0 else []
        status = "ok" if not hits else "LEAK " + "; ".join(hits[:3])
        if code != 0:
            status = "build failed: " + err.strip().splitlines()[-1][:100]
        print(f"step {step} {action} {p.name}: {status}", flush=True)
        bad += bool(hits)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main(int(sys.argv[1]) if len(sys.argv) > 1 else 20) else 0)
