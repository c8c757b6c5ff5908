"""Round 6, target 3, without a site: the count estimator of search.js (tests/search_count.py's twin:
sample_windows, cluster_estimate) on periodic match patterns, every design the page may take.

Documents 0 … N-1 (numbered by date). The rarest term's list: every document (df = N) or every 2nd. A document
of that list matches when (number mod P) < duty × P — a series repeating every P documents (a weekly or monthly
batch). For P in 2 … 200, duty in {0.2, 0.35, 0.5}, 64 query offsets: how often the page would say "约 N" with N
off by more than 20 % (and more than 10) of the truth.

Run: python scripts/attacks/r6_counts_sim.py [N]
"""
from __future__ import annotations

import random
import sys

from r6_common import verdict  # noqa: F401  (tests/ on sys.path)
from search_count import MIN_WINDOWS, SAMPLE_WINDOWS, cluster_estimate, sample_width, sample_windows  # noqa: E402


def designs(total: int, df: int):
    for k in range(SAMPLE_WINDOWS, MIN_WINDOWS - 1, -1):
        width = sample_width(total, df, k)
        while width >= 1:
            yield k, width
            width //= 2


def prefix(flags: list[int]) -> list[int]:
    out = [0]
    for f in flags:
        out.append(out[-1] + f)
    return out


def estimate(df: int, in_list: list[int], in_match: list[int], total: int, k: int, width: int, offset: float):
    """in_list / in_match: prefix sums of the list's and the matches' indicators."""
    windows = sample_windows(total, k, width, offset)
    clusters = [{"n": in_list[hi + 1] - in_list[lo], "yes": in_match[hi + 1] - in_match[lo], "unsure": 0}
                for lo, hi in windows]
    return cluster_estimate(df, total, windows, clusters)


def main(total: int) -> None:
    rng = random.Random(6)
    offsets = [rng.random() for _ in range(64)]
    shown = wrong = 0
    worst = []
    for step in (1, 2):
        listed = list(range(0, total, step))
        in_list = prefix([1 if d % step == 0 else 0 for d in range(total)])
        for period in range(2, 201):
            for duty in (0.2, 0.35, 0.5):
                matches = {d for d in listed if (d % period) < duty * period}
                truth = len(matches)
                if not truth:
                    continue
                in_match = prefix([1 if d in matches else 0 for d in range(total)])
                for k, width in designs(total, len(listed)):
                    for offset in offsets[:16]:
                        said = estimate(len(listed), in_list, in_match, total, k, width, offset)
                        if said is None:
                            continue
                        shown += 1
                        if abs(said - truth) > max(10, 0.2 * truth):
                            wrong += 1
                            worst.append((abs(said - truth) / truth, said, truth, period, duty, step, k, width, round(offset, 3)))
    worst.sort(reverse=True)
    print(f"N={total}: {shown} '约 N' answers, {wrong} off by > 20 % ({100 * wrong / max(1, shown):.1f} %)")
    for w in worst[:8]:
        print(f"  off {w[0]:.0%}: says 约 {w[1]}, truth {w[2]} (period {w[3]}, duty {w[4]}, list every {w[5]}, k={w[6]}, width={w[7]}, offset {w[8]})")
    verdict(f"periodic patterns at N={total}", wrong == 0, f"{wrong} of {shown} 约 N off by more than 20 %",
            "every 约 N within 20 % (else 至少 N)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 600)
