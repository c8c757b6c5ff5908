"""`theme:` in catalog.yaml (a theme under <site>/themes/ with a Chinese name and a space), and special
files among a theme's templates (a FIFO, a symlink to /dev/null).

    PYTHONPATH=/work/wt/hostile16 python r16_theme.py [CASE ...]
"""

import os
import re
import sys

from r16_common import build, digest, excerpt, fresh, inject, judge, say

THEME = "新 主题"


def use_theme(site, name):
    cat = site / "catalog.yaml"
    text = cat.read_text(encoding="utf-8")
    text = re.sub(r"^theme:.*\n", "", text, flags=re.M)
    cat.write_text(text + f"\ntheme: {name}\n", encoding="utf-8")
    return site / "themes" / name / "templates"


def restore_catalog(site):
    cat = site / "catalog.yaml"
    cat.write_text(re.sub(r"\ntheme: .*\n$", "", cat.read_text(encoding="utf-8")), encoding="utf-8")


def case_named_theme(site):
    """A theme named '新 主题' holding only a broken document.html: GK022 names its path."""
    templates = use_theme(site, THEME)
    templates.mkdir(parents=True)
    text, line = inject("document.html", "{{ doc.no_such_field }}")
    (templates / "document.html").write_text(text, encoding="utf-8")
    return "themes/新 主题/templates/document.html", line


def case_named_theme_gbk(site):
    templates = use_theme(site, THEME)
    templates.mkdir(parents=True)
    text, line = inject("document.html", "{{ 1 / 0 }}")
    (templates / "document.html").write_text(text + "<!-- 中文 -->", encoding="gbk")
    return "themes/新 主题/templates/document.html", None


def case_fifo(site):
    """A FIFO named like a template: does anything (template hashing, bodyframe) open it and block?"""
    d = site / "themes/default/templates/partials"
    d.mkdir(parents=True)
    os.mkfifo(d / "doc_list.html")
    return "FIFO partials/doc_list.html", "builds?"


def case_fifo_other(site):
    d = site / "themes/default/templates"
    d.mkdir(parents=True)
    os.mkfifo(d / "extra.html")
    return "FIFO extra.html (not used by any page)", "builds?"


def case_devnull(site):
    d = site / "themes/default/templates"
    d.mkdir(parents=True)
    os.symlink("/dev/null", d / "home.html")
    return "home.html -> /dev/null", "builds?"


CASES = {name[5:]: f for name, f in sorted(globals().items()) if name.startswith("case_")}


def run(name):
    site = fresh("theme")
    try:
        what, expect = CASES[name](site)
        before = digest(site / "public")
        rc, out = build(site, 2, timeout=180)
        after = digest(site / "public")
        if expect == "builds?":
            verdict = "TIMEOUT (killed after 180 s)" if rc is None else f"rc {rc}, output {'changed' if before != after else 'same'}"
        else:
            verdict = judge(rc, out, before, after, what, expect)
        say(f"{name}\t{what}\t-j2\t{verdict}\t{excerpt(out, 400)}")
    finally:
        restore_catalog(site)


if __name__ == "__main__":
    for n in sys.argv[1:] or CASES:
        run(n)
