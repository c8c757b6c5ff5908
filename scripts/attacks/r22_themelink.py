"""A site theme (or its templates folder) kept outside the site and symlinked in (a shared theme checkout):
the survey names a symlinked folder and does not enter it, the build reads through it.

    PYTHONPATH=$PWD python scripts/attacks/r22_themelink.py [CASE …]
Cases: `theme` (SITE/themes/default -> /tmp/h22/shared-CASE, holding templates/base.html and static/r22.css),
`templates` (SITE/themes/default/templates -> /tmp/h22/shared-CASE/templates). Build; edit the shared base.html
(a marker before </body>); plain `gkssg build` vs `build --clean --out OTHER`.
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("H21", "/tmp/h22")
from r21_common import DEFAULT_TEMPLATES, TMP, build, compare, excerpt, generate, say  # noqa: E402


def one(case):
    site = generate("themelink-" + case)
    shared = TMP / f"shared-{case}"
    shutil.rmtree(shared, ignore_errors=True)
    (shared / "templates").mkdir(parents=True)
    shutil.copy(DEFAULT_TEMPLATES / "base.html", shared / "templates" / "base.html")
    shutil.rmtree(site / "themes", ignore_errors=True)
    (site / "themes").mkdir()
    if case == "theme":
        (shared / "static").mkdir()
        (shared / "static" / "r22.css").write_text("body{}\n", encoding="utf-8")
        os.symlink(shared, site / "themes" / "default")
    else:
        (site / "themes" / "default").mkdir()
        os.symlink(shared / "templates", site / "themes" / "default" / "templates")
    rc, out = build(site)
    assert rc == 0, out
    base = shared / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<p>R22SHARED</p></body>", 1), encoding="utf-8")
    verdict, rc, out, _, differ = compare(site)
    marked = sum(1 for p in (site / "public").rglob("*.html") if b"R22SHARED" in p.read_bytes())
    say(f"{case}\t{verdict}\tpages with the edit: {marked}\t{excerpt(out[-90:], 90)}")
    if case == "theme":
        (shared / "static" / "r22.css").write_text("body{color:red}\n", encoding="utf-8")
        verdict, rc, out, _, differ = compare(site)
        say(f"{case}/static\t{verdict}\t{excerpt(out[-90:], 90)}")


if __name__ == "__main__":
    for c in sys.argv[1:] or ["theme", "templates"]:
        one(c)
