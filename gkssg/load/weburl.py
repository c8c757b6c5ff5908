"""A URL from catalog.yaml or content that may be put into an href/src attribute: http(s) or a site path.

`javascript:`, `data:`, `vbscript:` … would run script on the site's origin when clicked, a
protocol-relative `//host` or `/\\host` leaves the site under a site-path disguise. Browsers drop
tabs and newlines inside a URL and ignore leading spaces and controls before the scheme, so those
are refused too rather than stripped. config.py refuses such a value (GK016) and the templates
pass every such URL through the `web_url` filter, which yields "" for anything else.
"""

from __future__ import annotations

import re
import stringprep
import unicodedata
from urllib.parse import unquote

_WEB = re.compile(r"https?://[^/\s\\?#@]+(?:[/?#][^\s]*)?", re.I)
_SITE_PATH = re.compile(r"/(?![/\\])[^\s]*")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def web_url(value) -> str:
    """`value` when it is an http(s) URL or a site path (/…), else ""."""
    text = value if isinstance(value, str) else ""
    if not text or _CONTROL.search(text) or "\\" in text:
        return ""
    return text if _WEB.fullmatch(text) or _SITE_PATH.fullmatch(text) else ""


_JOINERS = "\u200c\u200d"  # kept by browsers' IDNA (not mapped to nothing), which then refuse the host
_DOTS = "\uff0e\u3002\uff61"  # what IDNA maps to a full stop
_NUMBER = re.compile(r"0x[0-9a-f]*|[0-9]+")  # a part of an IPv4 host as the URL standard reads it (lower case)
_OCTAL = re.compile(r"0[0-7]*")


def ipv4_host(host: str) -> bool:
    """Whether a URL's host is an IPv4 literal as a browser reads it: IPv6 users cannot reach it (DOMAIN.md §12; the
    body links' GK730 and a 解读's policy elsewhere, GK826). The URL standard's IPv4 parser: its %-escapes decoded and
    mapped as IDNA maps it (fullwidth digits and dots, 。), a host that ends in a number is an address of one to four
    decimal, octal (0…) or hexadecimal (0x…) parts, a trailing dot allowed: `3221225985`, `0xc0.0.2.1`, `192.0.2.1.`
    and `192．0．2．1` are all 192.0.2.1 (hostile round 35b, row 19: only a dotted quad was one); the code points IDNA
    maps to nothing (a soft hyphen, zero-width characters, variation selectors: RFC 3454 table B.1) left out first
    (round 36b, row 16: 192.0.2 + U+00AD + .1 is 192.0.2.1 to a browser)."""
    host = unquote(host)
    host = "".join(c for c in host if c in _JOINERS or not (stringprep.in_table_b1(c) or "\U000e0100" <= c <= "\U000e01ef"))
    if any(c not in _DOTS and "." in unicodedata.normalize("NFKC", c) for c in host if not c.isascii()):
        return False  # ⒈ and its kind: IDNA refuses them, the browser refuses the URL (no host at all)
    host = unicodedata.normalize("NFKC", host).replace("\u3002", ".").lower()
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if not parts or not _NUMBER.fullmatch(parts[-1]) or len(parts) > 4:
        return False  # a domain name (or, past four parts, no host a browser accepts)
    numbers = []
    for part in parts:
        if not _NUMBER.fullmatch(part):
            return False
        if part[:2] == "0x":
            numbers.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part[0] == "0":
            if not _OCTAL.fullmatch(part):
                return False  # `09`: no number to a browser, no host (the URL is refused)
            numbers.append(int(part, 8))
        else:
            numbers.append(int(part))
    if any(n > 255 for n in numbers[:-1]):
        return False
    return numbers[-1] < 256 ** (5 - len(numbers))
