"""keys.letter_parts cuts the runs of letters and digits from the folded text instead of tokenizing it
(the bigrams cost 3/4 of its time, on every document of every build: issue 21). It must give what the
tokenizer's tokens give, for any text: full-width forms, the Kelvin sign and dotted capital I (whose
lower case is ASCII), traditional characters, spaces of every kind, digits of other scripts."""

from __future__ import annotations

import random
import re

from gkssg.search.keys import letter_parts
from gkssg.search.tokenizer import SPACES, tokenize

_NUMBER_TOKEN = re.compile(r"[a-z0-9]*[0-9][a-z0-9]*")
_LETTER_RUN = re.compile(r"[a-z]{2,}")


def by_tokens(*numbers: str) -> list[str]:
    """The definition: the letter runs of the tokens of letters and digits that hold a digit."""
    parts = set()
    for text in numbers:
        for token in tokenize(text or ""):
            if _NUMBER_TOKEN.fullmatch(token):
                parts.update(_LETTER_RUN.findall(token))
    return sorted(parts)


ALPHABET = ("abcxyzMBLX0123456789/-〔〕号府发國務院办ＡＢＣａｂ０１９\u212a\u0130\u00df\u0661\u2460"
            "Ⅻﬁ㎏\U00020000" + SPACES)


def test_same_as_the_tokens_on_real_numbers():
    for pair in (("12620600MB0523338C/2025-04735", ""), ("11500000009275780L/2019-90001", "渝府办发〔2019〕71号"),
                 ("ZBJG0003/2021-90001", "国办发〔2022〕8号"), ("ＭＢ１２/2020", "A1B2cd3"), ("", None)):
        assert letter_parts(*pair) == by_tokens(*pair)


def test_same_as_the_tokens_on_random_text():
    rng = random.Random(33)
    for _ in range(5000):
        texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24))) for _ in range(2)]
        assert letter_parts(*texts) == by_tokens(*texts), texts
