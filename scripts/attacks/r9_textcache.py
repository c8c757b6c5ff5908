"""Round 9, attack 2: damage .gkssg/search/text.cache (search/corpus.TextCache, each batch's texts
under a BLAKE2b digest) in ways the digest does not cover, then incremental builds: does a wrong
text reach public/search/ (compared with a clean build), or does anything crash?"""
from __future__ import annotations

import io
import marshal
import sys
import time

from r7_common import new_document
from r9_common import DATE, GEN, append, build, clean_compare, fresh, public_sources, said_fast, site, verdict


def batches(data: bytes):
    f = io.BytesIO(data)
    version = marshal.load(f)
    out = []
    while f.tell() < len(data):
        start = f.tell()
        keys, length, digest = marshal.load(f)
        begin = f.tell()
        out.append((start, begin, keys, length, digest, data[begin:begin + length]))
        f.seek(length, 1)
    return version, out


def write(version, items) -> bytes:
    f = io.BytesIO()
    marshal.dump(version, f)
    for keys, length, digest, body in items:
        marshal.dump((keys, length, digest), f)
        f.write(body)
    return f.getvalue()


def damage_swap_keys(data: bytes) -> bytes:
    """The first batch's first two keys exchanged: same size, the texts' digest still right."""
    version, items = batches(data)
    _, _, keys, length, digest, body = items[0]
    keys = [keys[1], keys[0], *keys[2:]]
    return write(version, [(keys, length, digest, body)] + [(k, n, g, b) for _, _, k, n, g, b in items[1:]])


def damage_rotate_keys(data: bytes) -> bytes:
    version, items = batches(data)
    _, _, keys, length, digest, body = items[0]
    keys = keys[1:] + keys[:1]
    return write(version, [(keys, length, digest, body)] + [(k, n, g, b) for _, _, k, n, g, b in items[1:]])


def damage_flip_byte(data: bytes) -> bytes:
    version, items = batches(data)
    begin = items[0][1]
    b = bytearray(data)
    b[begin + 40] ^= 0x01
    return bytes(b)


def damage_truncate(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def damage_digest_zero(data: bytes) -> bytes:
    version, items = batches(data)
    return write(version, [(k, n, bytes(len(g)), b) for _, _, k, n, g, b in items])


DAMAGES = {"swap two keys of a batch header": damage_swap_keys, "rotate a batch's keys": damage_rotate_keys,
           "flip a text byte": damage_flip_byte, "truncate to 2/3": damage_truncate,
           "zeroed digests": damage_digest_zero}


def one(i: int, name: str, damage, then: str) -> bool:
    d = fresh(f"tc{i}-{then}")
    s = site(d, 30)
    out = d / "out"
    time.sleep(2.5)
    rc, o, e = build(s, out)
    assert rc == 0, e[-1500:]
    cache = s / ".gkssg" / "search" / "text.cache"
    cache.write_bytes(damage(cache.read_bytes()))
    pubs = public_sources(s)
    if then == "bodyedit":  # d000003: no relations, the one-edit path takes it
        append(s / GEN / "d000003.md", "\n\n检验文本缓存的新增正文一段。\n")
    elif then == "relatededit":  # a document with relations: the full incremental build
        append(pubs[5], "\n\n检验文本缓存的新增正文一段。\n")
    else:
        src = new_document((s / GEN / "d000003.md").read_text(encoding="utf-8"), "检验文本缓存的新文件", "2026-10-20",
                           99901, 991)
        (s / GEN / "new9.md").write_text(src, encoding="utf-8")
    rc, o, e = build(s, out, DATE, "-v")
    path = said_fast(o, e)
    diff = clean_compare(s, out)
    return verdict(f"2/{name} then {then}", rc == 0 and not diff,
                   f"rc={rc} {path}; differs from clean: {diff[:6]} {e[-300:] if rc else ''}",
                   "the same output as a clean build")


def main() -> int:
    ok = True
    for i, (name, damage) in enumerate(DAMAGES.items()):
        for then in ("bodyedit", "relatededit", "newdoc"):
            ok &= one(i, name, damage, then)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
