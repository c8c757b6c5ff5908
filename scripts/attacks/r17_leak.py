"""Can any template route put a withheld document's bytes on an output page? (claim 1)

A generated site (benchmarks/generate.py 24 --seed 3) gets two withheld documents whose title and
body carry a marker: content/ysgz/2026/90001.md (公开属性: 依申请公开, marker YSQSECRET17) and
content/ysgz/2026/90002.md (发布日期 2027-06-01, marker FUTSECRET17), plus a file outside the site
(/tmp/h17/outside.txt, marker OUTSECRET17). It is built once (no override); each attack puts
overrides under themes/default/templates/ (or replaces that folder), builds `-j 2`, and looks for
the markers in every output byte; the site is then restored (themes/ removed, rebuilt if changed).

    PYTHONPATH=/work/wt/hostile17 python r17_leak.py [NAME ...]
"""

import os
import shutil
import subprocess
import sys

from r17_common import GK, PY, TMP, build, default_text, digest, excerpt, override, say

SITE = TMP / "leak"
YSQ = "content/ysgz/2026/90001.md"
FUT = "content/ysgz/2026/90002.md"
MARKS = (b"YSQSECRET17", b"FUTSECRET17", b"OUTSECRET17")
TPL = "themes/default/templates"


def setup():
    if (SITE / "public" / "index.html").exists():
        return
    shutil.rmtree(SITE, ignore_errors=True)
    subprocess.run([PY, str(GK / "benchmarks/generate.py"), "24", str(SITE), "--seed", "3", "--body-chars", "300",
                    "--build-date", "2026-12-01"], check=True, capture_output=True)
    src = (SITE / "content/ysgz/2026/00001.md").read_text(encoding="utf-8")
    ysq = src.replace("公开属性: 主动公开", "公开属性: 依申请公开").replace("2026-00001", "2026-90001") \
        .replace("标题: ", "标题: YSQSECRET17 ", 1).replace("〔2026〕1号", "〔2026〕901号") + "\nYSQSECRET17 正文\n"
    fut = src.replace("发布日期: 2026-11-27", "发布日期: 2027-06-01").replace("2026-00001", "2026-90002") \
        .replace("标题: ", "标题: FUTSECRET17 ", 1).replace("〔2026〕1号", "〔2026〕902号") + "\nFUTSECRET17 正文\n"
    (SITE / YSQ).write_text(ysq, encoding="utf-8")
    (SITE / FUT).write_text(fut, encoding="utf-8")
    (TMP / "outside.txt").write_text("OUTSECRET17 outside the site\n", encoding="utf-8")
    rc, out = build(SITE, 2)
    assert rc == 0, out
    assert not leaks(), "the markers are on the site without any override"


def leaks():
    found = []
    for p in (SITE / "public").rglob("*"):
        if p.is_file() and not p.is_symlink():
            data = p.read_bytes()
            found += [f"{m.decode()} in {p.relative_to(SITE / 'public')}" for m in MARKS if m in data]
    return found


def restore(before):
    if (TMP / "catalog.yaml.orig").exists():
        shutil.move(TMP / "catalog.yaml.orig", SITE / "catalog.yaml")
    for p in (SITE / "themes",):
        if p.is_symlink() or p.is_file():
            p.unlink()
        else:
            shutil.rmtree(p, ignore_errors=True)
    if digest(SITE / "public") != before:
        rc, out = build(SITE, 2)
        assert rc == 0, out


def inc(text, where="base.html"):
    """base.html (or `where`) with `text` at the start of <body>."""
    override(SITE, where, default_text(where).replace("<body>", "<body>" + text, 1))


def tdir():
    d = SITE / TPL
    d.mkdir(parents=True, exist_ok=True)
    return d


def a_templates_symlink_outside():
    """templates itself a symlink to a folder outside the site holding base.html and leak.html, a
    symlink to the 依申请公开 document's .md (the folder's real path is the outside folder)."""
    out = TMP / "evil-templates"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    (out / "base.html").write_text(default_text("base.html").replace(
        "<body>", '<body>{% include "leak.html" %}', 1), encoding="utf-8")
    os.symlink(SITE / YSQ, out / "leak.html")
    (SITE / "themes/default").mkdir(parents=True, exist_ok=True)
    os.symlink(out, SITE / TPL)


def a_second_theme_templates_into_content():
    """catalog.yaml names theme `x`; themes/x is a real folder outside content/, but
    themes/x/templates is a symlink to content/ysgz/2026. The site's themes/default/templates/base.html
    includes "90001.md": found in x's templates folder, real path inside that folder's real path."""
    cat = SITE / "catalog.yaml"
    shutil.copy2(cat, TMP / "catalog.yaml.orig")
    cat.write_text("theme: x\n" + cat.read_text(encoding="utf-8"), encoding="utf-8")
    (SITE / "themes/x").mkdir(parents=True)
    os.symlink(SITE / "content/ysgz/2026", SITE / "themes/x/templates")
    inc('{% include "90001.md" %}{% include "90002.md" %}')


def a_partials_folder_symlink():
    """templates/partials is a symlink to content/ysgz/2026; base.html includes "partials/90001.md"."""
    os.symlink(SITE / "content/ysgz/2026", tdir() / "partials")
    inc('{% include "partials/90001.md" %}')


def a_hardlink():
    """templates/partials/leak.html is a hard link to the 依申请公开 document's .md."""
    (tdir() / "partials").mkdir()
    os.link(SITE / YSQ, tdir() / "partials/leak.html")
    inc('{% include "partials/leak.html" %}')


def a_hardlink_future():
    (tdir() / "partials").mkdir()
    os.link(SITE / FUT, tdir() / "partials/leak.html")
    inc('{% include "partials/leak.html" %}')


def a_hardlink_outside():
    (tdir() / "partials").mkdir()
    os.link(TMP / "outside.txt", tdir() / "partials/leak.html")
    inc('{% include "partials/leak.html" %}')


def a_cycler_globals():
    """Python object traversal from a Jinja global (cycler) to os.popen / open."""
    inc('{{ cycler.__init__.__globals__.os.popen("cat ' + str(SITE / YSQ) + '").read() }}')


def a_lipsum_open():
    """lipsum's module globals → builtins open()."""
    inc('{{ lipsum.__globals__.__builtins__.open("' + str(SITE / FUT) + '").read() }}')


def a_attr_filter_no_dot():
    """The same traversal without a dotted dunder: attr filter with computed names."""
    u = '"_" ~ "_"'
    inc('{{ (((cycler | attr(' + u + ' ~ "init" ~ ' + u + ')) | attr(' + u + ' ~ "globals" ~ ' + u + '))["os"])'
        '.popen("cat ' + str(SITE / YSQ) + '").read() }}')


def a_context_all_documents():
    """What the page context holds: does any object reach the withheld documents? (site.documents,
    site.all_documents…): print every title the context can reach."""
    inc('{% for k, v in self._TemplateReference__context.items() %}<i>{{ k }}</i>{% endfor %}'
        '{% if site is defined %}{% for d in site.documents %}{{ d.title }}{{ d.body }}{% endfor %}{% endif %}')


def a_site_documents_noscore():
    inc('{% if site is defined %}{% for d in site.documents %}{{ d.title }}|{% endfor %}{% endif %}')


def a_include_source():
    """{% include d.source %} with every document (the withheld ones are not listed; a listing's d only)."""
    inc('{% for d in documents %}{% include d.source ignore missing %}{% endfor %}', "partials/doc_list.html")


def a_include_abs():
    inc('{% include ["' + str(SITE / YSQ) + '", "../../../content/ysgz/2026/90001.md", '
        '"/' + YSQ + '", "partials/../../../../' + YSQ + '"] ignore missing %}')


def a_extends_symlink_dir_in_name():
    """A computed include name that walks through a symlinked folder inside templates."""
    os.symlink(SITE / "content", tdir() / "c")
    inc('{% set x = "ysgz/2026/90001.md" %}{% include "c/" ~ x %}')


def a_import_from_md():
    """{% from %} / {% import %} a symlinked partials folder: the macro file is public, but the
    module's text is the withheld doc."""
    os.symlink(SITE / "content/ysgz", tdir() / "m")
    inc('{% import "m/2026/90002.md" as x %}{{ x }}')


def a_get_source_via_env():
    """The environment's loader from a template: environment.loader.get_source(env, name)."""
    inc('{{ self._TemplateReference__context.environment.loader.searchpath }}')


def a_fifo_at_name():
    """a FIFO at partials/doc_list.html (claim: GK022, never a hang or a silent fallback)."""
    (tdir() / "partials").mkdir()
    os.mkfifo(tdir() / "partials/doc_list.html")


def a_dir_at_name():
    (tdir() / "home.html").mkdir()


def a_loop_at_name():
    os.symlink("base.html", tdir() / "base.html")


def a_chardev_at_name():
    """/dev/zero's device number made at partials/doc_list.html (the runs are root)."""
    import stat as st
    (tdir() / "partials").mkdir()
    os.mknod(tdir() / "partials/doc_list.html", st.S_IFCHR | 0o644, os.makedev(1, 5))


def a_unused_symlink_out():
    """A symlink to the withheld .md that no template names: no leak expected; GK022 or not?"""
    os.symlink(SITE / YSQ, tdir() / "unused.html")


def a_case_folded_name():
    """Base.HTML (upper case): on a case-sensitive disk another template; included by name."""
    (tdir() / "Base.HTML").write_text("{{ 1 }}", encoding="utf-8")
    inc('{% include "Base.HTML" %}')


def a_nul_in_name():
    inc('{% include "partials/doc_list.html\\x00.md" ignore missing %}')


def a_include_list_mixed():
    """include of a list: a missing name first, then a symlink out (must be GK022, not skipped)."""
    (tdir() / "partials").mkdir()
    os.symlink(SITE / YSQ, tdir() / "partials/b.html")
    inc('{% include ["partials/nope.html", "partials/b.html"] ignore missing %}')


def a_utf16_partial():
    """partials/enc.html in UTF-16 (with its BOM), included by base.html: GK022 naming it and line 1."""
    inc('{% include "partials/enc.html" %}')
    override(SITE, "partials/enc.html", "<p>中文</p>\n", encoding="utf-16")


def a_cesu_surrogate_line3():
    """a UTF-8-encoded surrogate (CESU-8 bytes ED A0 80) on line 3 of partials/enc.html."""
    inc('{% include "partials/enc.html" %}')
    override(SITE, "partials/enc.html", "<p>一</p>\n<p>二</p>\n".encode() + b"<p>\xed\xa0\x80</p>\n")


EXTRA = ["--clean"] if os.environ.get("R17_CLEAN") else []  # R17_CLEAN=1: every attack's build is a clean one
ATTACKS = {n[2:]: f for n, f in globals().items() if n.startswith("a_")}


def run(name):
    before = digest(SITE / "public")
    try:
        ATTACKS[name]()
        rc, out = build(SITE, 2, *EXTRA, timeout=300)
        found = leaks()
        after = digest(SITE / "public")
        changed = sum(1 for k in set(before) | set(after) if before.get(k) != after.get(k))
        verdict = ("BROKEN: " + ", ".join(found[:3]) + f" (+{len(found) - 3})" * (len(found) > 3)) if found else "holds"
        say(f"{name}\trc {rc}\t{changed} files changed\t{verdict}\t{excerpt(out, 500)}")
    finally:
        restore(before)


if __name__ == "__main__":
    setup()
    for n in sys.argv[1:] or ATTACKS:
        run(n)
