"""Edits in a row through the one-edit paths: a public body edited (one-edit path), a no-op build, the body
edited back, a title edit, a template edited and back, each followed by the comparison with `build --clean`.
404.html reads the public documents' titles (record "d"); document.html the build date (record "t").

    PYTHONPATH=$PWD python scripts/attacks/r21_rows.py
"""

from r21_common import build, compare, default_text, edit, generate, in_block, override, say

EDIT = "content/ysgz/2026/00002.md"


def main():
    site = generate("rows")
    override(site, "404.html", in_block("404.html", '<p class="r21">{{ site.documents | map(attribute="title") | join("|") }}</p>'))
    override(site, "document.html", in_block("document.html", '<p class="r21">{{ build_date }}</p>'))
    rc, out = build(site)
    assert rc == 0, out
    path = site / EDIT
    original = path.read_text(encoding="utf-8")
    steps = [
        ("body edit", lambda: path.write_text(original + "\n补充一段。\n", encoding="utf-8")),
        ("no-op", lambda: None),
        ("body back", lambda: path.write_text(original, encoding="utf-8")),
        ("title edit", lambda: edit(site, EDIT, "标题: ", "标题: 改过的")),
        ("404.html drops the read", lambda: override(site, "404.html", default_text("404.html"))),
        ("title edit again", lambda: edit(site, EDIT, "标题: 改过的", "标题: 再改的")),
        ("404.html reads again", lambda: override(site, "404.html", in_block(
            "404.html", '<p class="r21">{{ site.documents | map(attribute="title") | join("|") }}</p>'))),
        ("no-op", lambda: None),
    ]
    for what, step in steps:
        step()
        verdict, rc, out, _, differ = compare(site)
        say(f"{what}\trc {rc}\t{verdict}\t{'fallback note' if '未走' in out else ''}")


if __name__ == "__main__":
    main()
