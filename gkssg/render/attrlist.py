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

from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor

from gkssg.load.attr_addresses import url_attribute


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
