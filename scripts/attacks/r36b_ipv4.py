"""Round 36b: GK730 (load/weburl.ipv4_host, checks/links._link's host) on hosts a browser reads as an IPv4 address.
Each `[附件](URL)` body goes through find_links; IPV4 = what the URL standard gives (written out by hand below).
Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_ipv4.py"""
from __future__ import annotations

from gkssg.checks.links import _read
from gkssg.load.weburl import ipv4_host
from gkssg.model import Document

# (URL, is the browser's host an IPv4 address)
CASES = [
    ("http://192.0.2.1/a.pdf", True), ("http://0xc0.0.2.1/", True), ("http://3221225985/", True),
    ("http://192.0.2.1./", True), ("http://192．0．2．1/", True), ("http://192。0。2。1/", True),
    ("http://192｡0｡2｡1/", True), ("http://0x/", True), ("http://0300.0250.0.1/", True),
    ("http://192.0.2.1\\files\\a.pdf", True),     # a backslash is "/" in an http URL: host 192.0.2.1
    ("http://192.0.2.1\\", True), ("https:\\\\192.0.2.1\\a.pdf", True), ("http:/192.0.2.1/a", True),
    ("http:192.0.2.1/a", True),                  # http: without // from an https page: still host 192.0.2.1 (GK731 too)
    ("http://192.0.2\u00ad.1/", True),           # soft hyphen: IDNA ignores it
    ("http://192.0.2.1\ufe0f/", True),           # variation selector: ignored by IDNA
    ("http://192.0.2.1%C2%AD/", True),           # the same, %-escaped
    ("http://192.0.2.1:8080/", True), ("http://user:pw@192.0.2.1/", True), ("http://[::ffff:192.0.2.1]/", False),
    ("http://192.0.2.1../", False), ("http://09.0.2.1/", False), ("http://1.2.3.4.5/", False),
    ("http://example.gov.cn/", False), ("http://1e3.0.2.1/", False), ("http://192.0.2.1x/", False),
    ("ftp://192.0.2.1/a", True), ("HTTP://192.0.2.1/", True), ("http://%31%39%32.0.2.1/", True),
    ("http://𝟏𝟗𝟐.0.2.1/", True), ("http://192.0.2.256/", False), ("http://4294967296/", False),
]


def judged_hosts(url: str) -> list[str]:
    doc = Document(source="content/x/a.md")
    doc.body = f"[附件]({url})"
    doc.body_line = 1
    links, _ = _read.__wrapped__(doc) if hasattr(_read, "__wrapped__") else _read(doc)
    return [link.host for link in links]


def main():
    bad = 0
    for url, want in CASES:
        hosts = judged_hosts(url)
        got = any(h and ipv4_host(h) for h in hosts)
        verdict = "ok   " if got == want else ("MISS " if want else "FALSE")
        bad += got != want
        print(verdict, f"{url!r:40}", "hosts:", hosts, "GK730:", got)
    print(bad, "of", len(CASES), "read otherwise than a browser")


if __name__ == "__main__":
    main()
