"""Shared helpers of hostile round 24a (listings anchored on the oldest document, render/paging.py).

Builds reuse r21_common (incremental `gkssg build` vs `build --clean --out SITE-clean`). Added here:
front-matter edits of a generated document, a crawl of the output (hrefs to missing files, listing pages
no page links to) and a byte grep of the whole output for withheld documents.
"""

import os
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("H21", "/tmp/h24a")
from r21_common import DATE, GK, PY, TMP, build, cli, compare, digest, excerpt, generate, override, say  # noqa

__all__ = ["DATE", "GK", "PY", "TMP", "build", "cli", "compare", "digest", "excerpt", "generate", "override",
           "say", "docs", "field", "set_field", "page_size", "crawl", "grep_out", "check_all", "listing_pages"]

LISTING = re.compile(r"(^|/)index_\d+\.html$|^flml/[^/]+_\d+\.html$")


def docs(site):
    """Every content .md of the site: path → front matter dict."""
    out = {}
    for p in sorted(Path(site, "content").rglob("*.md")):
        text = p.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        head = text.split("---", 2)[1]
        fm = {}
        for line in head.splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                fm[k.strip()] = v.strip()
        out[p] = fm
    return out


def field(path, key):
    """One front-matter value of a document file."""
    head = Path(path).read_text(encoding="utf-8").split("---", 2)[1]
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in head.splitlines() if ":" in line)}.get(key)


def set_field(path, key, value):
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---", 2)
    lines = head.splitlines()
    for i, line in enumerate(lines):
        if line.split(":", 1)[0].strip() == key:
            lines[i] = f"{key}: {value}"
            break
    else:
        lines.append(f"{key}: {value}")
    path.write_text("---" + "\n".join(lines) + "\n---" + body, encoding="utf-8")


def page_size(site, size):
    p = Path(site, "catalog.yaml")
    text = p.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  page_size: .*$", f"  page_size: {size}", text)
    p.write_text(text, encoding="utf-8")


def listing_pages(out):
    out = Path(out)
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html") if LISTING.search(p.relative_to(out).as_posix()))


def crawl(out):
    """(broken, orphans): hrefs/srcs of html pages to missing local files; deep listing pages nothing links to."""
    out = Path(out)
    broken, linked = set(), set()
    for p in out.rglob("*.html"):
        rel = p.relative_to(out).as_posix()
        if rel == "404.html":
            continue
        for m in re.finditer(r'(?:href|src)="([^"#?]+)', p.read_text(encoding="utf-8", errors="replace")):
            url = m.group(1)
            if re.match(r"^[a-z]+:", url) or url.startswith("//") or url.startswith("/"):
                continue
            target = unquote(urljoin(rel, url))
            if target.endswith("/"):
                target += "index.html"
            if not (out / target).exists():
                broken.add((rel, url))
            linked.add(target)
    orphans = [p for p in listing_pages(out) if p not in linked]
    return sorted(broken), orphans


def grep_out(out, needles):
    """Files of the output (any byte) that contain any of `needles` (str)."""
    hits = []
    for p in Path(out).rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            for n in needles:
                if n and n.encode("utf-8") in data:
                    hits.append((p.relative_to(out).as_posix(), n))
    return sorted(hits)


def check_all(site, label, date=DATE, secret=(), extra=()):
    """Incremental vs clean, crawl, secret grep; prints one line; returns True when everything holds."""
    verdict, rc, out, out2, differ = compare(site, date, extra)
    if rc != 0:
        say(f"refused\t{label}\trc={rc}\t{excerpt(out[-400:], 400)}")
        return None
    pub = Path(site) / "public"
    broken, orphans = crawl(pub)
    leaks = grep_out(pub, secret)
    ok = verdict == "holds" and not broken and not orphans and not leaks
    say(f"{'holds ' if ok else 'BROKEN'}\t{label}\t{verdict}\tbroken={broken[:3]} ({len(broken)})"
        f"\torphans={orphans[:4]} ({len(orphans)})\tleaks={leaks[:4]} ({len(leaks)})"
        + ("" if rc == 0 else f"\trc={rc} {excerpt(out[-300:], 300)}"))
    return ok
