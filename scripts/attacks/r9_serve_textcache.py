"""Round 9, attack 2 via gkssg serve: .gkssg/search/text.cache damaged (a byte of the first batch's
texts flipped; two keys exchanged) while the server runs, then a resident body edit and settle():
no crash, and the output = a clean build's."""
from __future__ import annotations

import datetime as dt
import io
import marshal
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from conftest import copy_demo  # noqa: E402
from test_serve_resident import clean_build, tree  # noqa: E402

from gkssg.serve.resident import Resident  # noqa: E402

TMP = Path("/tmp/hostile9/servetc")


def flip(data: bytes) -> bytes:
    f = io.BytesIO(data)
    marshal.load(f)
    marshal.load(f)
    b = bytearray(data)
    b[f.tell() + 40] ^= 1
    return bytes(b)


def swap(data: bytes) -> bytes:
    f = io.BytesIO(data)
    version = marshal.load(f)
    keys, length, digest = marshal.load(f)
    rest = f.read()
    g = io.BytesIO()
    marshal.dump(version, g)
    marshal.dump(([keys[1], keys[0], *keys[2:]], length, digest), g)
    return g.getvalue() + rest


def main() -> int:
    bad = 0
    for name, damage in (("flip", flip), ("swap", swap)):
        shutil.rmtree(TMP, ignore_errors=True)
        TMP.mkdir(parents=True)
        site = copy_demo(TMP / "site")
        r = Resident(site, site / "public", dt.date(2026, 11, 20))
        assert r.rebuild(set())[0]
        r.settle()
        cache = site / ".gkssg" / "search" / "text.cache"
        cache.write_bytes(damage(cache.read_bytes()))
        path = site / "content/ljxq/2021-90001.md"
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n文本缓存损坏后的服务端改动。\n", encoding="utf-8")
        try:
            ok, message = r.rebuild({path})
            last = r.last
            r.settle()
        except Exception as exc:  # noqa: BLE001
            print(f"[FINDING] 2/serve {name}: {type(exc).__name__}: {exc}")
            bad += 1
            continue
        mine, clean = tree(site / "public"), clean_build(site, TMP)
        diff = sorted(k for k in set(mine) | set(clean) if mine.get(k) != clean.get(k))
        print(f"[{'held' if ok and not diff else 'FINDING'}] 2/serve {name}: ok={ok} {last}; differs from clean {diff[:6]}")
        bad += bool(diff) or not ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
