"""Pack files of the static index (format 7 and 8): many small gzip pieces in one file, read by range.

A *piece* is a posting chunk or a document's text, gzip-compressed on its own (what format 6
wrote as a file). A *pack* is pieces end to end, up to PACK_BYTES, named by the content hash
of the whole: search/p/<hash>.bin for posting chunks, search/t/<hash>.bin for texts. A piece
is referred to by its *locator* "<pack hash>.<offset>.<length>" (offset and length of its gzip
bytes in the pack): in the dictionary (block 0 of a term), in a block 0's directory (its tail
blocks: 6 + 4 + 4 bytes, postings.DIRECTORY) and in a display row (the text). search.js fetches a
piece with one `Range: bytes=offset-(offset+length-1)` request and decompresses it alone; a host
that ignores Range answers 200 with the whole pack, which search.js then keeps for the page
session and cuts the pieces from (docs/search.md, "Packing the index").

A tail posting chunk is followed in its pack by its scores-only copy (postings.lite_block), a
gzip piece of its own: the pair is packed as one (never split by a pack's end) and the chunk's
locator has a fourth part, "<pack>.<offset>.<length>.<length of the copy>", the copy being at
offset + length.

A pack is made before anything that refers to it (a shard's tail pack, then its head pack, then
the shard: static_index.shard_packs; a group of texts' pack before its display blocks), so its
name is known when the references are written and the manifest needs no list of packs. What goes
into a pack is fixed by what it holds (a dictionary shard's terms, a group of documents), never by
the order of writing: an update writes the packs of a full build.
"""

from __future__ import annotations

import gzip
import hashlib
from typing import Callable

from gkssg.render.pages import RawFile

PACK_BYTES = 1 << 20  # a pack is closed before a piece would take it past this (a larger piece is alone)
NAME_BYTES = 6  # a pack's name: 48 bits of SHA-256, 12 hex digits


Piece = bytes | tuple[bytes, bytes]  # gzip bytes, or a tail chunk's and its scores-only copy's


def pack(folder: str, pieces: list[tuple[str, Piece]],
         kept: Callable[[str, int], RawFile | None] | None = None) -> tuple[dict[str, str], list[RawFile]]:
    """Pieces (key, gzip bytes; or key, (a chunk's gzip bytes, its copy's)), in order, put into packs
    under search/<folder>/: the locator of each key and the pack files. Pieces of the same key are
    stored once (a key is the hash of the piece's raw bytes: the same key, the same gzip bytes).
    `kept` (an update): given a pack of the last index (name, length) whose pieces,
    keyed by their locators there, are all the pack now holds, in their places, returns that pack
    (store.StoredFile) or None; its bytes are then neither joined nor hashed again."""
    where: dict[str, str] = {}
    files: list[RawFile] = []
    held: list[tuple[str, bytes]] = []
    size = 0

    def close() -> None:
        same = kept and _laid_as(held)
        file = same and kept(f"search/{folder}/{same[0]}.bin", same[1])
        if file:
            name = same[0]
        else:
            data = b"".join(first + second for _key, first, second in held)
            name = hashlib.sha256(data).hexdigest()[:2 * NAME_BYTES]
            file = RawFile(f"search/{folder}/{name}.bin", data)
        files.append(file)
        offset = 0
        for key, first, second in held:
            where[key] = locator(name, offset, len(first), len(second))
            offset += len(first) + len(second)

    seen: set[str] = set()
    for key, piece in pieces:
        if key in seen:
            continue
        seen.add(key)
        first, second = piece if isinstance(piece, tuple) else (piece, b"")
        if held and size + len(first) + len(second) > PACK_BYTES:
            close()
            held, size = [], 0
        held.append((key, first, second))
        size += len(first) + len(second)
    if held:
        close()
    return where, files


def _laid_as(held: list[tuple[str, bytes, bytes]]) -> tuple[str, int] | None:
    """(name, length) of the pack of the last index whose pieces `held` are, in order from its start
    (each keyed by its locator there), or None."""
    name, end = None, 0
    for key, first, second in held:
        parts = key.split(".")
        if len(parts) < 3 or (name is not None and parts[0] != name) or int(parts[1]) != end \
                or int(parts[2]) != len(first) or lite_length(key) != len(second):
            return None
        name, end = parts[0], end + len(first) + len(second)
    return (name, end) if name else None


def locator(name: str, offset: int, length: int, lite: int = 0) -> str:
    """The locator of a piece: with a fourth part when a scores-only copy of `lite` bytes follows it."""
    return f"{name}.{offset}.{length}" + (f".{lite}" if lite else "")


def parse(locator: str) -> tuple[str, int, int]:
    """(pack name, offset, length) of a locator."""
    name, offset, length = locator.split(".")[:3]
    return name, int(offset), int(length)


def lite_length(locator: str) -> int:
    """The length of the scores-only copy after a tail chunk (0 for a piece without one)."""
    parts = locator.split(".")
    return int(parts[3]) if len(parts) > 3 else 0


def pack_path(folder: str, locator: str) -> str:
    return f"search/{folder}/{parse(locator)[0]}.bin"


def piece(pack_bytes: bytes, locator: str) -> bytes:
    """The raw bytes of the piece at `locator` in its pack's bytes."""
    _name, offset, length = parse(locator)
    return gzip.decompress(pack_bytes[offset:offset + length])
