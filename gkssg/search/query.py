"""Queries against the whoosh index: the semantics search.js implements over the static index.

A query is searched in its forms (rewrite.forms: as typed, 发文字号 written whole,
abbreviations each way). A form is split on spaces into groups; every group must
occur as a phrase (its tokens at consecutive positions) in the title field (标题,
发文字号, 关键词) or in the body field (发布机构, 主题分类, 体裁分类, 索引号, then the text). A
form scores the sum over its distinct tokens of TITLE_BOOST × BM25(title) +
BM25(body); a document matching several forms scores its best; ties go to the newer
document; within a page of results a policy and its 政策解读 stand together, and a version before
the one it replaced (families.py). A whole query that is a 发文字号 or 索引号 puts that document first. Filters
narrow by column, topic, year, agency and validity. Each result names the fields
matched (matched.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as Q

from gkssg.search import families, postings, scoring, whoosh_index
from gkssg.search.corpus import policy_text
from gkssg.search.keys import DOC_NO_PREFIX, INDEX_NO_PREFIX, PART_PREFIX
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
from gkssg.search.tokenizer import query_groups, trim

SORTS = ("relevance", "date")


@dataclass
class Filters:
    column: str = ""  # a column's url_dir (zwgk/zfxxgk/…) — the command resolves names
    topic: str = ""
    year: str = ""
    agency: str = ""  # agency id
    validity: str = ""

    def query(self):
        parts = [Q.Term(name, value) for name, value in
                 (("columns", self.column), ("topic", self.topic), ("year", self.year),
                  ("agency", self.agency), ("validity", self.validity)) if value]
        return Q.And(parts) if parts else None


@dataclass
class Result:
    title: str
    url: str
    index_no: str
    doc_no: str
    published: str
    publisher: str
    column: str
    validity: str
    snippet: str
    score: float
    exact: bool = False
    keywords: str = ""
    topic: str = ""
    matched: list[str] = field(default_factory=list)  # the fields matched (matched.py)
    relaxed: bool = False  # found by a relaxed form: the query itself found nothing
    column_path: list[str] = field(default_factory=list)  # links.column_path
    interprets: list[str] = field(default_factory=list)  # a 解读's policy: [title, url, 发文字号] (corpus.policy_of)
    successor: list[str] = field(default_factory=list)  # not in force: [label, title, url] (links.py)
    publisher_names: str = ""  # 发布机构 as it matches: the page's name and the catalog's (corpus.publisher_text)
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"title": self.title, "url": self.url, "index_no": self.index_no, "doc_no": self.doc_no,
                "published": self.published, "publisher": self.publisher, "column": self.column,
                "validity": self.validity, "score": self.score, "exact": self.exact, "snippet": self.snippet,
                "keywords": self.keywords, "topic": self.topic, "matched": self.matched,
                "relaxed": self.relaxed, "column_path": self.column_path,
                "interprets": _link(self.interprets, ("title", "url", "doc_no")),
                "successor": _link(self.successor, ("label", "title", "url"))}

    def field_values(self) -> dict[str, str]:
        return {"标题": self.title, "发文字号": self.doc_no, "关键词": self.keywords, "索引号": self.index_no,
                "发布机构": self.publisher_names or self.publisher, "主题分类": self.topic,
                "解读对象": policy_text(self.interprets)}


def _family_links(res: Result) -> tuple[str, str]:
    """(the policy a 解读 explains, the version that replaced it): families.arrange_page."""
    return (res.interprets[1] if res.interprets else "", res.successor[2] if res.successor else "")


def _link(values: list[str], names: tuple[str, ...]) -> dict | None:
    return dict(zip(names, values)) if values else None


def query_tokens(groups: list[list[str]]) -> list[str]:
    """The distinct tokens of a form's groups, in order (search.js's uniqueTerms)."""
    return list(dict.fromkeys(t for g in groups for t in g))


def live_statistics(searcher) -> tuple[int, dict[str, float]]:
    """(N, {field: total length}) over whoosh's live documents, as the static index counts them: whoosh
    keeps a removed or replaced document in its segment until a merge, and doc_count_all() and
    field_length() count it (hostile round 14, row 1: near ties ordered otherwise than the page until
    `--reindex`). The totals are summed from each live document's exact lengths (whoosh_index's
    title_len and body_len columns): whoosh keeps one byte of a length, and a merged segment's totals
    are sums of those bytes (hostile round 15, row 1)."""
    reader = searcher.get_parent().reader()
    totals = {"title": 0.0, "body": 0.0}
    for leaf, _base in reader.leaf_readers():
        deleted = leaf.deleted_docs_set if leaf.has_deletions() else ()
        for name in totals:
            values = leaf.column_reader(name + "_len")
            totals[name] += sum(values) - sum(values[doc] for doc in deleted)
    return reader.doc_count(), totals


def static_scores(searcher, tokens: list[str], docnums: list[int]) -> dict[int, int]:
    """The score search.js ranks each of `docnums` by (× SCALE, an integer): over the distinct `tokens`, in
    order, the posting the static index stores (postings.tf_weights: the BM25F score without the idf,
    quantized) × the term's idf, summed, rounded half to even. whoosh finds the documents; ranking them by
    its own float score, rounded once at the end, ordered near ties otherwise than the page (hostile round
    13, row 1: 64.353 against 64.352 on tests/real). N, the average lengths and each df are those of the
    live documents (live_statistics; a df is counted from the postings, which whoosh filters)."""
    if not docnums:
        return {}
    reader = searcher.reader()
    stats = getattr(searcher, "_gkssg_live", None)  # once a search: every form and fallback asks (review)
    if stats is None:
        stats = searcher._gkssg_live = live_statistics(searcher)
    count, totals = stats
    docs = np.asarray(sorted(set(docnums)), dtype=np.int64)
    at = {int(d): i for i, d in enumerate(docs)}
    validity = reader.column_reader("validity")
    weights = np.array([scoring.doc_weight(validity[int(d)]) for d in docs], dtype=np.float64)
    norms = {}
    for name in ("title", "body"):
        lengths = np.array([reader.doc_field_length(int(d), name, 0) for d in docs], dtype=np.int64)
        norms[name] = postings.length_norms(lengths, scoring.stable_average(totals[name], count))
    total = np.zeros(len(docs), dtype=np.float64)
    for token in tokens:
        tf, df = {}, {}
        for name in ("title", "body"):
            tf[name], df[name] = np.zeros(len(docs), dtype=np.float64), 0
            if (name, token) in reader:
                for doc, weight in reader.postings(name, token).items_as("weight"):
                    df[name] += 1
                    i = at.get(doc)
                    if i is not None:
                        tf[name][i] = weight
        stored = postings.tf_weights(tf["title"], tf["body"], norms["title"], norms["body"], weights)
        total += stored * scoring.term_idf(count, df["title"], df["body"])
    return dict(zip(docs.tolist(), np.rint(total).astype(np.int64).tolist()))


def _result(fields: dict, score: float, exact: bool) -> Result:
    data = json.loads(fields["data"])
    return Result(title=data["title"], url=data["url"], index_no=data["index_no"], doc_no=data["doc_no"],
                  published=data["published"], publisher=data["publisher"], column=data["column"],
                  validity=data["validity"], snippet=data["snippet"], score=score, exact=exact,
                  keywords=data.get("keywords", ""), topic=data.get("topic", ""),
                  column_path=data.get("column_path", []), interprets=data.get("interprets", []),
                  successor=data.get("successor", []), publisher_names=data.get("publisher_names", ""))


MAX_QUERY = 100  # characters of a query that are searched: a long title; the cost grows with every one
# (a 10,000-character query kept the public endpoint busy for minutes)


def search(ix, text: str, filters: Filters | None = None, limit: int | None = 20,
           sort: str = "relevance") -> tuple[int, list[Result]]:
    """(number of matches, the first `limit` results) for a query typed by a user (its first
    MAX_QUERY characters). When the query finds nothing, its gapped forms, an agency's name split off (and then gaps after
    it) and a place's 县 / 区 / 市 written in are searched in turn (full matches), then its relaxed forms (those of only
    kinds of document and years last: rewrite.kind_only), and when they find nothing either, most of the tokens of its
    forms (_search_loose); every result then says `relaxed`.
    The query is trimmed (tokenizer.trim) before it is cut, as the page and the endpoint do."""
    text = trim(text)[:MAX_QUERY]
    filters = filters or Filters()
    flt = filters.query()
    relaxed = False
    with whoosh_index.reading_index(ix), ix.searcher() as searcher:  # no swap meanwhile
        having = _TokenDocs(searcher, flt)  # each token's documents read once, for every form
        form_groups = [query_groups(form) for form in forms(text)]
        found, exact_kind = _search_forms(searcher, form_groups, exact_keys(text), flt, having)
        if not found and gap_forms(text):  # a word the title quotes, typed glued (rewrite.gap_forms): full matches
            form_groups = [query_groups(form) for form in gap_forms(text)]
            found, exact_kind = _search_forms(searcher, form_groups, [], flt, having, weighted=False)
        # an agency's name glued before the title words (rewrite.agency_forms), then with gaps after it: full matches
        for staged in (agency_forms, agency_gap_forms, suffix_forms):  # suffix_forms: a place typed without its 县 / 区 / 市
            if not found and staged(text):
                form_groups = [query_groups(form) for form in staged(text)]
                found, exact_kind = _search_forms(searcher, form_groups, [], flt, having, weighted=False)
        if not found:  # the relaxed forms; those of only kinds of document and years when the others find nothing
            relaxed_ones = relaxed_forms(text)
            for tier in ([f for f in relaxed_ones if not kind_only(f)], [f for f in relaxed_ones if kind_only(f)]):
                if not found and tier:
                    form_groups = [query_groups(form) for form in tier]
                    found, exact_kind = _search_forms(searcher, form_groups, [], flt, having, weighted=False)
            relaxed = True
        if not found and not _missing(searcher, text):  # a word no document holds: no loose match
            found, form_groups = _search_loose(searcher, text, flt)
    kind = {id(res): exact_kind.get(docnum, "") for docnum, (_key, res) in found.items()}
    ordered = [res for _key, res in sorted(found.values(), key=lambda kv: kv[0])]
    if sort == "date":
        ordered.sort(key=lambda r: (r.published, r.index_no, r.url), reverse=True)
    else:  # a policy and its 解读 side by side, page by page (families.py)
        ordered = families.arrange(ordered, text, lambda r: r.url, _family_links, lambda r: r.exact)
    shown = ordered if limit is None else ordered[:limit]
    for res in shown:  # the fields matched of the results returned only (2,312 of them took 21 s: round 24b, row 2)
        res.matched = matched_fields(res.field_values(), form_groups, kind[id(res)])
    for res in ordered:
        res.relaxed = relaxed
    return len(ordered), shown


def missing(ix, text: str) -> list[str]:
    """The words of a query (its first MAX_QUERY characters) that no public document holds any part of
    (rewrite.missing_words): said with the results, on the page and by `gkssg search`."""
    with whoosh_index.reading_index(ix), ix.searcher() as searcher:
        return _missing(searcher, trim(text)[:MAX_QUERY])


def _missing(searcher, text: str) -> list[str]:
    def has(token: str) -> bool:  # a live document: whoosh keeps deleted ones in a segment until a merge
        if token.startswith(PART_PREFIX):  # letters inside a number's token (keys.letter_parts)
            query = Q.Term("letter_parts", token[len(PART_PREFIX):])
        else:
            query = Q.Or([Q.Term("title", token), Q.Term("body", token)])
        return next(iter(searcher.docs_for_query(query)), None) is not None
    return missing_words(text, has)


class _TokenDocs:
    """The live documents holding a token in the title or the body field and passing the filter, read once a
    query for all its forms (each form asked whoosh for an And of all its tokens, whose matcher built the full
    sets of both sides even when one token is in no document: about 1 s a form at 2,940 documents, 16 relaxed
    forms; hostile round 24b, row 2). A token in neither field's term list is known to match nothing without
    reading anything."""

    def __init__(self, searcher, flt):
        self.searcher, self.flt = searcher, flt
        self.reader = searcher.reader()
        self.allowed: set[int] | None = None
        self.held: dict[str, set[int]] = {}

    def held_anywhere(self, token: str) -> bool:
        return any((name, token) in self.reader for name in ("title", "body"))

    def frequency(self, token: str) -> int:  # (counts deleted documents too: an order, never an answer)
        return sum(self.reader.doc_frequency(name, token) for name in ("title", "body") if (name, token) in self.reader)

    def __call__(self, token: str) -> set[int]:
        docs = self.held.get(token)
        if docs is None:
            docs = set()
            if self.held_anywhere(token):
                docs = set(self.searcher.docs_for_query(Q.Or([Q.Term("title", token), Q.Term("body", token)])))
                if self.flt is not None:
                    if self.allowed is None:
                        self.allowed = set(self.searcher.docs_for_query(self.flt))
                    docs &= self.allowed
            self.held[token] = docs
        return docs

    def every(self, tokens: list[str]) -> list[int]:
        """The documents holding every token (ascending): none, without reading, when a token is in no
        document; else the rarest first, stopping when nothing is left."""
        if not all(self.held_anywhere(t) for t in tokens):
            return []
        docs: set[int] | None = None
        for token in sorted(tokens, key=self.frequency):
            docs = set(self(token)) if docs is None else docs & self(token)
            if not docs:
                return []
        return sorted(docs or ())


def _search_forms(searcher, form_groups: list, keys: list[str], flt, having: _TokenDocs, weighted: bool = True):
    """({docnum: (order, Result)}, {docnum: field matched exactly}) of the forms and exact keys."""
    found: dict[int, tuple[tuple, Result]] = {}
    exact_kind: dict[int, str] = {}
    for key in keys:
        fieldname = "doc_no_key" if key.startswith(DOC_NO_PREFIX) else "index_no_key"
        value = key[len(DOC_NO_PREFIX):] if fieldname == "doc_no_key" else key[len(INDEX_NO_PREFIX):]
        for hit in searcher.search(Q.Term(fieldname, value), limit=None, filter=flt, scored=False):
            res = _result(hit.fields(), 0.0, True)
            found.setdefault(hit.docnum, (_order(res, float("inf")), res))
            exact_kind.setdefault(hit.docnum, "发文字号" if fieldname == "doc_no_key" else "索引号")
    for i, groups in enumerate(form_groups):
        if not query_tokens(groups):
            continue
        # found by whoosh, scored by static_scores: whoosh's own score would be computed for nothing
        docnums = _phrase_docs(searcher, groups, having)
        scores = static_scores(searcher, query_tokens(groups), docnums)
        for docnum in docnums:
            # ranked as search.js ranks it: the integer score × the form's weight (divided only to be shown)
            rank = scores[docnum] * (form_weight(i) if weighted else 1.0)
            if docnum in found and -found[docnum][0][0] >= rank or docnum in exact_kind:
                continue  # a form that scores it higher was searched first, or it matched exactly
            res = _result(searcher.stored_fields(docnum), rank / scoring.SCALE, False)
            found[docnum] = (_order(res, rank), res)
    return found, exact_kind


def _phrase_docs(searcher, groups: list[list[str]], having: _TokenDocs) -> list[int]:
    """The documents holding every group as a phrase (its tokens at consecutive positions) in the title or in
    the body field, a group of one token that token in either, ascending: whoosh finds those holding every
    token, and each group of two or more tokens is checked here in the positions whoosh keeps (_has_phrase),
    each distinct token's list read once. whoosh's own Phrase reads a token's list once for each time it occurs in the group
    and matches spans of all of them: 政府信息公开×17 (101 tokens, 6 distinct) took 2.8–5.8 s of whoosh's span
    matching on a 5,000-document site (round 2026-12-06c). The documents holding every token come from `having`
    (each token's documents read once a query, a form with a token no document holds answered without reading)."""
    docs = having.every(query_tokens(groups))
    phrases = [g for g in groups if len(g) > 1]
    if not phrases or not docs:
        return docs
    reader = searcher.reader()
    positions: dict[tuple[str, str], dict[int, list[int]]] = {}
    for name in ("title", "body"):
        for token in dict.fromkeys(t for g in phrases for t in g):
            held = positions[(name, token)] = {}
            if (name, token) not in reader:
                continue
            matcher = reader.postings(name, token)
            for doc in docs:
                if matcher.is_active() and matcher.id() < doc:
                    matcher.skip_to(doc)
                if not matcher.is_active():
                    break
                if matcher.id() == doc:
                    held[doc] = matcher.value_as("positions")
    return [doc for doc in docs if all(any(_has_phrase([positions[(name, t)].get(doc) for t in g])
                                           for name in ("title", "body")) for g in phrases)]


def _has_phrase(lists: list[list[int] | None]) -> bool:
    """Whether the i-th token of a group is at position p + i for some p (lists: each token's positions in
    one field of one document, None where it has none)."""
    if any(not positions for positions in lists):
        return False
    rest = [set(positions) for positions in lists[1:]]
    return any(all(p + i in held for i, held in enumerate(rest, 1)) for p in lists[0])


def _search_loose(searcher, text: str, flt) -> tuple[dict, list]:
    """({docnum: (order, Result)}, the groups a result's fields are matched with) of the last resort:
    the documents with at least rewrite.loose_need(k) of the k distinct tokens of a form
    (rewrite.loose_forms), anywhere, each scoring the sum over the tokens it has (its best form, no
    form weighted). A form whose rarest tokens (rewrite.loose_rarest) are in more than
    LOOSE_MAX_CANDIDATES documents together is not searched so. The fields matched are those holding
    one of the tokens (each token a group of its own)."""
    found: dict[int, tuple[tuple, Result]] = {}
    allowed = set(searcher.docs_for_query(flt)) if flt is not None else None
    token_forms = loose_forms(text)
    for tokens in token_forms:
        having = {t: set(searcher.docs_for_query(Q.Or([Q.Term("title", t), Q.Term("body", t)]))) for t in tokens}
        rarest = loose_rarest(tokens, {t: len(docs) for t, docs in having.items()})
        if sum(len(having[t]) for t in rarest) > LOOSE_MAX_CANDIDATES:
            continue
        need = loose_need(len(tokens))
        docs = {d for d in set().union(*(having[t] for t in rarest)) if sum(d in having[t] for t in tokens) >= need}
        if allowed is not None:
            docs &= allowed
        if not docs:
            continue
        scored = Q.Or([Q.Or([Q.Term("title", t, boost=scoring.TITLE_BOOST), Q.Term("body", t)]) for t in tokens])
        hits = list(searcher.search(scored, limit=None, filter=docs, scored=False))
        scores = static_scores(searcher, tokens, [hit.docnum for hit in hits])
        for hit in hits:
            rank = scores[hit.docnum]
            if hit.docnum in found and -found[hit.docnum][0][0] >= rank:
                continue
            res = _result(hit.fields(), rank / scoring.SCALE, False)
            found[hit.docnum] = (_order(res, rank), res)
    return found, [[[t] for t in tokens] for tokens in token_forms]


class _Desc:
    """Wraps a value so that sorting ascending orders it descending."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return self.value > other.value

    def __eq__(self, other):
        return self.value == other.value


def _order(res: Result, score: float) -> tuple:
    # Best score first; ties: newer 发布日期, then 索引号, then url (core_pages.newest_first).
    return (-score, _Desc((res.published, res.index_no, res.url)))
