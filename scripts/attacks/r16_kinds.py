"""Every kind of template failure × templates × --jobs: GK022, exit 2, no traceback, template and
line named, output untouched.

    PYTHONPATH=/work/wt/hostile16 python r16_kinds.py all-kinds      # every kind in 4 templates, -j 1 and 2
    PYTHONPATH=/work/wt/hostile16 python r16_kinds.py all-templates  # 5 kinds in every template, -j 2
    PYTHONPATH=/work/wt/hostile16 python r16_kinds.py KIND TEMPLATE JOBS
"""

import sys

from r16_common import DEFAULT_TEMPLATES, build, digest, excerpt, fresh, inject, judge, override, say

KINDS = {
    "syntax": "{% if %}x{% endif %}",
    "syntax-expr": "{{ 1 + }}",
    "syntax-endtag": "{% for x in [1] %}x",
    "undef-var": "{{ no_such_variable }}",
    "undef-var-if": "{% if no_such_variable %}x{% endif %}",
    "undef-var-loop": "{% for x in no_such_variable %}{{ x }}{% endfor %}",
    "undef-attr": "{{ info.no_such_attr }}",
    "undef-attr-deep": "{{ info.name.no_such.deeper }}",
    "undef-key": '{{ {"a": 1}["b"] }}',
    "undef-filter": "{{ 1 | no_such_filter }}",
    "undef-test": "{% if 1 is no_such_test %}x{% endif %}",
    "include-missing": '{% include "partials/no_such.html" %}',
    "include-list-missing": '{% include ["no_a.html", "no_b.html"] %}',
    "include-none": "{% include none %}",
    "import-missing": '{% import "no_such_macros.html" as m %}{{ m.x() }}',
    "from-import-name": '{% from "partials/column_count.html" import no_such_macro %}{{ no_such_macro() }}',
    "zerodiv": "{{ 1 / 0 }}",
    "zerodiv-var": "{{ (info.name | length) // 0 }}",
    "modulo-zero": "{{ (info.name | length) % 0 }}",
    "noncallable": "{{ info.name() }}",
    "not-iterable": "{% for x in 5 %}{{ x }}{% endfor %}",
    "recursion": "{% macro r16r(n) %}{{ r16r(n + 1) }}{% endmacro %}{{ r16r(0) }}",
    "macro-too-many": "{% macro r16m(a) %}{{ a }}{% endmacro %}{{ r16m(1, 2, 3) }}",
    "macro-bad-kw": "{% macro r16m(a) %}{{ a }}{% endmacro %}{{ r16m(b=1) }}",
    "macro-missing-arg": "{% macro r16m(a) %}{{ a }}{% endmacro %}{{ r16m() }}",
    "caller-outside": "{{ caller() }}",
    "filter-raises-date": '{{ "x" | date }}',
    "filter-raises-sort": '{{ [3, "a"] | sort }}',
    "filter-raises-int-base": '{{ "1" | int(base=99) }}',
    "format-raises": '{{ "%d" % "x" }}',
    "range-step-zero": "{{ range(1, 5, 0) | list }}",
    "url-none": "{{ url(none) }}",
    "url-int": "{{ url(5) }}",
    "asset-missing": '{{ asset("no-such.css") }}',
    "safe-html-none": "{{ none | safe_html }}",
    "self-missing-block": "{{ self.no_such_block() }}",
    "break-no-ext": "{% for x in [1] %}{% break %}{% endfor %}",
    "namespace-attr": "{% set ns = namespace() %}{{ ns.nothing }}",
    "unicode-error": '{{ "\\ud800" | urlencode }}',
    # not failures of the template itself: what it outputs trips a later stage
    "out-lone-surrogate": '{{ "\\ud800" }}',
    "out-bad-ipv6-href": '<a href="http://[bad/x">x</a><img src="//[::1">',
    "out-bad-port-href": '<a href="http://example.gov.cn:99999999/">x</a>',
    "out-nul": '{{ "a\\x00b" }}',
    "huge-range": "{% for i in range(10 ** 12) %}{% endfor %}",
    "recursive-loop-undef": "{% for x in [1] recursive %}{{ loop(x) }}{% endfor %}",
}

FOUR = ["document.html", "base.html", "home.html", "partials/doc_list.html"]
FIVE = ["syntax", "undef-attr", "zerodiv", "include-missing", "undef-filter"]
SLOW = {"huge-range": 120}


def templates():
    return sorted(p.relative_to(DEFAULT_TEMPLATES).as_posix() for p in DEFAULT_TEMPLATES.rglob("*.html"))


def one(kind, rel, jobs):
    site = fresh("kinds")
    text, line = inject(rel, KINDS[kind])
    override(site, rel, text)
    before = digest(site / "public")
    rc, out = build(site, jobs, timeout=SLOW.get(kind, 600))
    after = digest(site / "public")
    verdict = judge(rc, out, before, after, rel, line) if rc is not None else "BROKEN: timeout"
    say(f"{kind}\t{rel}\t-j{jobs}\t{verdict}\t{excerpt(out, 300)}")
    return verdict


def main(argv):
    if argv[0] == "all-kinds":
        cases = [(k, t, j) for k in KINDS if k not in SLOW for t in FOUR for j in (1, 2)]
    elif argv[0] == "rest-kinds":  # the kinds after include-none, in two templates, -j 2 (a loaded machine)
        names = list(KINDS)
        rest = names[names.index("include-none") + 1:]
        cases = [(k, t, 2) for k in rest if k not in SLOW for t in ("document.html", "partials/doc_list.html")]
    elif argv[0] == "output":
        cases = [(k, t, 2) for k in KINDS if k.startswith("out-") for t in ("document.html", "home.html")]
    elif argv[0] == "all-templates":
        cases = [(k, t, 2) for t in templates() for k in FIVE]
    elif argv[0] == "slow":
        cases = [(k, "404.html", 1) for k in SLOW]
    else:
        cases = [(argv[0], argv[1], int(argv[2]))]
    broken = sum(one(*c) != "holds" for c in cases)
    say(f"# {broken} broken of {len(cases)}")


if __name__ == "__main__":
    main(sys.argv[1:])
