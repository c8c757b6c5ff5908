"""Hostile round 23 (scripts/attacks/REPORT23.md): what the fixes of rounds 21 and 22 left.

Row 1: a public document's reverse lifecycle index (`doc.derived.lifecycle.replaces / amends`) held the
索引号 of a 依申请公开 document that names it as 替代文件 and of a future one that names it as 修改文件.
Row 2: base.html bringing document.html in again (`{% import "document.html" as p with context %}`) kept a
stale figure on the one-edit path. Row 3: `themes/default/templates -> /` crashed the build's fingerprint.
"""
from __future__ import annotations

import os
import re

from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build
from test_page_records import DATE, THEME

from gkssg.build.pipeline import build_site


def _override(site, name: str, old: str, new: str) -> None:
    mine = site / "themes" / "default" / "templates" / name
    mine.parent.mkdir(parents=True, exist_ok=True)
    text = (THEME / name).read_text(encoding="utf-8")
    assert old in text
    mine.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_withheld_or_future_document_naming_a_public_one_is_not_in_its_reverse_index(tmp_path):
    site = generate(tmp_path / "site", 12, body_chars=200, seed=3)
    docs = sorted((site / FOLDER).rglob("*.md"))
    texts = {p: p.read_text(encoding="utf-8") for p in docs}
    index = {p: re.search(r"^索引号: (.+)$", t, re.M).group(1) for p, t in texts.items()}
    public, withheld, future = docs[:3]
    assert all("公开属性: 主动公开" in texts[p] for p in (public, withheld, future))
    withheld.write_text(texts[withheld].replace("公开属性: 主动公开", "公开属性: 依申请公开")
                        .replace("公开属性:", f"替代文件: {index[public]}\n公开属性:", 1), encoding="utf-8")
    future.write_text(re.sub(r"^发布日期: .+$", "发布日期: 2030-05-05", texts[future], count=1, flags=re.M)
                      .replace("公开属性:", f"修改文件: {index[public]}\n公开属性:", 1), encoding="utf-8")
    _override(site, "document.html", "{% block content %}", "{% block content %}<p id=refs>"
              "{% for r in doc.derived.lifecycle.replaces %}R:{{ r.index_no }};{% endfor %}"
              "{% for r in doc.derived.lifecycle.amends %}A:{{ r.index_no }};{% endfor %}</p>")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    for secret in (index[withheld], index[future]):
        assert not [p for p in out.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()], secret


def test_a_body_shown_again_through_an_import_of_document_html_leaves_the_one_edit_path(tmp_path):
    from test_publicedit import append, build_and_compare, public_docs
    site = generate(tmp_path / "site", 24, body_chars=200, seed=1)
    _override(site, "base.html", "</body>", '{% if meta_rows is defined and doc and inner is not defined %}'
              '{% set inner = 1 %}{% import "document.html" as p with context %}<i class="n">{{ p | string | length }}'
              '</i>{% endif %}</body>')
    build_site(site, site / "public", DATE, jobs=1)
    append(public_docs(site)[0], "\n补充说明，正文长了一些。\n")
    assert build_and_compare(site, tmp_path).fast is False


def test_a_theme_whose_templates_lead_to_a_folder_holding_the_site_is_not_used(tmp_path):
    site = generate(tmp_path / "site", 6, body_chars=200, seed=3)
    (site / "themes" / "default").mkdir(parents=True)
    os.symlink("/", site / "themes" / "default" / "templates")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")


def test_serve_watches_a_symlinked_shared_theme_and_names_its_edits_through_the_link(tmp_path):
    """Row 5: watchdog does not enter a symlinked folder, and an event under the shared folder's real path
    was dropped as outside the site: an edit of the shared base.html never reached `gkssg serve`."""
    from gkssg.serve.watch import SiteWatcher
    shared = tmp_path / "shared"
    (shared / "templates").mkdir(parents=True)
    root = tmp_path / "site"
    (root / "themes").mkdir(parents=True)
    os.symlink(shared, root / "themes" / "default")
    scheduled = []

    class Observer:
        def schedule(self, handler, path, recursive):
            scheduled.append((path, recursive))

    watcher = SiteWatcher(root, root / "public", rebuilder=None, observer=Observer())
    watcher.watch()
    assert (str(shared.resolve()), True) in scheduled
    edited = watcher.site_path(shared.resolve() / "templates" / "base.html")
    assert edited == root.resolve() / "themes" / "default" / "templates" / "base.html"
    assert watcher.relevant(edited) and not watcher.relevant(edited.with_name("base.html.swp"))


def test_serve_keeps_serving_when_the_watcher_cannot_start(tmp_path, monkeypatch):
    """Row 4: watchdog walks what it watches recursively: a folder 1,100 levels deep raised RecursionError
    in the watcher's start and `gkssg serve` exited."""
    from gkssg.serve.server import DevSession
    (tmp_path / "public").mkdir()
    said = []
    session = DevSession(tmp_path, tmp_path / "public", lambda changed: (True, ""), "127.0.0.1", 0, echo=said.append)

    def deep():
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(session.observer, "start", deep)
    session.start()
    try:
        assert any("层级过深" in line for line in said), said
    finally:
        session.stop()
