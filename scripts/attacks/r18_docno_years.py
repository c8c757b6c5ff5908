"""Round 18: a 发文字号 cited in other documents' texts (the document itself found by its exact key,
the others by the phrase), asked with every year filter and with agency filters: the exact-key match and
the census of the phrase under a filter. Against `gkssg search`.

    PYTHONPATH=$PWD:scripts/attacks python scripts/attacks/r18_docno_years.py /tmp/h18/s1000 国办公开办函〔2021〕30号 …"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from r18_common import Browser, index_of, ok, serve, truth
from r18_counts import options


def main() -> int:
    site = Path(sys.argv[1])
    ix = index_of(site)
    years, agencies = options(site, "year"), options(site, "agency")[:4]
    bad = 0
    with serve(site / "public") as base:
        b = Browser(base)
        for q in sys.argv[2:]:
            for f in [{"year": y} for y in years] + [{"agency": a} for a in agencies] + [{"year": "2021", "agency": a} for a in agencies]:
                true, _ = truth(ix, q, f)
                s = b.said(q, 1, f)
                wrong = not ok(s["kind"], s["n"], true) or bool(b.errors)
                bad += wrong
                if wrong or true:
                    print(json.dumps({"q": q, "f": f, "truth": true, "said": [s["kind"], s["n"]], "errors": b.errors[:2],
                                      "BROKEN": wrong}, ensure_ascii=False), flush=True)
                b.errors.clear()
        b.close()
    print(json.dumps({"breaks": bad}))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
