"""Typed derived data (Document.derived) and feature keys (media, 年报), the one site model, and the model
without I/O (issue 20, item 5)."""

from __future__ import annotations

import ast
import datetime as dt
import pickle
import sqlite3

from conftest import REPO, document, write_site
from lifecycle_fixtures import CODE_A, Lifecycle, doc, make_site

from gkssg import __version__, code_digest
from gkssg.features import lifecycle
from gkssg.findings import Findings
from gkssg.incremental import cache as cache_mod
from gkssg.incremental.cache import CACHE_DIR, CACHE_FILE, BuildCache
from gkssg.incremental.fingerprint import Fingerprinter
from gkssg.load import config
from gkssg.load.content import parse_document
from gkssg.load.site import load_site
from gkssg.model import (
    Derived,
    DocRef,
    Document,
    InterpretationFacts,
    LifecycleEvent,
    LifecycleFacts,
    Site,
)

D = dt.date


def test_lifecycle_facts_are_typed_with_dates_and_refs(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    assert fx.chain_a.derived == Derived()  # nothing derived before the feature stage
    lifecycle.annotate(fx.site)
    facts = fx.chain_a.derived.lifecycle
    assert isinstance(facts, LifecycleFacts) and facts.effective_validity == "失效"
    assert isinstance(facts.event, LifecycleEvent) and isinstance(facts.event.date, dt.date)
    assert facts.event.targets == (DocRef(fx.chain_b.index_no, fx.chain_b.title, fx.chain_b.url, True, doc_no=fx.chain_b.doc_no),)
    assert fx.chain_a.derived.effective_validity == "失效"
    links = fx.amending.derived.interpretation
    assert isinstance(links, InterpretationFacts)
    assert all(isinstance(ref, DocRef) and isinstance(ref.date, dt.date) for ref in links.interpretations)
    assert fx.text.derived.interpretation.interprets.index_no == fx.amending.index_no


def test_an_unannotated_document_has_no_status_and_counts_as_in_force():
    plain = doc(f"{CODE_A}/2020-00001", "测试办法")
    assert plain.derived.lifecycle is None and plain.derived.effective_validity == ""
    assert lifecycle.in_force(plain)
    assert not hasattr(plain, "extra")  # the string-keyed dict is gone


def test_feature_keys_of_the_front_matter_land_in_typed_fields():
    text = document(媒体="{file: jd.mp4, poster: jd.png}", 年度="2023", 年报格式="2021",
                    年报数据文件="2023.yaml", 照登="true")
    findings = Findings()
    parsed = parse_document(text.encode("utf-8"), "content/cq/a.md", findings)
    assert findings.items == []
    assert parsed.media == {"file": "jd.mp4", "poster": "jd.png"}
    assert (parsed.report_data, parsed.report_file, parsed.report_format, parsed.report_year, parsed.as_published) == (
        None, "2023.yaml", 2021, 2023, True)
    assert parsed.derived == Derived()


def test_a_document_fingerprint_follows_its_derived_data_and_feature_keys(tmp_path):
    def fingerprint(d: Document) -> bytes:
        return Fingerprinter("site").document(d)  # a new Fingerprinter: no remembered digest

    d = doc(f"{CODE_A}/2020-00001", "测试办法")
    make_site(tmp_path, [d], [], D(2021, 1, 1))
    bare = fingerprint(d)
    d.derived.lifecycle = LifecycleFacts("有效")
    valid = fingerprint(d)
    d.derived.lifecycle = LifecycleFacts("失效")
    assert len({bare, valid, fingerprint(d)}) == 3
    d.derived.lifecycle = LifecycleFacts("有效")
    assert fingerprint(d) == valid  # equal values, equal fingerprint
    d.media = {"file": "jd.mp4"}
    with_media = fingerprint(d)
    d.report_year = 2023
    assert len({valid, with_media, fingerprint(d)}) == 3


def _old_shape_parse(monkeypatch) -> bytes:
    """A parse result as schema 3 pickled it: an `extra` dict, no typed feature fields."""
    state = {"source": "content/cq/a.md", "title": "旧缓存", "extra": {"media": "x.mp4"}}
    with monkeypatch.context() as patch:
        patch.setattr(Document, "__getstate__", lambda self: state)
        return pickle.dumps((Document(source="content/cq/a.md"), []), pickle.HIGHEST_PROTOCOL)


def test_a_cache_of_the_previous_schema_is_discarded_never_misread(tmp_path, monkeypatch):
    site = write_site(tmp_path / "site", {"content/cq/a.md": document()})
    cache = BuildCache.open(site)
    cache.close()
    db = site / CACHE_DIR / CACHE_FILE
    with sqlite3.connect(db) as conn:  # as gkssg with cache schema 3 left it (same code otherwise)
        conn.execute("UPDATE meta SET value=? WHERE key='version'", (f"3:{__version__}:{code_digest()}",))
        conn.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                     ("content/cq/a.md", 1, 1, "0" * 64, _old_shape_parse(monkeypatch)))
    conn.close()
    assert cache_mod.SCHEMA >= 4
    reopened = BuildCache.open(site)
    assert reopened.doc_entries(["content/cq/a.md"]) == {}
    assert reopened.get_meta("version") == cache_mod.version()
    reopened.close()
    loaded, _ = load_site(site, D(2026, 11, 1), cache=BuildCache.open(site))
    [d] = loaded.documents
    assert d.title != "旧缓存" and d.derived == Derived() and d.media is None


def test_load_catalog_gives_the_site_model_itself(tmp_path):
    root = write_site(tmp_path / "site", {"content/cq/a.md": document()})
    site, findings = config.load_catalog(root)
    assert isinstance(site, Site) and findings.items == []
    assert site.documents == [] and site.build_date is None and site.theme_dirs
    assert not hasattr(config, "Catalog")
    loaded, _ = load_site(root, D(2026, 11, 1))
    assert (loaded.info, loaded.topics, loaded.genres, loaded.theme_dirs) == (
        site.info, site.topics, site.genres, site.theme_dirs)
    assert [c.path_text for c in loaded.all_columns()] == [c.path_text for c in site.all_columns()]


def test_a_broken_catalog_still_gives_a_site_and_its_findings(tmp_path):
    site, findings = config.load_catalog(tmp_path)  # no catalog.yaml at all
    assert isinstance(site, Site) and [f.code for f in findings.items] == ["GK001"]
    assert site.info.name == "" and site.columns == [] and site.topics == list(config.DEFAULT_TOPICS)


def test_the_model_does_no_io():
    tree = ast.parse((REPO / "gkssg" / "model.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            assert name not in ("open", "read_text", "read_bytes", "write_text", "write_bytes", "stat"), name
    assert imported <= {"__future__", "datetime", "hashlib", "re", "dataclasses", "pathlib", "typing",
                        "gkssg.codes"}, imported


def test_a_pickled_document_keeps_its_derived_data_and_a_parse_result_stays_small(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    plain = pickle.dumps(fx.chain_a)
    assert b"Derived" not in plain and pickle.loads(plain).derived == Derived()  # the parse cache's case
    lifecycle.annotate(fx.site)
    fx.chain_a.columns, fx.chain_a.agency = [], None  # (a parse result has neither)
    again = pickle.loads(pickle.dumps(fx.chain_a))
    assert again.derived == fx.chain_a.derived and again.derived.lifecycle.event.targets[0].public
