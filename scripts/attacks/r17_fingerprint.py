"""Page skipping trusts a byte search of the templates (pipeline.site_fingerprint: "site.documents",
"public_documents", "build_date"): a template reaching the same values by another spelling.

Each case: a generated site (24 documents, seed 3) with 404.html showing VALUE, built; then one change
(a public document's title, or the build date); the incremental build is compared with
`build --clean --out OTHER` (the output marker left out).

    PYTHONPATH=/work/wt/hostile17 python r17_fingerprint.py [NAME ...]
"""

import shutil
import subprocess
import sys

from r17_common import GK, MARKER, PY, TMP, cli, default_text, digest, excerpt, override, say

CASES = {
    # (value shown by 404.html, change)
    "documents-subscript": ('{{ site["docu" ~ "ments"] | map(attribute="title") | join("|") }}', "title"),
    "documents-alias": ('{% set s = site %}{{ s.documents | map(attribute="title") | join("|") }}', "title"),
    "public-attr": ('{{ (site | attr("public_" ~ "documents"))() | map(attribute="title") | join("|") }}', "title"),
    "build-date-subscript": ('{{ site["build_" ~ "date"] }}', "date"),
    "build-date-alias": ('{% set s = site %}{{ s["build_date"] }}', "date"),
}
EDIT = "content/ysgz/2026/00002.md"


def one(name):
    value, change = CASES[name]
    site = TMP / "fp"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([PY, str(GK / "benchmarks/generate.py"), "24", str(site), "--seed", "3", "--body-chars", "300",
                    "--build-date", "2026-12-01"], check=True, capture_output=True)
    text = default_text("404.html")
    override(site, "404.html", text.replace("{% block content %}", '{% block content %}<p class="r17">' + value + "</p>", 1))
    rc, out = cli("build", "--site", str(site), "--date", "2026-12-01", "-j", "2")
    assert rc == 0, out
    date = "2026-12-01"
    if change == "title":
        path = site / EDIT
        path.write_text(path.read_text(encoding="utf-8").replace("标题: ", "标题: 改过的", 1), encoding="utf-8")
    else:
        date = "2026-12-02"
    rc2, out2 = cli("build", "--site", str(site), "--date", date, "-j", "2")
    clean = TMP / "fp-clean"
    shutil.rmtree(clean, ignore_errors=True)
    rc3, out3 = cli("build", "--site", str(site), "--date", date, "-j", "1", "--clean", "--out", str(clean))
    a, b = digest(site / "public"), digest(clean)
    differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k) and not k.endswith(MARKER))
    verdict = "holds" if rc2 == rc3 == 0 and not differ else f"BROKEN: {len(differ)} files differ {differ[:4]}"
    say(f"{name}\trc {rc2}/{rc3}\t{verdict}\t{excerpt(out2[-150:] if rc2 else '', 150)}")


if __name__ == "__main__":
    for n in sys.argv[1:] or CASES:
        one(n)
