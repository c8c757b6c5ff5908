"""Hostile round 26b: damage to the served search/ files (a byte flipped in a p/ pack, a k/ shard cut short, the
manifest emptied) before the next build, with nothing changed / with one body edit / with a withdrawal among the
newest; the build after must equal a clean build (diff -r).
Usage: python r26b_outdamage.py [CASE ...]"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26b_common import WORK, build, clean_twin, diff, generated, set_field  # noqa: E402
from r26b_swap import DATE, plain_public  # noqa: E402


def base() -> Path:
    root = WORK / "outdamage-base"
    if not (root / "catalog.yaml").exists():
        root = generated("outdamage-base", 300, 6)
    return root


def damage(out: Path) -> None:
    p = sorted((out / "search" / "p").glob("*.bin"))[0]
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0x55
    p.write_bytes(bytes(data))
    k = sorted((out / "search" / "k").glob("*.bin"))[1]
    k.write_bytes(k.read_bytes()[:10])
    (out / "search" / "manifest.json").write_text("{}", encoding="utf-8")


def case(name: str) -> bool:
    root = WORK / name
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(base(), root)
    assert build(root, DATE, "--jobs", "1")[0] == 0
    damage(root / "public")
    if name == "edit":
        d = plain_public(root)[-1]
        d.write_text(d.read_text(encoding="utf-8") + "\n追加一句。\n", encoding="utf-8")
    elif name == "withdraw":
        set_field(plain_public(root)[-2], "公开属性", "依申请公开")
    rc, how = build(root, DATE, "--jobs", "1")
    d = diff(root / "public", clean_twin(root, DATE, "--jobs", "1")) if rc == 0 else "failed " + how
    print(f"== {name} ({how}): {'BROKEN' if d else 'holds'}")
    if d:
        print(d[:1200])
    return not d


if __name__ == "__main__":
    ok = [case(n) for n in sys.argv[1:] or ["nochange", "edit", "withdraw"]]
    sys.exit(0 if all(ok) else 1)
