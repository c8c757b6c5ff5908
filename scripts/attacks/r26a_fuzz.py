"""Hostile round 26a: random sequences of changes, builds into two output folders (--out) sharing one cache,
random --date and --jobs; after each successful incremental build its output is compared with a clean build
of the same inputs (diff -r, .gkssg-output aside), and every output is grepped for withheld titles.
Usage: python scripts/attacks/r26a_fuzz.py SEED STEPS"""
from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26a_common import build, clean_twin, demo_site, diff  # noqa: E402

DATES = ["2025-02-20", "2025-06-29", "2025-07-01", "2026-01-10", "2026-05-20"]
SECRET = "r26a秘密"


def docs(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content/ysq").glob("*.md"))


def fm(path: Path, key: str, value: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text[4:].partition("\n---\n")
    lines = head.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(key + ":"):
            if value is None:
                del lines[i]
            else:
                lines[i] = f"{key}: {value}"
            break
    else:
        if value is not None:
            lines.insert(1, f"{key}: {value}")
    path.write_text("---\n" + "\n".join(lines) + sep + body, encoding="utf-8")


def title_of(path: Path) -> str:
    m = re.search(r"^标题: (.*)$", path.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else ""


def mutate(root: Path, rnd: random.Random) -> str:
    ds = docs(root)
    d = rnd.choice(ds)
    kind = rnd.choice(["title", "pub", "withhold", "publish", "link", "agency", "column", "theme", "unlink"])
    if kind == "title":
        fm(d, "标题", title_of(d).replace(SECRET, "") + f"（改{rnd.randint(0, 99)}）")
    elif kind == "pub":
        fm(d, "发布日期", rnd.choice(["2025-01-05", "2025-06-30", "2026-03-01", "2026-06-01"]))
    elif kind == "withhold":
        fm(d, "标题", SECRET + title_of(d))
        fm(d, "公开属性", "依申请公开")
    elif kind == "publish":
        fm(d, "标题", title_of(d).replace(SECRET, ""))
        fm(d, "公开属性", "主动公开")
    elif kind == "link":
        other = rnd.choice(ds)
        with d.open("a", encoding="utf-8") as f:
            f.write(f"\n\n参见[另一文件]({other.name})。\n")
    elif kind == "unlink":
        text = d.read_text(encoding="utf-8")
        d.write_text(re.sub(r"\n\n参见\[另一文件\]\([^)]*\)。\n", "", text), encoding="utf-8")
    elif kind == "agency":
        cat = root / "catalog.yaml"
        text = cat.read_text(encoding="utf-8")
        cat.write_text(text.replace("演示市演示区人民政府办公室", f"演示市演示区人民政府办公室{rnd.randint(0, 9)}", 1)
                       if "演示市演示区人民政府办公室" in text else text, encoding="utf-8")
    elif kind == "column":
        text = d.read_text(encoding="utf-8")
        target = rnd.choice(["法定主动公开内容>统计信息", "法定主动公开内容>履职依据>规范性文件"])
        d.write_text(re.sub(r"公开路径:\n(  - .*\n)+", f"公开路径:\n  - {target}\n", text, count=1), encoding="utf-8")
    elif kind == "theme":
        t = root / "themes/default/templates/partials/related.html"
        t.parent.mkdir(parents=True, exist_ok=True)
        src = Path(__file__).resolve().parents[2] / "themes/default/templates/partials/related.html"
        t.write_text(src.read_text(encoding="utf-8") + f"\n<!-- r26a {rnd.randint(0, 99)} -->\n", encoding="utf-8")
    return f"{kind} {d.name}"


def inputs(root: Path) -> list[Path]:
    return [root / "catalog.yaml"] + [p for top in ("content", "themes") for p in (root / top).rglob("*") if p.is_file()]


def main(seed: int, steps: int) -> int:
    rnd = random.Random(seed)
    root = demo_site(f"fuzz{seed}")
    outs = [root / "public", root / "out2"]
    broken = 0
    for step in range(steps):
        snapshot = {p: p.read_bytes() for p in inputs(root)}
        what = mutate(root, rnd) if step else "first"
        out = rnd.choice(outs)
        date = rnd.choice(DATES)
        jobs = rnd.choice(["1", "2"])
        p = build(root, date, "--out", str(out), "--jobs", jobs, check=False)
        if p.returncode != 0:
            print(f"step {step}: {what}: build failed (change undone)")
            for path in inputs(root):
                if path not in snapshot:
                    path.unlink()
            for path, data in snapshot.items():
                path.write_bytes(data)
            continue
        twin = clean_twin(root, date)
        d = diff(out, twin)
        leak = subprocess.run(["grep", "-rl", SECRET, str(out), str(twin)], capture_output=True, text=True).stdout
        print(f"step {step}: {what} -> {out.name} {date} jobs={jobs}: {'BROKEN' if d else 'same'}{' LEAK ' + leak if leak else ''}")
        if d:
            broken += 1
            print(d[:2500])
    return broken


if __name__ == "__main__":
    sys.exit(1 if main(int(sys.argv[1]), int(sys.argv[2])) else 0)
