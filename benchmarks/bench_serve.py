"""Edit-to-served time of `gkssg serve` on the demo site (issue 21's "edit to reload" figure).

    .venv/bin/python benchmarks/bench_serve.py [--runs N]

Each run copies the demo to a scratch folder, builds it, starts the dev session, edits one
document's title and times until the served page shows the new title. Prints each run and
the median. Run it on a quiet machine; the figure depends on load (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from test_serve_build import edit_to_served, session  # noqa: E402  (the test's own session and edit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as scratch:
            fixture = session.__wrapped__(Path(scratch))
            dev = next(fixture)
            try:
                times.append(edit_to_served(dev, timeout=600))
            finally:
                next(fixture, None)
        print(f"run {run + 1}: {times[-1]:.2f} s")
    print(f"demo site, edit to served page: median {statistics.median(times):.2f} s over {len(times)} runs")


if __name__ == "__main__":
    main()
