"""The wall clock through the sandbox: a date's classmethod `today()` (`doc.published.today()`,
`site.build_date.today()` — reached here through a document so no build_date read is recorded) is allowed by
the sandbox and read by no record, so a page shows the day the build RAN, not `--date`; the next day's
incremental build keeps it. The next day is simulated with TZ (date.today() is local time): the first build
at TZ=Etc/GMT+12, the next ones at TZ=Etc/GMT-14 (26 hours ahead), `--date` fixed; between them a public
document's title is edited so the build runs. Incremental vs `build --clean`, same TZ.

    PYTHONPATH=$PWD python scripts/attacks/r21_clock.py
"""

import os

from r21_common import build, compare, edit, generate, in_block, override, say

EDIT = "content/ysgz/2026/00002.md"


def main():
    site = generate("clock")
    text = in_block("document.html", '<p class="r21">今天 {{ doc.published.today() }}</p>')
    override(site, "document.html", text)
    os.environ["TZ"] = "Etc/GMT+12"
    rc, out = build(site)
    assert rc == 0, out
    first = sorted(set(l for p in (site / "public/docs").glob("*.html")
                       for l in p.read_text(encoding="utf-8").splitlines() if "今天" in l))
    os.environ["TZ"] = "Etc/GMT-14"
    edit(site, EDIT, "标题: ", "标题: 改过的")
    verdict, rc, out, _, differ = compare(site)
    later = sorted(set(l.strip() for p in (site / "public/docs").glob("*.html")
                       for l in p.read_text(encoding="utf-8").splitlines() if "今天" in l))
    say(f"today()\trc {rc}\t{verdict}\tfirst build: {first[:1]}; after the next day's incremental: {later}")


if __name__ == "__main__":
    main()
