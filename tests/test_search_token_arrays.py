"""The numpy tokenizer of the static index (token_arrays.py) against the reference tokenizer."""

from __future__ import annotations

import random
from pathlib import Path

from gkssg.search.token_arrays import token_arrays
from gkssg.search.tokenizer import tokenize

SEEDS = Path(__file__).resolve().parents[1] / "content"

EDGES = [
    "", " ", "政", "政务公开", "令 和 号", "71号", "71号文件", "文件第71号", "第7号令", "a政b", "ab政务cd",
    "PM2.5 浓度 GB/T 9704", "ＡＢＣ２０１９　号", "渝府办发〔2019〕71号", "500112-2019-00071",
    "一\u3400\u4dbf\u4e00\u9fff\uf900\ufaff\ufb00", "政\n务", "政\x00务", "𠀀政务", "É政İ务", "2024年1月1日起施行",
    "中华人民共和国政府信息公开条例（国务院令第711号）", "x", "9", "政9", "9政", "政务9公开",
]


def _agree(fields: list[str], jobs: int = 1) -> None:
    terms, token_terms, counts = token_arrays(fields, jobs)
    assert terms == sorted(set(terms))
    assert len(counts) == len(fields)
    at = 0
    for text, count in zip(fields, counts.tolist()):
        assert [terms[t] for t in token_terms[at:at + count].tolist()] == tokenize(text), text
        at += count
    assert at == len(token_terms)


def test_edge_cases_tokenize_exactly_as_the_reference_tokenizer():
    _agree(EDGES)
    for text in EDGES:
        _agree([text])


def test_random_mixtures_of_cjk_letters_digits_and_punctuation_agree():
    rng = random.Random(7)
    alphabet = list("政务公开信息号第文件年月日") + list("aZ09xｙ５") + list(" ，。〔〕()-/\n　") + ["\u3400", "\uf900", "é"]
    fields = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(3000)]
    _agree(fields)


def test_the_demo_documents_agree_and_batches_split_anywhere(monkeypatch):
    fields = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.rglob("*.md"))]
    assert fields
    _agree(fields)
    from gkssg.search import token_arrays as module
    monkeypatch.setattr(module, "BATCH_CHARS", 500)  # many batches: words and terms still numbered globally
    _agree(fields + EDGES)
    _agree(fields + EDGES, jobs=2)  # batches in forked workers
