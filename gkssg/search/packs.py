"""Pack files of the static index (format 7): many small gzip pieces in one file, read by range.

A *piece* is a posting chunk or a document's text, gzip-compressed on its own (what format 6
wrote as a file). A *pack* is pieces end to end, up to PACK_BYTES, named by the content hash
of the whole: search/p/<hash>.bin for posting chunks, search/t/<hash>.bin for texts. A piece
is referred to by its *locator* "<pack hash>.<offset>.<length>" (offset and length of its gzip
bytes in the pack): in the dictionary (block 0 of a term), in a block 0's directory (its tail
blocks: 6 + 4 + 4 bytes, postings.DIRECTORY) and in a display row (the text). search.js fetches a
piece with one `Range: bytes=offset-(offset+length-1)` request and decompresses it alone; a host
that ignores Range answers 200 with the whole pack, which search.js then keeps for the page
session and cuts the pieces from (docs/search.md, "Packing the index").

A pack is made before anything that refers to it (a shard's tail pack, then its head pack, then
the shard: static_index.shard_packs; a group of texts' pack before its display blocks), so its
name is known when the references are written and the manifest needs no list of packs. What goes
into a pack is fixed by what it holds (a dictionary shard's terms, a group of documents), never by
the order of writing: an update writes the packs of a full build.
"""

from __future__ import annotations

import gzip
import hashlib

from gkssg.render.pages import RawFile

PACK_BYTES = 1 << 20  # a pack is closed before a piece would take it past this (a larger piece is alone)
NAME_BYTES = 6  # a pack's name: 48 bits of SHA-256, 12 hex digits


def pack(folder: str, pieces: list[tuple[str, bytes]]) -> tuple[dict[str, str], list[RawFile]]:
    """Pieces (key, gzip bytes), in order, put into packs under search/<folder>/: the locator of
    each key and the pack files. Pieces of the same key are stored once (a key is the hash of the
    piece's raw bytes: the same key, the same gzip bytes)."""
    where: dict[str, str] = {}
    files: list[RawFile] = []
    held: list[tuple[str, bytes]] = []
    size = 0

    def close() -> None:
        data = b"".join(piece for _key, piece in held)
        name = hashlib.sha256(data).hexdigest()[:2 * NAME_BYTES]
        files.append(RawFile(f"search/{folder}/{name}.bin", data))
        offset = 0
        for key, piece in held:
            where[key] = f"{name}.{offset}.{len(piece)}"
            offset += len(piece)

    seen: set[str] = set()
    for key, piece in pieces:
        if key in seen:
            continue
        seen.add(key)
        if held and size + len(piece) > PACK_BYTES:
            close()
            held, size = [], 0
        held.append((key, piece))
        size += len(piece)
    if held:
        close()
    return where, files


def parse(locator: str) -> tuple[str, int, int]:
    """(pack name, offset, length) of a locator."""
    name, offset, length = locator.split(".")
    return name, int(offset), int(length)


def pack_path(folder: str, locator: str) -> str:
    return f"search/{folder}/{parse(locator)[0]}.bin"


def piece(pack_bytes: bytes, locator: str) -> bytes:
    """The raw bytes of the piece at `locator` in its pack's bytes."""
    _name, offset, length = parse(locator)
    return gzip.decompress(pack_bytes[offset:offset + length])
