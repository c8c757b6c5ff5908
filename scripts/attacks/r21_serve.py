"""`gkssg serve`'s in-place body edit and pages whose record says they read the public documents.

A page that reads a body through `site.documents` (404.html: `{% for d in site.documents %}{{ d.body | length
}}`) has the record "bd": its context holds no document, so serve's `readers` (pages whose context holds the
edited document) do not name it. Site: 24 generated documents, first built with `gkssg build`, then served
(`serve --no-build`); one public body edited (a paragraph appended); once the document's own page shows the
edit (and 20 s more for settle), serve is stopped; output vs `build --clean`, then a plain `gkssg build`
and the comparison again.

    PYTHONPATH=$PWD python scripts/attacks/r21_serve.py [PORT] [CASE]
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request

from r21_common import DATE, GK, PY, TMP, build, compare, excerpt, generate, in_block, override, say

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8821
EDIT = "content/ysgz/2026/00002.md"
CASES = {
    "documents-body-length": '<p class="r21">{% for d in site.documents %}<i>{{ d.body | length }}</i>{% endfor %}</p>',
    # (partial, base.html snippet, edit): the imported module cached in serve's resident environment
    "import-title": ('{% set titles = site.documents | map(attribute="title") | join("|") %}',
                     '{% import "partials/r21facts.html" as f %}<p class="r21">{{ f.titles }}</p>', "title"),
    "public-documents-digest": '<p class="r21">{% for d in site.public_documents() %}<i>{{ d.digest[:8] }}</i>{% endfor %}</p>',
}


def get(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/{path}", timeout=10) as r:
        return r.read().decode("utf-8", "replace")


def wait_for(path, needle, seconds=120):
    end = time.time() + seconds
    while time.time() < end:
        try:
            if needle in get(path):
                return True
        except OSError:
            pass
        time.sleep(1)
    return False


def one(name):
    site = generate("serve-" + name)
    case = CASES[name]
    if isinstance(case, tuple):
        override(site, "partials/r21facts.html", case[0])
        override(site, "base.html", in_block("base.html", case[1]))
    else:
        override(site, "404.html", in_block("404.html", case))
    rc, out = build(site)
    assert rc == 0, out
    title = next(line for line in (site / EDIT).read_text(encoding="utf-8").splitlines() if line.startswith("标题: "))[4:]
    index_no = next(line for line in (site / EDIT).read_text(encoding="utf-8").splitlines() if line.startswith("索引号: "))[5:]
    rel = "docs/" + index_no.strip().replace("/", "-") + ".html"
    assert title in (site / "public" / rel).read_text(encoding="utf-8"), rel
    log = open(TMP / f"serve-{name}.log", "w", encoding="utf-8")
    proc = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "serve", "--site", str(site), "--date", DATE,
                             "--bind", "127.0.0.1", "--port", str(PORT), "--no-build"],
                            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONPATH=str(GK)),
                            start_new_session=True)
    try:
        assert wait_for(rel, title), "server did not start"
        time.sleep(3)
        path = site / EDIT
        if isinstance(case, tuple):  # a title edit: the edited page shows the new title
            path.write_text(path.read_text(encoding="utf-8").replace("标题: ", "标题: R21SERVE", 1), encoding="utf-8")
        else:
            path.write_text(path.read_text(encoding="utf-8") + "\n补充一段R21SERVE正文。\n", encoding="utf-8")
        seen = wait_for(rel, "R21SERVE")
        time.sleep(20)  # settle: feeds, sitemap, search index, manifest, stamps
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
        log.close()
    clean = TMP / f"serve-{name}-servedcmp"
    import shutil
    shutil.rmtree(clean, ignore_errors=True)
    from r21_common import MARKER, digest
    served = {k: v for k, v in digest(site / "public").items() if not k.endswith(MARKER)}
    rc0, _ = build(site, DATE, "--clean", "--out", str(clean), jobs=1)
    ref = {k: v for k, v in digest(clean).items() if not k.endswith(MARKER)}
    off = sorted(k for k in set(served) | set(ref) if served.get(k) != ref.get(k))
    say(f"{name}\tas serve left it vs clean: {'holds' if not off else f'BROKEN: {len(off)} files differ {off[:4]}'}")
    verdict, rc2, out2, _, differ = compare(site)  # a plain build first, then the clean one
    say(f"{name}\tedit served: {seen}\tafter serve + `gkssg build`: {verdict}\t{excerpt(out2[-160:], 160)}")
    log_text = (TMP / f"serve-{name}.log").read_text(encoding="utf-8", errors="replace")
    say(f"  serve log: {excerpt(log_text[-300:], 300)}")


if __name__ == "__main__":
    names = sys.argv[2:] or list(CASES)
    for n in names:
        one(n)
