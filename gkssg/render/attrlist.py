"""attr_list without addresses: `{: .class #id title="…" }` may style an element, never retarget it.

Python-Markdown's attr_list sets any attribute a body writes in braces after an element. The checks read a
link's or an image's target from the Markdown (`![图](a.png)`, `[报名表](files/bmb.docx)`), so an address set
there (`![图](a.png){: src="../ysq/2024-90003.md"}`, `{: href="files/wlyi-only.pdf"}`) replaced the target
after the checks had judged it: a document shown as an image without GK713, and a future-dated document's
attachment published today while the check said it waits (GK727) (hostile round 33, rows 19 and 20). Here
such an attribute is ignored, so the rendered page holds exactly the targets the checks read; `gkssg check`
names it (GK135, load/content.py). Classes, ids, titles, sizes and the rest stay (the writing guide's
`{: .signoff }`, `## 标题 {#id}`, a table's class).
"""

from __future__ import annotations

import re

from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor, get_attrs_and_remainder

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


class _NoAddresses(AttrListTreeprocessor):
    def assign_attrs(self, elem, attrs_string: str, *, strict: bool = False) -> str:
        before = dict(elem.attrib)
        remainder = super().assign_attrs(elem, attrs_string, strict=strict)
        for name, value in list(elem.attrib.items()):
            if url_attribute(name) and before.get(name, elem) != value:
                if name in before:
                    elem.set(name, before[name])  # the target the Markdown gave, which the checks read
                else:
                    del elem.attrib[name]
        return remainder


class SafeAttrListExtension(AttrListExtension):
    """attr_list, minus addresses (see the module's note)."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_NoAddresses(md), "attr_list", 8)
