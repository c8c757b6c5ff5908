"""Round 19: can a theme template put a byte of a non-public document into the output, read files,
write files or run programs, now that templates run in Jinja2's sandbox with a `site` view?

Run: PYTHONPATH=$PWD python scripts/attacks/r19_sandbox.py [attack-number ...]
Each attack writes theme templates, builds the demo site with three planted non-public documents
(r19_common), and greps every output byte for their markers. A side effect outside the output
(a file written, the previous output changed by a refused build) is BROKEN too."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import r19_common as c  # noqa: E402

PWN = c.TMP / "pwned19.txt"
YSQ_SOURCE = "content/ysq/2025-99002.md"


def dump_all(expr: str) -> str:
    """A 404.html that prints `expr` for every public document."""
    return "{% for d in site.documents %}<p>{{ " + expr + " }}</p>{% endfor %}"


ATTACKS: list[tuple[str, dict[str, str]]] = [
    ("site.root (a pathlib.Path) .joinpath(依申请公开 source).read_text()",
     {"404.html": "<pre>{{ site.root.joinpath('" + YSQ_SOURCE + "').read_text() }}</pre>"}),
    ("site.root.glob('content/ysq/*.md') and read_bytes() of each (config_file is a str)",
     {"404.html": "{% for p in site.root.glob('content/ysq/*.md') %}"
                  "<pre>{{ p.read_bytes() }}</pre>{% endfor %}"}),
    ("read any file of the machine: site.root.parents[-1] / etc/hostname",
     {"404.html": "<pre>HOST={{ site.root.parents[site.root.parents|length - 1].joinpath('etc/hostname')"
                  ".read_text() }}</pre>"}),
    ("write a file outside the output: site.root.parent.joinpath('pwned19.txt').write_text()",
     {"404.html": "{{ site.root.parent.joinpath('pwned19.txt').write_text('written by a theme') }}"}),
    ("refused build (GK022) after writing into the previous output via Path.write_text",
     {"404.html": "{{ site.root.parent.joinpath('out', 'pwned19.html').write_text('x') }}{{ no_such.thing }}"}),
    ("publish a 依申请公开 body as a new 主动公开 document: write content/ at render time, build again",
     {"404.html": "{{ site.root.joinpath('content/ysq/2025-99009.md').write_text("
                  "site.root.joinpath('" + YSQ_SOURCE + "').read_text().replace('公开属性: 依申请公开', '公开属性: 主动公开')"
                  ".replace('2025-99002', '2025-99009')) }}"}),
    ("site._site / site|attr('_site') / map(attribute='_site')",
     {"404.html": "{{ site|attr('_site') }}{{ [site]|map(attribute='_site')|list }}"}),
    ("str.format through the sandbox formatter: '{0._site}'.format(site), '{0.__class__}'",
     {"404.html": "{{ '{0._site.documents}'.format(site) }}{{ '{0.__class__.__mro__}'.format(site) }}"}),
    ("format_map with a dict: '{s._site}'.format_map({'s': site})",
     {"404.html": "{{ '{s._site.documents}'.format_map({'s': site}) }}"}),
    ("%-formatting: '%s'|format(site.public_documents) and the format filter with a dict key",
     {"404.html": "{{ '%(x)s'|format(x=site) }} {{ '%s' % site.public_documents }}"}),
    ("cycler/joiner/namespace/lipsum __init__.__globals__",
     {"404.html": "{{ cycler.__init__.__globals__ }}{{ joiner.__init__.__globals__ }}"}),
    ("self and the template reference: self._TemplateReference__context",
     {"404.html": "{{ self }}{{ self._TemplateReference__context }}"}),
    ("every column object: repr, children, all_columns(), agency_named(), agencies' folders",
     {"404.html": "{% for col in site.all_columns() %}<p>{{ col }}</p>{% endfor %}"
                  "{{ site.agencies }}{{ site.agency_named('演示市演示区人民政府') }}"}),
    ("each public document's repr, derived facts (DocRefs to the 依申请公开 / 不予公开 targets), columns",
     {"404.html": dump_all("d") + dump_all("d.derived") + dump_all("d.columns")}),
    ("document page: doc.derived.interpretation / lifecycle of the planted 解读 and the replaced document",
     {"document.html": "<p>{{ doc.derived }}</p><p>{{ doc.interprets }}</p><p>{{ doc.replaced_by }}</p>"
                       "<p>{{ interpretations }}</p>"}),
    ("attachments' resolved paths: d.attachments[i].path.parents[1].glob('*.md') of public documents",
     {"404.html": "{% for d in site.documents %}{% for a in d.attachments %}{% if a.path %}"
                  "{% for p in a.path.parents[1].glob('*.md') %}<pre>{{ p.read_text() }}</pre>{% endfor %}"
                  "{% endif %}{% endfor %}{% endfor %}"}),
    ("body_reader / release_body on public documents via getattr spelled with dots",
     {"404.html": dump_all("d.body_reader")}),
    ("safe_html / web_url / url / asset / date with odd inputs (paths, dunder, None)",
     {"404.html": "{{ '../../content/ysq/2025-99002.md'|web_url }}{{ asset('../../content/ysq/2025-99002.md') }}"
                  "{{ url('../content/ysq/2025-99002.md') }}{{ build_date|date('%Y %%') }}"
                  "{{ '<script>x</script>'|safe_html }}"}),
    ("Markup methods: Markup(...).__html__ / unescape / striptags / format with an object",
     {"404.html": "{{ ('{0.__class__}'|safe_html).format(site) }}"}),
    ("generator/loop tricks: loop.__class__, range.__class__, dict(x=site).__class__",
     {"404.html": "{% for i in range(1) %}{{ loop.cycle.__globals__ }}{% endfor %}"}),
    ("include / import / extends with a path out of templates/ ('../../../content/…', absolute)",
     {"404.html": "{% include '../../../content/ysq/2025-99002.md' ignore missing %}"
                  "{% include '/tmp/h19/site/content/ysq/2025-99002.md' ignore missing %}"
                  "{% include ['x', '..\\\\..\\\\..\\\\content\\\\ysq\\\\2025-99002.md'] ignore missing %}"}),
    ("feature pages' context: application.html documents/guide, library_search.html rows, browse_list",
     {"application.html": "{% for d in documents %}<p>{{ d.title }}{{ d.body }}</p>{% endfor %}{{ guide }}"
                          "{{ guide_body }}",
      "library_search.html": "{{ rows }}{{ agencies }}",
      "browse_list.html": "{% for d in documents %}<p>{{ d.title }}</p>{% endfor %}{{ siblings }}"}),
    ("list mutation through the (mutable) sandbox: site.agencies.clear(), nav_columns.reverse() on home",
     {"home.html": "{{ site.agencies.clear() }}{{ nav_columns.reverse() }}{{ site.columns.clear() }}MUTATED"}),
]


def main(selected: list[int]) -> int:
    c.setup()
    broken = 0
    for number, (name, templates) in enumerate(ATTACKS, 1):
        if selected and number not in selected:
            continue
        PWN.unlink(missing_ok=True)
        result = c.attempt(templates)
        extra = []
        if PWN.exists():
            extra.append(f"{PWN} written ({PWN.read_text()!r})")
        if result["rc"] != 0 and result["output_changed"]:
            extra.append("refused build changed the previous output")
        if (c.OUT / "pwned19.html").exists():
            extra.append("out/pwned19.html written")
        planted = c.SITE / "content/ysq/2025-99009.md"
        if planted.exists():
            again = c.build()
            leaked = c.hits()
            extra.append(f"content/ysq/2025-99009.md written; next plain build rc={again[0]} leaks {leaked[:3]}")
            if again[0]:
                print(again[1][-600:])
            planted.unlink()
        if "HOST=" in (c.OUT / "404.html").read_text(encoding="utf-8") and \
                Path("/etc/hostname").read_text().strip() in (c.OUT / "404.html").read_text(encoding="utf-8"):
            extra.append("/etc/hostname in 404.html")
        if c.report(f"{number}. {name}", result, "; ".join(extra)) == "BROKEN":
            broken += 1
            (c.OUT / "pwned19.html").unlink(missing_ok=True)
            c.setup()  # back to a clean previous output for the next attack
    print(f"{broken} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]]))
