"""`doc.origin` (the absolute path a released body is read back from; load/site.py sets it on every load,
"the site may have moved") is readable by a template and is in no fingerprint (Fingerprinter.document hashes
the file's digest and source, not where the site is). Site: 24 generated documents, 404.html and document.html
print `origin`; built; the site folder renamed (mv, output and .gkssg/ with it); incremental build vs clean.

    PYTHONPATH=$PWD python scripts/attacks/r21_moved.py
"""

import shutil

from r21_common import TMP, build, compare, excerpt, generate, in_block, override, say


def main():
    site = generate("moved-a")
    shutil.rmtree(TMP / "moved-b", ignore_errors=True)
    shutil.rmtree(TMP / "moved-b-clean", ignore_errors=True)
    override(site, "404.html", in_block("404.html", '<p class="r21">{{ site.documents[0].origin }}</p>'))
    override(site, "document.html", in_block("document.html", '<p class="r21">{{ doc.origin }}</p>'))
    rc, out = build(site)
    assert rc == 0, out
    moved = TMP / "moved-b"
    site.rename(moved)
    verdict, rc, out, _, differ = compare(moved)
    stale = sum(1 for p in (moved / "public").rglob("*.html") if "moved-a" in p.read_text(encoding="utf-8"))
    say(f"site moved\trc {rc}\t{verdict}\tpages still naming the old folder: {stale}\t{excerpt(out[-160:], 160) if rc else ''}")


if __name__ == "__main__":
    main()
