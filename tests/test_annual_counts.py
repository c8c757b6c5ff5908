"""The （一） block's counts made from one pass over the documents (derive._Counts) are the counts of
the per-report pass they replace, for any mix of dates, validity and years (issue 21: a build's check
stage counted every document once per report)."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

import pytest

from gkssg.features.annual import derive
from gkssg.features.annual import formats as F
from gkssg.features.annual.derive import _Counts, _gone_on, _in_force, _issued


def day(rng: random.Random) -> dt.date:
    return dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365))


def maybe(rng: random.Random, p: float = 0.4):
    return day(rng) if rng.random() < p else None


def random_doc(rng: random.Random) -> SimpleNamespace:
    return SimpleNamespace(written=maybe(rng, 0.8), published=day(rng), effective=maybe(rng, 0.3),
                           abolished=maybe(rng, 0.2), valid_until=maybe(rng, 0.2),
                           validity=rng.choice([None, "有效", "废止", "失效", "已修改"]),
                           derived=SimpleNamespace(effective_validity=rng.choice([None, "有效", "废止", "失效"])))


def per_report(docs, year: int, fmt: str) -> dict:
    """The counts as each report made them before (derive.compute's loop over the documents)."""
    end = dt.date(year, 12, 31)
    issued = [d for d in docs if _issued(d) and _issued(d).year == year]
    if fmt == "2021":
        return {"制发": len(issued), "废止": sum(1 for d in docs if _gone_on(d) and _gone_on(d).year == year),
                "有效": sum(1 for d in docs if _in_force(d, end))}
    return {"制作": len(issued), "公开": sum(1 for d in docs if d.published.year == year),
            "总数": sum(1 for d in docs if d.published <= end)}


def one_pass(counts: _Counts, year: int, fmt: str) -> dict:
    import bisect
    if fmt == "2021":
        return {"制发": counts.issued.get(year, 0), "废止": counts.gone.get(year, 0), "有效": counts.in_force(year)}
    return {"制作": counts.issued.get(year, 0), "公开": counts.published.get(year, 0),
            "总数": bisect.bisect_right(counts.published_years, year)}


@pytest.mark.parametrize("seed", range(8))
def test_one_pass_counts_as_the_per_report_pass(seed):
    rng = random.Random(seed)
    docs = [random_doc(rng) for _ in range(rng.randrange(0, 300))]
    counts = _Counts(docs)
    for year in range(2014, 2030):
        for fmt in ("2021", "2019"):
            assert one_pass(counts, year, fmt) == per_report(docs, year, fmt), (year, fmt)


def test_compute_reads_the_counts_once_per_scope(monkeypatch):
    """Reports of one scope share one pass (the memo), whatever their year."""
    made = []
    monkeypatch.setattr(derive, "_Counts", lambda docs: made.append(len(docs)) or _Counts(docs))
    docs = [random_doc(random.Random(1)) for _ in range(5)]
    for d in docs:
        d.genre = "规范性文件"
    memo: dict = {}
    monkeypatch.setattr(derive, "in_scope", lambda site, report, memo: docs)
    for year in (2021, 2022, 2023):
        report = SimpleNamespace(year=year, format=F.default_format(year))
        derive.compute(None, report, memo)
    assert len(made) == 2  # 规章 and 规范性文件: one pass each for the three reports
