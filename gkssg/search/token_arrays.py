"""The tokenizer of tokenizer.py over many texts at once, with numpy: term numbers instead of strings.

tokenize() builds a Python list of strings per text, which costs about 1.3 ms
per 4,000-character document, and the static index needs every token of every
public document. Here a batch of texts becomes one array of code points, and
each token an integer computed from where it sits:

    a CJK bigram      (first << 21) | second   (≥ 2**21: code points are below 2**21)
    a CJK character   its code point           (a run of one, or touching letters/digits)
    an ASCII word     WORD | its number among the batch's distinct words

A token's order is its "slot": 3 × the index of its first character, plus 0 for
a word or a single character starting a run, 1 for a bigram and 2 for a single
character ending a run (see _tokenize); the slots of one text are strictly increasing in the
order tokenize() emits the tokens. tests/test_search_token_arrays.py checks the
two tokenizers agree on every document they are given.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from gkssg.build.pool import applied, executor_or_pool
from gkssg.render.context import Executor
from gkssg.search import simplified

WORD = 1 << 62
BATCH_CHARS = 500_000  # code points handled at once: bounds the memory of one step
_WORD = re.compile(r"[a-z0-9]+")


def _cjk(codes: np.ndarray) -> np.ndarray:
    """tokenizer.CJK: the BMP's CJK ideographs, Extension A and compatibility ideographs, and planes 2 and 3."""
    return (((codes >= 0x3400) & (codes <= 0x4DBF)) | ((codes >= 0x4E00) & (codes <= 0x9FFF))
            | ((codes >= 0xF900) & (codes <= 0xFAFF)) | ((codes >= 0x20000) & (codes <= 0x3FFFF)))


def _alnum(codes: np.ndarray) -> np.ndarray:
    return ((codes >= 0x61) & (codes <= 0x7A)) | ((codes >= 0x30) & (codes <= 0x39))


def _folded_codes(text: str) -> np.ndarray:
    """Code points of a batch (lower-cased already), folded as tokenizer.fold() folds them.

    fold() maps full-width ASCII to half-width, then lowers the case; lowering first
    is the same (full-width capitals lower to full-width small letters, which fold
    to small letters), and lets numpy do the mapping.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    wide = (codes >= 0xFF01) & (codes <= 0xFF5E)
    codes[wide] -= 0xFEE0
    codes[codes == 0x3000] = 0x20
    mapped = codes < simplified.MAPPED
    codes[mapped] = simplified.code_map()[codes[mapped]]  # traditional → simplified (tokenizer.fold)
    return codes


def _tokenize(batch: tuple[str, list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Tokens of a batch of fields: distinct codes (sorted), each token's number among them,
    tokens per field, and the words (a word's code is WORD | its index in that list)."""
    text, lengths = batch
    codes = _folded_codes(text)
    cjk = _cjk(codes)
    aln = _alnum(codes)
    before_cjk, after_cjk = np.roll(cjk, 1), np.roll(cjk, -1)  # ends are separators: no wrap-around
    before_aln, after_aln = np.roll(aln, 1), np.roll(aln, -1)
    slots = np.zeros(3 * len(codes), dtype=np.int64)

    bigram = np.flatnonzero(cjk & after_cjk)
    slots[3 * bigram + 1] = (codes[bigram] << 21) | codes[bigram + 1]
    alone = cjk & ~before_cjk & ~after_cjk
    opens = cjk & ~before_cjk & after_cjk & before_aln
    closes = cjk & before_cjk & ~after_cjk & after_aln
    first = np.flatnonzero(alone | opens)
    slots[3 * first] = codes[first]
    last = np.flatnonzero(closes)
    slots[3 * last + 2] = codes[last]

    words: dict[str, int] = {}
    starts = np.flatnonzero(aln & ~before_aln)
    if len(starts):
        # Words are few (numbers, dates, Latin names): their text comes from the folded string.
        text = codes.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
        numbers = [words.setdefault(m.group(), len(words)) for m in _WORD.finditer(text)]
        slots[3 * starts] = WORD | np.asarray(numbers, dtype=np.int64)

    taken = np.flatnonzero(slots)
    bounds = np.cumsum(np.asarray(lengths, dtype=np.int64) + 1)  # index of the separator after each field
    counts = np.diff(np.concatenate(([0], np.searchsorted(taken // 3, bounds))))
    unique, inverse = np.unique(slots[taken], return_inverse=True)
    return unique, inverse.astype(np.uint32), counts.astype(np.uint32), list(words)


def term_text(code: int, words: list[str]) -> str:
    if code >= WORD:
        return words[code - WORD]
    if code >= 1 << 21:
        return chr(code >> 21) + chr(code & 0x1FFFFF)
    return chr(code)


def _batches(fields: Iterable[str]) -> Iterator[tuple[str, list[int]]]:
    """Fields lower-cased and joined into batches of about BATCH_CHARS, with a separator before,
    between and after them, and their lengths, made as they are asked for (the texts of
    100,000 documents are never all in memory). A batch is sent to a worker as one string: a
    worker that read the fields themselves would touch every string's reference count and so
    copy the memory pages holding them."""
    lowered: list[str] = []
    size = 0
    for text in fields:
        if lowered and size + len(text) >= BATCH_CHARS:
            yield "\x00" + "\x00".join(lowered) + "\x00", [len(f) for f in lowered]
            lowered, size = [], 0
        lowered.append(text.lower())  # lower() may change a length: İ → i̇
        size += len(lowered[-1]) + 1
    if lowered:
        yield "\x00" + "\x00".join(lowered) + "\x00", [len(f) for f in lowered]


MERGE_BATCHES = 64  # batches' distinct codes merged at once into the running set


@dataclass
class Tokens:
    """Every field's tokens as term numbers, kept on disk a batch at a time (`folder`): a batch's
    tokens as numbers among its distinct codes (u32), and those codes (i64). 350 million tokens
    (100,000 documents) are 1.4 GB as u32: read back a batch at a time, never all at once."""

    folder: Path
    terms: list[str]  # sorted; a token is the number of its term here
    counts: np.ndarray  # tokens per field
    term_counts: np.ndarray  # occurrences of each term
    sizes: list[int]  # tokens per batch
    ranks: list[np.ndarray] = field(default_factory=list)  # per batch: its distinct codes' term numbers

    def batch(self, i: int) -> np.ndarray:
        """The term numbers of batch i's tokens (u32)."""
        return self.ranks[i][np.fromfile(self.folder / f"{i}.tokens", dtype=np.uint32)]

    def __iter__(self) -> Iterator[np.ndarray]:
        return (self.batch(i) for i in range(len(self.sizes)))


def spilled_tokens(fields: Iterable[str], folder: Path, jobs: int = 1, executor: Executor | None = None) -> Tokens:
    """Tokenize every text of `fields` into `folder` (see Tokens). Batches run on `executor`
    (the build's: render/context.py), without one in `jobs` processes.

    The term numbers are ranks in the sorted term list, so `terms[token]` for the
    tokens of one field is exactly tokenize(field).
    """
    words: dict[str, int] = {}  # every batch's words, numbered once for the whole run
    codes = np.zeros(0, np.int64)  # distinct codes of the batches merged so far
    waiting: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    sizes: list[int] = []
    runner = executor_or_pool(executor, jobs)
    for i, (unique, inverse, field_counts, batch_words) in enumerate(
            runner.map(applied, _batches(fields), _tokenize, ahead=2 * runner.jobs)):
        if batch_words:
            renumber = np.asarray([words.setdefault(w, len(words)) for w in batch_words], dtype=np.int64)
            is_word = unique >= WORD
            unique = unique.copy()
            unique[is_word] = WORD | renumber[unique[is_word] - WORD]
        inverse.tofile(folder / f"{i}.tokens")
        np.stack((unique, np.bincount(inverse, minlength=len(unique)))).tofile(folder / f"{i}.codes")
        counts.append(field_counts)
        sizes.append(len(inverse))
        waiting.append(unique)
        if len(waiting) >= MERGE_BATCHES:
            codes, waiting = np.unique(np.concatenate([codes, *waiting])), []
    codes = np.unique(np.concatenate([codes, *waiting]))
    del waiting
    word_list = list(words)
    texts = [term_text(c, word_list) for c in codes.tolist()]
    order = sorted(range(len(texts)), key=texts.__getitem__)
    rank = np.empty(len(texts), dtype=np.uint32)  # code number → rank of its text in sorted order
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(texts), dtype=np.uint32)
    tokens = Tokens(folder, [texts[i] for i in order],
                    np.concatenate(counts) if counts else np.zeros(0, np.uint32),
                    np.zeros(len(texts), np.int64), sizes)
    del texts, order
    for i in range(len(sizes)):
        unique, occurrences = np.fromfile(folder / f"{i}.codes", dtype=np.int64).reshape(2, -1)
        tokens.ranks.append(rank[np.searchsorted(codes, unique)])
        tokens.term_counts += np.bincount(tokens.ranks[-1], weights=occurrences,
                                          minlength=len(rank)).astype(np.int64)
    return tokens


def token_arrays(fields: Iterable[str], jobs: int = 1) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokenize every text of `fields`: (terms sorted, each token's term number, tokens per field),
    all in memory (tests, small corpora; the static index reads spilled_tokens a batch at a time)."""
    with tempfile.TemporaryDirectory(prefix="gkssg-tokens-") as folder:
        tokens = spilled_tokens(fields, Path(folder), jobs)
        token_terms = np.concatenate(list(tokens)) if tokens.sizes else np.zeros(0, np.uint32)
    return tokens.terms, token_terms.astype(np.uint32), tokens.counts
