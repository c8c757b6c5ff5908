"""Reads the browser index in Python (tests only): the whole of each term, no early stop.

search.js answers the same queries with sorted access and early termination;
the browser tests check that it agrees with this exhaustive reading.
"""

from __future__ import annotations

import gzip
import json
import math
import struct
from pathlib import Path

from gkssg.search.keys import query_keys
from gkssg.search.static_index import fnv1a32
from gkssg.search.tokenizer import query_groups


class StaticIndexReader:
    def __init__(self, out: Path):
        self.root = Path(out) / "search"
        self.manifest = json.loads((self.root / "manifest.json").read_text(encoding="utf-8"))

    def _gz(self, rel: str) -> bytes:
        return gzip.decompress((self.root / rel).read_bytes())

    def shard(self, n: int) -> dict:
        return json.loads(self._gz(f"k/{n}.{self.manifest['dict']}.bin"))

    def all_terms(self) -> dict:
        terms = {}
        for n in range(self.manifest["shards"]):
            terms.update(self.shard(n))
        return terms

    def entry(self, term: str):
        return self.shard(fnv1a32(term) % self.manifest["shards"]).get(term)

    def idf(self, term: str) -> float:
        """The term's idf, as search.js computes it (stored scores hold none)."""
        entry = self.entry(term)
        return math.log(self.manifest["docs"] / (max(entry[2], entry[3]) + 1)) + 1 if entry else 0.0

    def postings(self, term: str) -> dict[int, tuple[int, list[int]]]:
        """doc number → (stored score, positions), over every block of the term."""
        entry = self.entry(term)
        result: dict[int, tuple[int, list[int]]] = {}
        for chunk, offset, length, *_rest in (entry[1] if entry else []):
            data = self._gz(f"p/{chunk}.bin")[offset:offset + length]
            n, width = struct.unpack_from("<IB", data)
            docs = struct.unpack_from(f"<{n}I", data, 8)
            scores = struct.unpack_from(f"<{n}I", data, 8 + 4 * n)
            counts = struct.unpack_from(f"<{n}I", data, 8 + 8 * n)
            at = 8 + 12 * n
            for doc, score, count in zip(docs, scores, counts):
                positions = list(struct.unpack_from(f"<{count}{'H' if width == 2 else 'I'}", data, at))
                at += count * width
                result[doc] = (score, positions)
        return result

    def display(self, doc: int) -> list:
        size = self.manifest["display"]["size"]
        rows = json.loads(self._gz(f"d/{doc // size}.{self.manifest['display']['hash']}.bin"))
        return rows[doc % size]

    def all_display_rows(self) -> list:
        size = self.manifest["display"]["size"]
        rows = []
        for n in range(-(-self.manifest["docs"] // size)):
            rows.extend(json.loads(self._gz(f"d/{n}.{self.manifest['display']['hash']}.bin")))
        return rows

    def search(self, query: str) -> list[str]:
        """URLs of the matching documents, best first (exact keys, score, newer)."""
        return [self.display(doc)[1] for doc in self.search_docs(query)]

    def search_docs(self, query: str) -> list[int]:
        """Document numbers of the matching documents, best first."""
        exact: list[int] = sorted((d for key in query_keys(query) for d in self.postings(key)), reverse=True)
        groups = query_groups(query)
        terms = list(dict.fromkeys(t for g in groups for t in g))
        lists = {t: self.postings(t) for t in terms}
        idfs = {t: self.idf(t) for t in terms}
        scored = []
        if terms and all(lists.values()):
            for doc in set.intersection(*(set(p) for p in lists.values())):
                if all(len(g) < 2 or any(all(p + i in lists[t][doc][1] for i, t in enumerate(g))
                                          for p in lists[g[0]][doc][1]) for g in groups):
                    score = 0.0
                    for t in terms:  # in search.js's order: the same sum, bit for bit
                        score += lists[t][doc][0] * idfs[t]
                    scored.append((-score, -doc))  # a tie goes to the newer document: the higher number
        return list(dict.fromkeys(exact + [-doc for _s, doc in sorted(scored)]))
