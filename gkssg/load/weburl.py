"""A URL from catalog.yaml or content that may be put into an href/src attribute: http(s) or a site path.

`javascript:`, `data:`, `vbscript:` … would run script on the site's origin when clicked, a
protocol-relative `//host` or `/\\host` leaves the site under a site-path disguise. Browsers drop
tabs and newlines inside a URL and ignore leading spaces and controls before the scheme, so those
are refused too rather than stripped. config.py refuses such a value (GK016) and the templates
pass every such URL through the `web_url` filter, which yields "" for anything else.
"""

from __future__ import annotations

import ipaddress
import re

_WEB = re.compile(r"https?://[^/\s\\?#@]+(?:[/?#][^\s]*)?", re.I)
_SITE_PATH = re.compile(r"/(?![/\\])[^\s]*")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def web_url(value) -> str:
    """`value` when it is an http(s) URL or a site path (/…), else ""."""
    text = value if isinstance(value, str) else ""
    if not text or _CONTROL.search(text) or "\\" in text:
        return ""
    return text if _WEB.fullmatch(text) or _SITE_PATH.fullmatch(text) else ""


_DOTTED_QUAD = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}\Z")


def ipv4_host(host: str) -> bool:
    """Whether a URL's host is an IPv4 literal: IPv6 users cannot reach it (DOMAIN.md §12; the body links' GK730
    and a 解读's policy elsewhere, GK826)."""
    if not _DOTTED_QUAD.match(host):
        return False
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv4Address)
    except ValueError:
        return False
