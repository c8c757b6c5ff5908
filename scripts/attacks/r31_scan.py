"""Round 31: a leak scan that also reads the gzip-compressed search shards (public/search/*/*.bin), which a byte
grep of public/ cannot see. Usage: r31_scan.py SITE [NEEDLE ...]: each needle's files (decompressed where gzip)."""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

DEFAULT = ["ZBJG0003/2022-9000", "ZBJG0003-2022-9000", "2022-90003.md", "2022-90002.md", "2022-90001.md",
           "生态环境保护专项规划", "关于印发演示区老旧小区改造实施办法的通知", "促进小微企业发展若干措施"]


def contents(p: Path) -> bytes:
    data = p.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except OSError:
            return data
    return data


def scan(out: Path, needles) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    for p in sorted(out.rglob("*")):
        if p.is_file() and not p.is_symlink():
            data = contents(p)
            for n in needles:
                if n.encode() in data:
                    hits.setdefault(n, []).append(p.relative_to(out).as_posix())
    return hits


if __name__ == "__main__":
    site = Path(sys.argv[1])
    print(scan(site / "public", sys.argv[2:] or DEFAULT))
