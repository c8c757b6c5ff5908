"""A failure gkssg did not foresee is said in Chinese, never as a traceback (hostile round 27a, row 1: a body
with an h1 stopped every build with `IndexError: no such group`, a bare traceback that named no file).
A document page's failure names the document; any other names its kind and where the traceback was kept;
the previous output stays as it was."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from conftest import OUTPUT_MARKER, document, write_site

from gkssg.build import engine, pipeline
from gkssg.commands.cli import main
from gkssg.errors import EXIT_SOFTWARE


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def build(site: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "--site", str(site), "--date", "2026-11-01", "--jobs", "1", *extra])


def test_a_document_page_that_fails_is_named_and_the_output_kept(tmp_path, monkeypatch):
    site = write_site(tmp_path / "site", {"content/cq/a.md": document()})
    assert build(site).exit_code == 0
    before = tree(site / "public")
    (site / "content/cq/a.md").write_text(document("改过的正文。\n"), encoding="utf-8")

    def broken(self, doc, template):
        raise IndexError("no such group")

    monkeypatch.setattr(engine.DocumentRenderer, "_one", broken)
    result = build(site, "--clean")  # every page rendered (a body edit alone takes the one-edit path)
    assert result.exit_code == EXIT_SOFTWARE, result.output
    assert "内部错误" in result.output and "content/cq/a.md" in result.output and "IndexError" in result.output
    assert "Traceback" not in result.output
    assert tree(site / "public") == before


def test_any_other_failure_says_where_its_traceback_was_kept(tmp_path, monkeypatch):
    site = write_site(tmp_path / "site", {"content/cq/a.md": document()})

    def broken(*args, **kwargs):
        raise KeyError("不该有的键")

    monkeypatch.setattr(pipeline, "load_and_check", broken)
    result = CliRunner().invoke(main, ["check", "--site", str(site), "--date", "2026-11-01"])
    assert result.exit_code == EXIT_SOFTWARE, result.output
    assert "内部错误（KeyError" in result.output and "Traceback" not in result.output
    log = re.search(r"详细信息已写入 (\S+?)，", result.output)
    assert log, result.output
    kept = Path(log.group(1))
    assert "Traceback" in kept.read_text(encoding="utf-8") and "不该有的键" in kept.read_text(encoding="utf-8")
    kept.unlink()
