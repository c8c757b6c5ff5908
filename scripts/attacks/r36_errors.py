"""Round 36, row 5: GK120 is judged only when no other error explains the build's failure (pipeline.emptying,
_other_errors). The full check counts every error of the site; check --changed counts the submission's (judge():
an unchanged file's old error is not the submission's, a site-level one becomes a warning). So with an old error in
an unchanged file the two disagree on GK120: the full check says only the old error, check --changed says GK120.
Also the reverse probe: can the submission's own error hide GK120 from one and not the other?"""
from __future__ import annotations

import sys

from r36_common import committed, set_field, standard, verdict


def future_qj(site):
    for path in sorted((site / "content/qj").glob("*.md")):
        set_field(path, "发布日期", "2027-03-01")


def main() -> int:
    broken = 0
    # an old error in an unchanged cq document (committed with it: GK201 标题 missing), then the drop
    files = standard()
    site = committed("errors-old", files)
    set_field(site / "content/cq/2019-00004.md", "标题", None)
    from r36_common import git
    git(site, "commit", "-qam", "an old error")
    from r36_common import check
    check(site)  # the fact index brought up to date: the fast path answers
    future_qj(site)
    broken += verdict("old GK201 in an unchanged cq document; submission: 14 qj future-dated", site)["state"] == "BROKEN"
    set_field(site / "content/cq/2019-00004.md", "标题", "标题补上")  # the submission also fixes the old error
    broken += verdict("… and the same submission fixes the old GK201", site)["state"] == "BROKEN"

    # the old error is a warning-only site condition: no effect expected
    site = committed("errors-own", standard())
    future_qj(site)
    set_field(site / "content/qj/2024-00001.md", "标题", None)  # the submission's own error
    broken += verdict("submission: 14 qj future-dated and one of them loses its 标题 (GK201)", site)["state"] == "BROKEN"

    site = committed("errors-dup", standard())
    future_qj(site)
    set_field(site / "content/qj/2024-00002.md", "索引号", "11500114009130039C/2024-00003")  # GK305 with a changed one
    broken += verdict("submission: 14 qj future-dated, two of them share a 索引号 (GK305)", site)["state"] == "BROKEN"

    site = committed("errors-dup-unchanged", standard())
    future_qj(site)
    set_field(site / "content/qj/2024-00002.md", "发布日期", "2024-03-03")  # kept public
    set_field(site / "content/qj/2024-00002.md", "索引号", "11500000009275780L/2019-00001")  # an unchanged cq one's
    broken += verdict("submission: 13 qj future-dated, one takes an unchanged cq document's 索引号 (GK305, GK307)", site
                      )["state"] == "BROKEN"
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
