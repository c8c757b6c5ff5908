"""Hostile round 26a: GK007 with odd agency ids (catalog.yaml): bidi marks, combining characters, a lone
surrogate (YAML escape), NUL, a very long id, an id that is only a zero-width space, fullwidth letters,
a backslash, an emoji; prints `gkssg check`'s GK007 lines (repr) to show what a reader sees.
Usage: python scripts/attacks/r26a_gk007.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26a_common import demo_site, gkssg  # noqa: E402

IDS = [r'"cq\u200fszfbgt"', r'"cqs\u0301zfbgt"', r'"cq\ud800szfbgt"', r'"cq\0szfbgt"', '"' + "a" * 3000 + 'B"',
       r'"\u200b"', '"ｃｑｓｚｆｂｇｔ"', r'"cq\\szfbgt"', '"cq🙂"', r'"\u202ecqszfbgt"', r'"cq\x1bszfbgt"', '"-cq"',
       r'"cq\u0085"', r'"Ａ"']

if __name__ == "__main__":
    for value in IDS:
        root = demo_site("gk007")
        cat = root / "catalog.yaml"
        cat.write_text(cat.read_text(encoding="utf-8").replace("  - id: cqszfbgt", f"  - id: {value}", 1),
                       encoding="utf-8")
        p = gkssg(root, "check", check=False)
        lines = [ln for ln in (p.stdout + p.stderr).splitlines() if "GK007" in ln or "Traceback" in ln
                 or "Error" in ln]
        print(f"{value[:30]:32} rc={p.returncode} {[ln[:220] for ln in lines][:2]!r}")
