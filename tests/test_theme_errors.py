"""A theme template that fails stops the build with GK022 naming the template, its line and the fix,
never a traceback, and the previous output stays as it was (render/theme_env.py). Found by trying a
customised theme as a web team would: a misspelt attribute printed a Jinja2 traceback."""
from __future__ import annotations

import hashlib
import re
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
    ("{% for i in range(10 ** 12) %}{% endfor %}", "range 一次最多产生 100,000 个数"),  # hung the build (round 16, row 4)
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "合计产生了超过 1,000,000 个数"),  # ran for hours (hostile round 17, row 10)
    ('{{ ("x" * 10 ** 10) | length }}', "运算“*”的结果过大"),
    ("{{ 2 ** (10 ** 9) }}", "运算“**”的结果过大"),
    ('{{ "\\ud800" }}', "U+D800"),  # a lone surrogate: a traceback when the page was encoded (row 7)
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
    if "U+D800" in said:
        assert "partials/doc_list.html 生成的页面" not in result.stderr and "生成的页面" in result.stderr  # the page's
    elif "语法错误" in said and "if" in shown:
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


def _override(site: Path, name: str, data: bytes | None = None, link: Path | None = None) -> Path:
    mine = site / "themes" / "default" / "templates" / name
    mine.parent.mkdir(parents=True, exist_ok=True)
    if link is not None:
        mine.symlink_to(link)
    else:
        mine.write_bytes(data)
    return mine


@pytest.mark.parametrize("target", ["outside", "withheld"])
def test_a_template_that_is_a_symlink_out_of_its_folder_publishes_nothing(built, tmp_path, target):
    """Hostile round 16, row 8: a partial symlinked to a file outside the site, or to a 依申请公开
    document's source, was published on every page that included it."""
    if target == "outside":
        secret = tmp_path / "secret.txt"
        secret.write_text("SECRET-OUTSIDE-THE-SITE", encoding="utf-8")
    else:
        withheld = [p for p in (built / "content").rglob("*.md") if "依申请公开" in p.read_text(encoding="utf-8")]
        assert withheld
        secret = withheld[0]
    mine = _override(built, LISTING, link=secret)
    before = _tree(built / "public")
    try:
        result = run_gkssg("build", "--site", str(built), "--date", "2026-11-01")
    finally:
        mine.unlink()
    assert result.returncode == 2 and "GK022" in result.stderr and "符号链接" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(built / "public") == before


@pytest.mark.parametrize("name", ["home.html", LISTING])
def test_a_template_not_in_utf8_is_named_with_its_line(built, name):
    """Hostile round 16, rows 5, 6 and 19: a GBK page template printed a traceback; a partial's was
    told as its includer's failure."""
    text = (THEME / name).read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    changed = first + "\n{# 政务公开 #}" + rest
    line = next(n for n, text in enumerate(changed.split("\n"), 1) if not text.isascii())  # its first non-ASCII
    mine = _override(built, name, changed.encode("gb18030"))
    before = _tree(built / "public")
    try:
        result = run_gkssg("build", "--site", str(built), "--date", "2026-11-01")
    finally:
        mine.unlink()
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"GK022 主题模板 {mine} 第 {line} 行不是 UTF-8 编码" in result.stderr, result.stderr
    assert _tree(built / "public") == before


def test_a_hard_link_or_a_templates_folder_into_content_publishes_nothing(built, tmp_path):
    """Hostile round 17, rows 1 and 2: a hard link in templates/ to a 依申请公开 document's file, and a
    theme whose templates/ folder is a symlink into content/ (its .md included by name), published it."""
    withheld = next(p for p in (built / "content").rglob("*.md") if "依申请公开" in p.read_text(encoding="utf-8"))
    marker = withheld.read_text(encoding="utf-8").split("\n")[1]
    link = built / "themes" / "default" / "templates" / "partials" / "linked.html"
    link.parent.mkdir(parents=True, exist_ok=True)
    base = _override(built, "base.html", (THEME / "base.html").read_bytes().replace(
        b"</body>", b'{% include "partials/linked.html" %}</body>'))
    try:
        import os
        os.link(withheld, link)
        result = run_gkssg("build", "--site", str(built), "--out", str(tmp_path / "www"), "--date", "2026-11-01")
        assert result.returncode == 2 and "GK022" in result.stderr and "硬链接" in result.stderr, result.stdout[-1500:]
        link.unlink()
        (built / "themes" / "x").mkdir()
        (built / "themes" / "x" / "templates").symlink_to(withheld.parent)
        base.write_bytes((THEME / "base.html").read_bytes().replace(
            b"</body>", b'{% include "' + withheld.name.encode() + b'" %}</body>'))
        catalog = (built / "catalog.yaml").read_text(encoding="utf-8")
        (built / "catalog.yaml").write_text("theme: x\n" + catalog, encoding="utf-8")
        try:
            result = run_gkssg("build", "--site", str(built), "--out", str(tmp_path / "www"), "--date", "2026-11-01")
        finally:
            (built / "catalog.yaml").write_text(catalog, encoding="utf-8")
            (built / "themes" / "x" / "templates").unlink()
            (built / "themes" / "x").rmdir()
        assert result.returncode == 2 and "GK022" in result.stderr and "不存在" in result.stderr, result.stdout[-1500:]
    finally:
        link.unlink(missing_ok=True)
        base.unlink()
    assert not (tmp_path / "www").exists() or marker not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "www").rglob("*.html"))


def test_a_template_cannot_reach_python(built, tmp_path):
    """Hostile round 17, row 4: cycler.__init__.__globals__.os and the like read any file (and so any
    withheld document); the templates run in Jinja2's sandbox."""
    mine = _override(built, LISTING, (THEME / LISTING).read_bytes().replace(
        b"{{ d.title }}</a>", b"{{ d.title }}</a>{{ cycler.__init__.__globals__.os.popen('id').read() }}", 1))
    try:
        result = run_gkssg("build", "--site", str(built), "--out", str(tmp_path / "www"), "--date", "2026-11-01")
    finally:
        mine.unlink()
    assert result.returncode == 2 and "GK022" in result.stderr and "沙箱" in result.stderr, result.stderr


def test_site_documents_in_a_template_are_the_public_ones(built, tmp_path):
    """Hostile round 17, row 3: `{% for d in site.documents %}` listed 依申请公开 and future documents."""
    source = next(p for p in sorted((built / "content").rglob("*.md")) if "公开属性: 主动公开" in p.read_text(encoding="utf-8"))
    text = source.read_text(encoding="utf-8")
    withheld = {source.with_name("zz-withheld.md"): text.replace("公开属性: 主动公开", "公开属性: 依申请公开"),
                source.with_name("zz-future.md"): re.sub(r"发布日期: *\S+", "发布日期: 2099-01-01", text)}
    for n, (path, data) in enumerate(withheld.items()):
        path.write_text(re.sub(r"索引号: *(\S+)-\d+", lambda m, n=n: f"索引号: {m.group(1)}-9990{n}", data), encoding="utf-8")
    mine = _override(built, "base.html", (THEME / "base.html").read_bytes().replace(
        b"</body>", b'<ol id="all">{% for d in site.documents %}<li>{{ d.index_no }}</li>{% endfor %}</ol>'
                    b'{{ site.documents | length }}/{{ site.public_documents() | length }}</body>'))
    try:
        result = run_gkssg("build", "--site", str(built), "--out", str(tmp_path / "www"), "--date", "2026-11-01")
    finally:
        mine.unlink()
        for path in withheld:
            path.unlink()
    assert result.returncode == 0, result.stdout[-2000:]
    page = (tmp_path / "www" / "index.html").read_text(encoding="utf-8")
    shown = page.split('<ol id="all">')[1].split("</ol>")[0].count("<li>")
    assert shown and f"{shown}/{shown}" in page
    assert "-99900" not in page and "-99901" not in page


def test_a_fifo_at_a_templates_name_is_refused_by_an_incremental_build_too(built):
    """Hostile round 17, row 8: the page-skipping fingerprint read only regular files, so an
    incremental build after a FIFO appeared at a template's name rendered nothing and said nothing,
    where a clean build says GK022."""
    import os
    fifo = built / "themes" / "default" / "templates" / LISTING
    fifo.parent.mkdir(parents=True, exist_ok=True)
    before = _tree(built / "public")
    os.mkfifo(fifo)
    try:
        result = run_gkssg("build", "--site", str(built), "--date", "2026-11-01")
    finally:
        fifo.unlink()
    assert result.returncode == 2 and "GK022" in result.stderr and "不是普通文件" in result.stderr, result.stderr
    assert _tree(built / "public") == before


@pytest.mark.parametrize("shown", [
    "{{ site.root.glob('content/*') | list }}",
    "{% for a in doc.attachments %}{{ a.path.parent.iterdir() | list }}{% endfor %}",
    "{% for a in doc.attachments %}{{ a.path.parent.joinpath('pwned19.txt').write_text('x') }}{% endfor %}",
    "{{ site.columns.clear() }}",
    "{{ doc.attachments.append(1) }}",
])
def test_a_template_cannot_read_write_or_change_through_the_objects_it_is_given(built, tmp_path, shown):
    """Hostile round 19: site.root and an attachment's path are pathlib objects, whose methods read and
    wrote any file (a withheld document's source into 404.html, a file into content/ that the next build
    published); site.columns.clear() changed what the build wrote."""
    mine = _override(built, "document.html", (THEME / "document.html").read_bytes().replace(
        b'<div class="doc-body">', shown.encode() + b'<div class="doc-body">', 1))
    before = _tree(built / "public")
    try:
        result = run_gkssg("build", "--site", str(built), "--date", "2026-11-01")
    finally:
        mine.unlink()
    assert result.returncode == 2 and "GK022" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert _tree(built / "public") == before
    assert not list(built.rglob("pwned19.txt"))


def test_the_range_budget_is_each_pages_and_shared_by_its_includes():
    """Round 17, row 10: the budget counts every range of one render, includes too, and starts afresh
    for the next page (a theme whose every page counts to 600,000 builds)."""
    import jinja2

    from gkssg.errors import GkssgError
    from gkssg.render.theme_env import TemplateWorkError, ThemeEnvironment
    env = ThemeEnvironment(loader=jinja2.DictLoader({
        "one.html": "{% for k in range(6) %}{% for i in range(100000) %}{% endfor %}{% endfor %}{{ range(6) | sum }}",
        "two.html": "{% include 'one.html' %}{% include 'one.html' %}"}))
    assert [env.get_template("one.html").render() for _ in range(3)] == ["15"] * 3
    with pytest.raises(GkssgError, match="合计产生了超过 1,000,000 个数") as told:
        env.get_template("two.html").render()
    assert "GK022" in str(told.value) and not isinstance(told.value, TemplateWorkError)


def test_an_integer_product_past_the_limit_is_refused():
    """Hostile round 20, row 3: `*` on integers was not counted (a 15,000,001-digit product)."""
    import jinja2

    from gkssg.errors import GkssgError
    from gkssg.render.theme_env import ThemeEnvironment
    env = ThemeEnvironment(loader=jinja2.DictLoader({"p.html": "{{ (a * a) | string | length }}"}))
    with pytest.raises(GkssgError, match="运算“\\*”的结果过大"):
        env.get_template("p.html").render(a=1 << 34_000_000)  # ~10 million digits each: 20 million
    assert ThemeEnvironment(loader=jinja2.DictLoader({"q.html": "{{ 123456789 * 987654321 }}"})).get_template("q.html").render() \
        == str(123456789 * 987654321)


def test_a_page_that_renders_past_the_time_limit_is_told(monkeypatch):
    """Hostile round 20, row 4: nested loops over made strings and recursive macros ran for hours."""
    import jinja2

    from gkssg.errors import GkssgError
    from gkssg.render import theme_env
    monkeypatch.setattr(theme_env, "RENDER_SECONDS", 1)
    env = theme_env.ThemeEnvironment(loader=jinja2.DictLoader({
        "loops.html": '{% set s = "x" * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}',
        "macro.html": "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
        "fine.html": "{{ 1 + 1 }}"}))
    for name in ("loops.html", "macro.html"):
        with pytest.raises(GkssgError, match="GK022.*超过了 1 秒"):
            env.get_template(name).render()
    assert env.get_template("fine.html").render() == "2"
    import signal
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0 and signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_the_time_limit_holds_in_a_thread_where_no_signal_arrives(monkeypatch):
    """`gkssg serve` renders in its rebuild thread, where SIGALRM never arrives: a runaway template
    (an empty loop over a made string, a recursive macro) hung serve for ever."""
    import threading
    import time

    import jinja2

    from gkssg.errors import GkssgError
    from gkssg.render import theme_env
    monkeypatch.setattr(theme_env, "RENDER_SECONDS", 1)
    env = theme_env.ThemeEnvironment(loader=jinja2.DictLoader({
        "loops.html": '{% set s = "x" * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}',
        "macro.html": "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
        "fine.html": "{{ 1 + 1 }}"}))
    told: dict[str, str] = {}

    def render_all():
        for name in ("loops.html", "macro.html", "fine.html"):
            try:
                told[name] = env.get_template(name).render()
            except GkssgError as err:
                told[name] = str(err)

    started = time.monotonic()
    worker = threading.Thread(target=render_all, daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the render in a thread was not stopped"
    assert time.monotonic() - started < 10
    assert "GK022" in told["loops.html"] and "超过了 1 秒" in told["loops.html"]
    assert "GK022" in told["macro.html"] and "超过了 1 秒" in told["macro.html"]
    assert told["fine.html"] == "2"
    time.sleep(1.5)  # nothing fires after the renders ended
    assert env.get_template("fine.html").render() == "2"
    deadline = time.monotonic() + 10  # the watching thread ends when idle: the process may fork again
    while theme_env._watchdog.thread is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert theme_env._watchdog.thread is None


def test_a_range_far_past_the_limit_is_told_in_chinese():
    """Review: the message counted the range with len(), which overflows past sys.maxsize (English)."""
    import jinja2

    from gkssg.errors import GkssgError
    from gkssg.render.theme_env import ThemeEnvironment
    env = ThemeEnvironment(loader=jinja2.DictLoader({"r.html": "{% for i in range(10 ** 30) %}{% endfor %}"}))
    with pytest.raises(GkssgError, match="range 一次最多产生 100,000 个数") as told:
        env.get_template("r.html").render()
    assert "OverflowError" not in str(told.value)
