"""Round 14: documents only added (no deletion), so whoosh has several segments but no deleted document: does
`gkssg search` (query.static_scores over a MultiReader) still order pages 1–5 as the static index does
(tests/search_reader.py)? Isolates r14_incremental.py's row 1 from the segments themselves.

Run: python scripts/attacks/r14_added.py SITE [N_ADDED]   (SITE: benchmarks/generate.py output; copied)
"""
import datetime
import json
import re
import shutil
import sys
from pathlib import Path

from r14_incremental import build, compare

from gkssg.build.pipeline import build_site


def main() -> None:
    src = Path(sys.argv[1])
    added = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    work = Path("/tmp/hostile14/added")
    shutil.rmtree(work, ignore_errors=True)
    site, out = work / "site", work / "out"
    shutil.copytree(src, site)
    date = datetime.date.fromisoformat(json.loads((site / "generated.json").read_text(encoding="utf-8"))["build_date"])
    build_site(site, out, date, jobs=1)
    compare(site, out, date, "fresh")
    docs = [d for d in sorted((site / "content").rglob("0*.md")) if "doc:" not in d.read_text(encoding="utf-8")
            and "解读对象" not in d.read_text(encoding="utf-8") and "替代" not in d.read_text(encoding="utf-8")]
    for rnd in range(2):  # two batches: three segments
        for i, d in enumerate(docs[rnd::len(docs) // added][:added]):
            folder = d.parent.parent / f"new{rnd}"  # the agency's own folder
            folder.mkdir(exist_ok=True)
            seq = f"{80000 + rnd * 1000 + i:05d}"
            t = re.sub(r"^(索引号: \S+/\d{4})-\d+$", rf"\g<1>-{seq}", d.read_text(encoding="utf-8"), flags=re.M)
            (folder / f"{i:05d}.md").write_text(t + "\n加强政府信息公开工作。\n", encoding="utf-8")
        build(site, out, date)
        compare(site, out, date, f"after adding batch {rnd + 1} of {added}")


if __name__ == "__main__":
    main()
