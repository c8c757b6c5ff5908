"""A page must follow from the site and the build date alone: two clean builds are byte-identical, or the
build refuses the template with GK022 (render/steady.py). `{{ site }}` printed a memory address, `lipsum()`
and `| random` drew anew in every run (hostile round 23, row 7)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from sitegen import generate

from gkssg.errors import GkssgError
from gkssg.render.theme_env import ThemeEnvironment

REPO = Path(__file__).resolve().parents[1]
THEME = REPO / "themes" / "default" / "templates"
STEADY = ('<p id="steady">{{ site }}|{{ doc }}|{{ namespace(a=1) }}|{% set c = cycler("o", "e") %}{{ c.next() }}'
          '{{ c.next() }}|{{ doc.invalid | list }}|{{ site.columns | map(attribute="name") | join(",") }}'
          '|{{ doc.attachments | pprint }}|{{ "%s" % doc }}|{{ "{}".format(site) }}|{{ doc ~ site }}</p>')


def _build(site: Path, seed: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", PYTHONHASHSEED=seed)
    return subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date",
                           "2026-11-01", "--clean"], capture_output=True, text=True, env=env, timeout=600)


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".gkssg")}


def _override(site: Path, name: str, snippet: str) -> None:
    mine = site / "themes" / "default" / "templates" / name
    mine.parent.mkdir(parents=True, exist_ok=True)
    text = (THEME / name).read_text(encoding="utf-8")
    mine.write_text(text.replace("{% block content %}", "{% block content %}" + snippet, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("steady") / "site", 8, body_chars=100, seed=4)


def test_two_clean_builds_of_a_theme_printing_gkssg_objects_are_byte_identical(site, tmp_path):
    _override(site, "document.html", STEADY)
    _override(site, "404.html", '<p id="steady">{{ site }}|{{ site.columns }}</p>')
    trees = []
    for seed in ("1", "2"):
        done = _build(site, seed)
        assert done.returncode == 0, done.stderr
        trees.append(_tree(site / "public"))
    assert trees[0] == trees[1]
    page = (site / "public" / "404.html").read_text(encoding="utf-8")
    assert "PublicSite(name=" in page and "0x" not in page


@pytest.mark.parametrize("snippet, said", [
    ("{{ lipsum(1) }}", "lipsum"),
    ("{{ [1, 2, 3] | random }}", "random"),
    ("{{ site }}{{ cycler(1, 2) }}", "Cycler"),
    ("{{ joiner() }}", "Joiner"),
    ("{{ site.public_documents }}", "public_documents"),
    ("{{ site.columns | map(attribute='name') }}", "生成器"),
    ("{{ 'x' ~ site.all_columns }}", "all_columns"),
    ("{{ [site.all_columns] | join(',') }}", "all_columns"),
    ("{{ site.all_columns | string }}", "all_columns"),
    ("{{ '%s' | format(site.all_columns) }}", "all_columns"),
])
def test_a_template_printing_what_differs_between_runs_is_refused_gk022(site, snippet, said):
    _override(site, "404.html", snippet)
    try:
        done = _build(site, "3")
    finally:
        (site / "themes" / "default" / "templates" / "404.html").unlink()
    assert done.returncode == 2 and "GK022" in done.stderr and "404.html" in done.stderr, done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_set_a_template_reaches_comes_in_a_fixed_order():
    class Holder:
        letters = {"c", "a", "b", "e", "d"}
        nested = [{"b", "a"}]

    env = ThemeEnvironment(loader=jinja2.DictLoader({
        "s.html": "{% for k in h.letters %}{{ k }}{% endfor %}|{{ h['letters'] | join }}|{% for k in s %}{{ k }}{% endfor %}",
        "p.html": "{{ s }}"}))
    assert env.get_template("s.html").render(h=Holder(), s=frozenset("zyx")) == "abcde|abcde|xyz"
    assert env.get_template("p.html").render(s=set("ba")) == "(&#39;a&#39;, &#39;b&#39;)" or \
        env.get_template("p.html").render(s=set("ba")) == "('a', 'b')"
    with pytest.raises(GkssgError, match="GK022.*集合"):  # a set inside what is printed, reached otherwise
        env.from_string("{{ h.nested }}").render(h=Holder())
