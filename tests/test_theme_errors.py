"""A theme template that fails stops the build with GK022 naming the template, its line and the fix,
never a traceback, and the previous output stays as it was (render/theme_env.py). Found by trying a
customised theme as a web team would: a misspelt attribute printed a Jinja2 traceback."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import run_gkssg
from sitegen import generate

THEME = Path(__file__).resolve().parents[1] / "themes" / "default" / "templates"
LISTING = "partials/doc_list.html"


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = generate(tmp_path_factory.mktemp("theme") / "site", 12, body_chars=200, seed=3)
    result = run_gkssg("build", "--site", str(site), "--date", "2026-11-01")
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("shown, said", [
    ("{{ d.titel }}", "文件（doc）没有属性“titel”"),
    ("{{ nosuchname }}", "没有定义的变量“nosuchname”"),
    ("{{ d.title | nosuchfilter }}", "语法错误"),
    ("{% include 'partials/nosuch.html' %}", "引用的模板“partials/nosuch.html”不存在"),
    ("{{ 1 // 0 }}", "ZeroDivisionError"),
    ('{{ d["bo" ~ "dy"] | length }}', "不能用方括号"),
    ('{{ d["_body"] }}', "不能用方括号"),
    ('{% set n = "bo" ~ "dy" %}{{ [d] | map(attribute=n) | join | length }}', "attribute= 读取"),
    ("{% if d.title %}", "语法错误"),
])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_template_is_told_in_chinese_and_the_output_is_kept(built, tmp_path, shown, said, jobs):
    mine = built / "themes" / "default" / "templates" / LISTING
    mine.parent.mkdir(parents=True, exist_ok=True)
    text = (THEME / LISTING).read_text(encoding="utf-8")
    line = text[:text.index("{{ d.title }}</a>")].count("\n") + 1
    mine.write_text(text.replace("{{ d.title }}</a>", "{{ d.title }}</a>" + shown, 1), encoding="utf-8")
    before = _tree(built / "public")
    try:
        result = run_gkssg("build", "--site", str(built), "--date", "2026-11-01", "--jobs", jobs)
    finally:
        mine.unlink()
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "GK022" in result.stderr, result.stderr
    assert said in result.stderr, result.stderr
    if "语法错误" in said and "if" in shown:
        assert f"{LISTING} 第 " in result.stderr  # the end of the template, where the endif is missing
    else:
        assert f"{LISTING} 第 {line} 行" in result.stderr, result.stderr
    assert _tree(built / "public") == before


def test_a_document_attribute_read_by_subscript_still_works_when_it_is_not_the_body(built, tmp_path):
    mine = built / "themes" / "default" / "templates" / LISTING
    mine.parent.mkdir(parents=True, exist_ok=True)
    text = (THEME / LISTING).read_text(encoding="utf-8")
    mine.write_text(text.replace("{{ d.title }}</a>", '{{ d.title }}</a><i class="t">{{ d["ti" ~ "tle"] }}</i>', 1),
                    encoding="utf-8")
    try:
        result = run_gkssg("build", "--site", str(built), "--out", str(tmp_path / "www"), "--date", "2026-11-01")
    finally:
        mine.unlink()
    assert result.returncode == 0, result.stderr
    assert '<i class="t">' in (tmp_path / "www" / "index.html").read_text(encoding="utf-8")
