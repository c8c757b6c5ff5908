"""Which attributes of an attribute list (`{: … }`) set an address: read by the checks (GK135, load/content.py)
and by the renderer, which ignores them (render/attrlist.py). Here, in the load stage, so that the checks need
not import the renderer (the stage packages import one another without a circle: tests/test_architecture.py)."""

from __future__ import annotations

import re

from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder

# Attributes whose value is (or lists) an address a browser loads or follows (HTML, SVG, MathML).
URL_ATTRIBUTES = frozenset({
    "href", "src", "srcset", "imagesrcset", "poster", "data", "action", "formaction", "cite", "background",
    "ping", "longdesc", "usemap", "codebase", "archive", "classid", "manifest", "lowsrc", "dynsrc", "icon",
    "profile", "itemtype", "itemid", "xmlns", "base", "content",
})
_SEPARATOR = re.compile(r"[:_]")  # xlink:href (attr_list writes it xlink_href)
BASE_RE = re.compile(AttrListTreeprocessor.BASE_RE)


def url_attribute(name: str) -> bool:
    """Whether `name` (as a body writes it, or as attr_list sanitized it) is an address-bearing attribute."""
    name = name.strip().lower()
    return name in URL_ATTRIBUTES or _SEPARATOR.split(name)[-1] in URL_ATTRIBUTES


def url_attributes_in(line: str) -> list[str]:
    """The address-bearing attributes the attribute lists (`{: … }`) of one line of Markdown set."""
    found: list[str] = []
    start = line.find("{")
    while start != -1:
        match = BASE_RE.match(line, start)
        if match:
            found += [k for k, _ in get_attrs_and_remainder(match.group(1))[0] if k not in ".#" and url_attribute(k)]
        start = line.find("{", start + 1)
    return list(dict.fromkeys(found))
