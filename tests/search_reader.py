"""Reads the browser index in Python (tests only): the whole of each term, no early stop.

search.js answers the same queries with sorted access and early termination, and
decides a phrase from the positions a posting keeps when it can, else from the
document's text; this reader decides every phrase from the text (title, 发文字号
and body, tokenized in Python). The browser tests check that the two agree.
"""

from __future__ import annotations

import gzip
import json
import math
from functools import lru_cache
from pathlib import Path

from gkssg.search import families, packs, postings
from gkssg.search.corpus import policy_text, title_text
from gkssg.search.matched import matched_fields
from gkssg.search.rewrite import (
    LOOSE_MAX_CANDIDATES,
    agency_forms,
    agency_gap_forms,
    exact_keys,
    form_weight,
    forms,
    gap_forms,
    kind_only,
    loose_forms,
    loose_need,
    loose_rarest,
    missing_words,
    relaxed_forms,
    suffix_forms,
)
from gkssg.search.static_index import HASH_CHARS, fnv1a32
from gkssg.search.tokenizer import query_groups, tokenize


class StaticIndexReader:
    def __init__(self, out: Path):
        self.root = Path(out) / "search"
        self.manifest = json.loads((self.root / "manifest.json").read_text(encoding="utf-8"))
        self._shard = lru_cache(maxsize=None)(self._read_shard)
        self._chunk = lru_cache(maxsize=None)(lambda locator: self.piece("p", locator))
        self._tokens = lru_cache(maxsize=4096)(self._read_tokens)

    def _gz(self, rel: str) -> bytes:
        return gzip.decompress((self.root / rel).read_bytes())

    def piece(self, folder: str, locator: str) -> bytes:
        """A posting chunk or a text in its pack (packs.py), read as by a Range request."""
        name, offset, length = packs.parse(locator)
        with open(self.root / folder / f"{name}.bin", "rb") as f:
            f.seek(offset)
            return gzip.decompress(f.read(length))

    @staticmethod
    def block_path(folder: str, kind: dict, n: int) -> str:
        """k/, d/ or f/<n>.<hash of its group>.bin: the manifest lists HASH_CHARS hex digits a group."""
        group = n // kind["group"]
        return f"{folder}/{n}.{kind['hashes'][group * HASH_CHARS:(group + 1) * HASH_CHARS]}.bin"

    def _read_shard(self, n: int) -> dict:
        return json.loads(self._gz(self.block_path("k", self.manifest["dict"], n)))

    def shard(self, n: int) -> dict:
        return self._shard(n)

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
        return math.log(self.manifest["docs"] / (max(entry[1], entry[2]) + 1)) + 1 if entry else 0.0

    def block(self, chunk: str, offset: int, length: int) -> postings.Decoded:
        return postings.decode(self._chunk(chunk)[offset:offset + length], self.manifest["positions"])

    def blocks(self, term: str) -> list[postings.Decoded]:
        """Block 0 of a word term, then its tail blocks (in the directory's order)."""
        entry = self.entry(term)
        if not entry or term.startswith("#"):
            return []
        head = self.block(*entry[3:6])
        return [head] + [self.block(*ref[:3]) for ref in head.directory]

    def postings(self, term: str) -> dict[int, tuple[int, list[int], int]]:
        """doc number → (stored score, positions kept, field code), over every block of the term."""
        result: dict[int, tuple[int, list[int], int]] = {}
        for b in self.blocks(term):
            kept = postings.kept_positions(b.codes, self.manifest["positions"])
            at = 0
            for doc, score, code, count in zip(b.docs.tolist(), b.scores.tolist(), b.codes.tolist(), kept.tolist()):
                result[doc] = (score, b.positions[at:at + count].tolist(), code)
                at += count
        return result

    def display(self, doc: int) -> list:
        size = self.manifest["display"]["size"]
        rows = json.loads(self._gz(self.block_path("d", self.manifest["display"], doc // size)))
        return rows[doc % size]

    def all_display_rows(self) -> list:
        size = self.manifest["display"]["size"]
        rows = []
        for n in range(-(-self.manifest["docs"] // size)):
            rows.extend(json.loads(self._gz(self.block_path("d", self.manifest["display"], n))))
        return rows

    def _read_tokens(self, doc: int) -> dict[str, set[int]]:
        """term → its positions in a document, from its title, 发文字号 and text (as the index numbers them)."""
        row = self.display(doc)
        body = self.piece("t", row[7]).decode("utf-8") if row[7] else ""
        title = tokenize(title_text(row[0], row[3], row[8]))
        where: dict[str, set[int]] = {}
        for position, token in enumerate(title + [None] + tokenize(body)):
            if token is not None:
                where.setdefault(token, set()).add(position)
        return where

    def phrases_match(self, groups: list[list[str]], doc: int) -> bool:
        where = self._tokens(doc)
        return all(len(g) < 2 or any(all(p + i in where.get(t, ()) for i, t in enumerate(g))
                                     for p in where.get(g[0], ())) for g in groups)

    def search(self, query: str) -> list[str]:
        """URLs of the matching documents, best first (exact keys, score, newer)."""
        return [self.display(doc)[1] for doc in self.search_docs(query)]

    def exact_docs(self, query: str) -> dict[int, str]:
        """Documents whose 发文字号 / 索引号 is the whole query → which of the two, newest first."""
        found: dict[int, str] = {}
        for key in exact_keys(query):
            for d in self.entry(key) or []:
                found.setdefault(d, "发文字号" if key.startswith("#n:") else "索引号")
        return dict(sorted(found.items(), reverse=True))

    def search_docs(self, query: str) -> list[int]:
        """Document numbers of the matching documents, best first; of the relaxed forms when the
        query's forms find nothing, and of most of their tokens when those find nothing either."""
        exact = list(self.exact_docs(query))
        found = list(dict.fromkeys(exact + self._scored(forms(query), True)))
        if found:
            return found
        # a word the title quotes, typed glued; an agency's name glued before the title words (and then gaps after it); a
        # place without 县: full matches
        for stage in (gap_forms, agency_forms, agency_gap_forms, suffix_forms):
            found = self._scored(stage(query), False)
            if found:
                return found
        # the relaxed forms, those of only kinds of document last (rewrite.kind_only); a word no document holds
        # (rewrite.missing_words): no loose match
        for tier in _relaxed_tiers(query):
            found = self._scored(tier(query), False)
            if found:
                return found
        return [] if self.missing(query) else self._loose(query)

    def missing(self, query: str) -> list[str]:
        return missing_words(query, lambda t: self.entry(t) is not None)

    def page(self, query: str, number: int = 1) -> list[str]:
        """URLs of a page of results as the search page shows it: a policy and its 解读 together, a
        version before the one it replaced (families.py, from the display rows: row[15] is the policy
        a 解读 explains, row[16] the successor)."""
        docs = self.search_docs(query)[(number - 1) * families.PAGE_SIZE:number * families.PAGE_SIZE]
        exact = self.exact_docs(query)
        rows = {d: self.display(d) for d in docs}
        arranged = families.arrange_page(docs, lambda d: rows[d][1],
                                         lambda d: (rows[d][15][1] if rows[d][15] else "", rows[d][16][2] if rows[d][16] else ""),
                                         lambda d: d in exact, families.wants_interpretation(query))
        return [rows[d][1] for d in arranged]

    def _scored(self, form_list: list[str], weighted: bool) -> list[int]:
        best: dict[int, float] = {}  # a document's best score over the forms of the query
        for i, form in enumerate(form_list):
            groups = query_groups(form)
            terms = list(dict.fromkeys(t for g in groups for t in g))
            lists = {t: self.postings(t) for t in terms}
            idfs = {t: self.idf(t) for t in terms}
            if not terms or not all(lists.values()):
                continue
            for doc in set.intersection(*(set(p) for p in lists.values())):
                if self.phrases_match(groups, doc):
                    score = 0.0
                    for t in terms:  # in search.js's order: the same sum, bit for bit
                        score += lists[t][doc][0] * idfs[t]
                    score = round(score) * (form_weight(i) if weighted else 1.0)  # roundEven, as search.js
                    best[doc] = max(score, best.get(doc, score))
        scored = sorted((-score, -doc) for doc, score in best.items())  # a tie goes to the newer document
        return [-doc for _s, doc in scored]

    def _loose(self, query: str) -> list[int]:
        """The last resort (query._search_loose): the documents with at least loose_need(k) of the k
        tokens of a form, each read whole here (search.js reads the rarest whole and resolves the rest)."""
        best: dict[int, float] = {}
        for tokens in loose_forms(query):
            lists = {t: self.postings(t) for t in tokens}
            idfs = {t: self.idf(t) for t in tokens}
            rarest = loose_rarest(tokens, {t: len(lists[t]) for t in tokens})
            if sum(len(lists[t]) for t in rarest) > LOOSE_MAX_CANDIDATES:
                continue
            for doc in set().union(*(lists[t] for t in rarest)):
                have = [t for t in tokens if doc in lists[t]]
                if len(have) >= loose_need(len(tokens)):
                    score = 0.0
                    for t in have:  # in search.js's order
                        score += lists[t][doc][0] * idfs[t]
                    score = round(score)  # roundEven, as search.js
                    best[doc] = max(score, best.get(doc, score))
        return [-doc for _s, doc in sorted((-score, -doc) for doc, score in best.items())]

    def matched(self, query: str, doc: int) -> list[str]:
        """The fields a result names (matched.py), from its display row as search.js has it."""
        row = self.display(doc)
        values = {"标题": row[0], "发文字号": row[3], "关键词": row[8], "索引号": row[6], "发布机构": row[9],
                  "主题分类": row[10], "解读对象": policy_text(row[15] or [])}
        strict = self.exact_docs(query) or self._scored(forms(query), True)
        stage = forms if strict else next((s for s in (gap_forms, agency_forms, agency_gap_forms, suffix_forms,
                                                      *_relaxed_tiers(query)) if self._scored(s(query), False)), None)
        if stage is None:  # a loose match: each token a group
            return matched_fields(values, [[[t] for t in tokens] for tokens in loose_forms(query)], "")
        shown = stage(query)
        return matched_fields(values, [query_groups(f) for f in shown], self.exact_docs(query).get(doc, ""))


def _relaxed_tiers(query: str) -> tuple:
    """The relaxed forms in two stages, as query.search and search.js search them: those of only kinds of document and years
    (rewrite.kind_only) when the others find nothing."""
    return (lambda q: [f for f in relaxed_forms(q) if not kind_only(f)],
            lambda q: [f for f in relaxed_forms(q) if kind_only(f)])
