"""Odd template files: not UTF-8, empty, a directory, symlinks (in and out of the site), a site path
with spaces and Chinese, a GkssgError-looking text, huge output, an error only in a file loaded late.

    PYTHONPATH=/work/wt/hostile16 python r16_odd.py [CASE ...]
"""

import os
import shutil
import sys
from pathlib import Path

from r16_common import TMP, build, default_text, digest, excerpt, fresh, inject, judge, override, pristine, say


def case_gbk(site):
    text, line = inject("home.html", "{{ 1 / 0 }}")
    override(site, "home.html", text.replace("首页", "首頁") + "\n<!-- 中文 -->", encoding="gbk")
    return "home.html", None


def case_latin1_partial(site):
    override(site, "partials/doc_list.html", b"\xff\xfe{{ documents | length }}\n")
    return "partials/doc_list.html", None


def case_empty_document(site):
    override(site, "document.html", "")
    return "empty document.html", "builds?"


def case_empty_base(site):
    override(site, "base.html", "")
    return "empty base.html", "builds?"


def case_directory(site):
    (site / "themes/default/templates/home.html").mkdir(parents=True)
    return "home.html (a directory)", "builds?"


def case_directory_partial(site):
    (site / "themes/default/templates/partials/related.html").mkdir(parents=True)
    return "partials/related.html (a directory)", "builds?"


def case_symlink_loop(site):
    d = site / "themes/default/templates"
    d.mkdir(parents=True)
    os.symlink("home.html", d / "home.html")
    return "home.html (a symlink to itself)", "builds?"


def case_symlink_out(site):
    """A partial that is a symlink to a file outside the site, included by base.html."""
    secret = TMP / "outside-secret.txt"
    secret.write_text("R16-SECRET-OUTSIDE-THE-SITE\n", encoding="utf-8")
    d = site / "themes/default/templates/partials"
    d.mkdir(parents=True)
    os.symlink(secret, d / "leak.html")
    text = default_text("base.html").replace("<body>", '<body>{% include "partials/leak.html" %}', 1)
    override(site, "base.html", text)
    return "symlink out of the site", "R16-SECRET-OUTSIDE-THE-SITE"


def case_symlink_private_doc(site):
    """A partial that is a symlink to a 依申请公开 document's file, included by base.html."""
    src = next(p for p in sorted((site / "content").rglob("*.md"))
               if "依申请公开" in p.read_text(encoding="utf-8").split("---")[1])
    d = site / "themes/default/templates/partials"
    d.mkdir(parents=True)
    os.symlink(src.resolve(), d / "leak.html")
    text = default_text("base.html").replace("<body>", '<body>{% raw %}{% endraw %}{% include "partials/leak.html" %}', 1)
    override(site, "base.html", text)
    title = next(line for line in src.read_text(encoding="utf-8").splitlines() if line.startswith("标题"))
    return f"symlink to a 依申请公开 document ({src.relative_to(site)})", title.split(":", 1)[1].strip()


def case_gkssg_text(site):
    text, line = inject("home.html", '{{ "错误：GK022 伪造的消息 第 1 行" ~ (1 / 0) }}')
    override(site, "home.html", text)
    return "home.html", line


def case_raise_text(site):
    text, line = inject("home.html", '{{ range(1, 2, 0) if "Traceback (most recent call last):" else 0 }}')
    override(site, "home.html", text)
    return "home.html", line


def case_huge_output(site):
    text, line = inject("404.html", '{{ "汉" * (10 * 1000 * 1000) }}')
    override(site, "404.html", text)
    return "404.html 30 MB", "builds?"


def case_late_syntax(site):
    """A syntax error in a file only included by a name computed at render time (in the workers)."""
    override(site, "partials/late.txt", "{% if %}\n")
    text, line = inject("document.html", '{% include "partials/late." ~ ("txt" if doc.title else "x") %}')
    override(site, "document.html", text)
    return "partials/late.txt", 1


def case_self_include(site):
    text, line = inject("partials/doc_list.html", '{% include "partials/doc_list.html" %}')
    override(site, "partials/doc_list.html", text)
    return "partials/doc_list.html", None


def case_extends_missing(site):
    override(site, "404.html", '{% extends "no_such_base.html" %}\n')
    return "404.html", 1


def case_extends_self(site):
    override(site, "404.html", '{% extends "404.html" %}\n')
    return "404.html", None


def case_block_twice(site):
    override(site, "404.html", '{% extends "base.html" %}\n{% block content %}a{% endblock %}\n{% block content %}b{% endblock %}\n')
    return "404.html", 3


CASES = {name[5:]: f for name, f in sorted(globals().items()) if name.startswith("case_")}


def run(name, jobs=2, site_name="odd"):
    site = fresh(site_name)
    what, expect = CASES[name](site)
    before = digest(site / "public")
    rc, out = build(site, jobs, timeout=300)
    after = digest(site / "public")
    if expect == "builds?" or (isinstance(expect, str) and not expect.isdigit() and rc == 0):
        leaked = isinstance(expect, str) and expect != "builds?" and any(
            expect in p.read_text(encoding="utf-8", errors="replace") for p in (site / "public").rglob("*.html"))
        verdict = f"rc {rc}, output {'changed' if before != after else 'same'}" + ("; LEAKED into the output" if leaked else "")
        if "Traceback" in out:
            verdict += "; TRACEBACK"
    else:
        line = expect if isinstance(expect, int) else None
        verdict = judge(rc, out, before, after, None, line)
    say(f"{name}\t{what}\t-j{jobs}\t{verdict}\t{excerpt(out, 500)}")
    if name == "huge_output":
        shutil.rmtree(site / "public", ignore_errors=True)  # 30 MB: rebuilt by the next fresh()
    return verdict


def spaced_site():
    """The demo site under a path with spaces and Chinese: the message names it."""
    site = pristine(TMP / "站点 目录 r16")
    shutil.rmtree(site / "themes", ignore_errors=True)
    text, line = inject("partials/doc_list.html", "{{ d.no_such }}")
    override(site, "partials/doc_list.html", text)
    before = digest(site / "public")
    rc, out = build(site, 2)
    verdict = judge(rc, out, before, digest(site / "public"), str(Path(site, "themes/default/templates/partials/doc_list.html")))
    say(f"spaced\t{site}\t-j2\t{verdict}\t{excerpt(out, 400)}")


if __name__ == "__main__":
    names = sys.argv[1:] or [*CASES, "spaced"]
    for n in names:
        spaced_site() if n == "spaced" else run(n)
