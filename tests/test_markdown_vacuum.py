"""The build cache's rendered bodies stay proportional to the site (issue 20: vacuum_markdown).

Every edit of a body stores a new rendered body under its new digest; before, nothing ever
removed the old ones, so the `markdown` table grew with every edit, forever. A successful
build now drops the bodies no public document uses once they outnumber the ones in use.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from conftest import document, write_site

from gkssg.build.pipeline import build_site
from gkssg.incremental.cache import CACHE_DIR, CACHE_FILE

DATE = dt.date(2026, 11, 1)


def rows(site) -> int:
    with sqlite3.connect(site / CACHE_DIR / CACHE_FILE) as conn:
        return conn.execute("SELECT COUNT(*) FROM markdown").fetchone()[0]


def test_editing_one_body_again_and_again_does_not_grow_the_markdown_table(tmp_path):
    site = write_site(tmp_path / "s", {
        f"content/cq/{i}.md": document(f"第{i}篇的正文。\n", 索引号=f"11500000009275780L/2019-0000{i}") for i in range(1, 4)})
    build_site(site, site / "public", DATE, jobs=1)
    assert rows(site) == 3
    for edit in range(20):
        (site / "content/cq/1.md").write_text(
            document(f"第1篇的正文，第{edit}次修改。\n", 索引号="11500000009275780L/2019-00001"), encoding="utf-8")
        build_site(site, site / "public", DATE, jobs=1)
        assert rows(site) <= 2 * 3  # the three bodies in use, and at most as many stale ones


def test_a_vacuum_keeps_every_body_in_use(tmp_path):
    site = write_site(tmp_path / "s", {
        f"content/cq/{i}.md": document(f"第{i}篇的正文。\n", 索引号=f"11500000009275780L/2019-0000{i}") for i in range(1, 3)})
    build_site(site, site / "public", DATE, jobs=1)
    for edit in range(6):
        (site / "content/cq/1.md").write_text(
            document(f"修改{edit}。\n", 索引号="11500000009275780L/2019-00001"), encoding="utf-8")
        build_site(site, site / "public", DATE, jobs=1)
    from gkssg.incremental.cache import BuildCache
    from gkssg.load.site import load_site
    cache = BuildCache.open(site)
    try:
        loaded, _ = load_site(site, DATE)
        for doc in loaded.documents:
            assert cache.markdown(doc.body_sha) is not None, doc.source
    finally:
        cache.close()
