"""A document page around its body: what the public-edit path (build/publicedit.py) changes in place.

A document page is its template rendered with the page context; the body enters it as
`body` (engine.DocumentRenderer: the Markdown fragment with its links rewritten for this
page, render/markdown.py). When the theme shows `body` exactly once, verbatim
(`{{ body | safe_html }}`, safe_html being Markup, `single_body`), no page read a document's
body attribute when it was rendered (its record, build/engine.py `reads_body`), and the page
context differs only in its body, the new page is the old
page with the old body's HTML replaced by the new body's, which this module finds without the
link map:

  - the old body's HTML is its fragment with each local link attribute rewritten
    (`rewrite_links`: an output path relative to the page, or data-unpublished);
    `learn_links` finds that HTML in the old page, exactly once, and learns what each
    (attribute, target) became on it;
  - `relink` rewrites the new fragment with what was learned; a local link the old body did
    not have cannot be rewritten here (None).
"""

from __future__ import annotations

import html
import re

from jinja2 import nodes

from gkssg.render.markdown import _URL_ATTR, _is_local
from gkssg.render.theme_env import BODY_ATTRIBUTES as _BODY_ATTRIBUTES

UNPUBLISHED = 'data-unpublished=""'


def single_body(env) -> bool:
    """Whether the theme's templates show the body only as the document page's
    `{{ body | safe_html }}`, once, outside any loop, macro, set block or block filter, with no
    template showing a block again (`self`). A template that names a body attribute (`doc.body`,
    `attr("digest")`) is refused here already; one that reaches it by a name made at run time is seen
    by the pages' records (theme_env.py, build/engine.py `reads_body`), and a subscript with a body
    attribute (`doc["bo" ~ "dy"]`) is refused when rendered (theme_env: GK022)."""
    found = 0
    try:
        names = env.list_templates()
    except (TypeError, AttributeError):
        return False
    for name in names:
        try:
            source = env.loader.get_source(env, name)[0]
            tree = env.parse(source)
        except Exception:  # noqa: BLE001 — a template that does not parse: nothing is proven
            return False
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if attr in _BODY_ATTRIBUTES:
                return False
        # a body attribute named in a string (`doc | attr("body")`, `map(attribute="body")`), or a block
        # shown again (`self.<block>()`: the body's block twice)
        if any(isinstance(node.value, str) and node.value in _BODY_ATTRIBUTES for node in tree.find_all(nodes.Const)) \
                or any(node.name == "self" for node in tree.find_all(nodes.Name)):
            return False
        if _block_captured(tree) or _shows_document_page(tree, name):
            return False
        uses = [n for n in tree.find_all(nodes.Name) if n.name == "body"]
        if not uses:
            continue
        if name != "document.html" or len(uses) != 1 or not _verbatim_once(tree):
            return False
        found += 1
    return found == 1


def _shows_document_page(tree: nodes.Template, name: str) -> bool:
    """Whether a template brings document.html in again (`{% import "document.html" as p with context %}`,
    an include in a set block: its length printed kept a stale figure, hostile round 23, row 2), or names a
    template it includes, imports or extends by a value made at run time (which may be document.html)."""
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        target = node.template
        if not isinstance(target, nodes.Const) or not isinstance(target.value, str):
            return True
        if target.value == "document.html" and name != "document.html":
            return True
    return False


_REPEATING = (nodes.For, nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.AssignBlock)


def _block_captured(tree: nodes.Template) -> bool:
    """Whether a block sits in a loop, macro, call, filter or set block: base.html's `{% set x %}{% block
    content %}…{% endset %}{{ x | length }}` shows the body's block transformed, so the page is not the old
    page with the body replaced (hostile round 21, row 5)."""
    def visit(node, repeated: bool) -> bool:
        if isinstance(node, nodes.Block) and repeated:
            return True
        repeated = repeated or isinstance(node, _REPEATING)
        return any(visit(child, repeated) for child in node.iter_child_nodes())
    return visit(tree, False)


def _verbatim_once(tree: nodes.Template) -> bool:
    """The one use of `body` is an output of `body | safe_html` (no arguments), not inside a
    loop, macro, call, filter or set block (each may show it more or less than once)."""
    def visit(node, repeated: bool) -> bool | None:
        if isinstance(node, nodes.Output):
            for item in node.nodes:
                if isinstance(item, nodes.Filter) and item.name == "safe_html" and isinstance(item.node, nodes.Name) \
                        and item.node.name == "body" and not item.args and not item.kwargs:
                    return not repeated
        repeated = repeated or isinstance(node, (nodes.For, nodes.Macro, nodes.CallBlock, nodes.FilterBlock,
                                                 nodes.AssignBlock))  # `{% set x %}` captures it: shown any number of times
        for child in node.iter_child_nodes():
            answer = visit(child, repeated)
            if answer is not None:
                return answer
        return None
    return bool(visit(tree, False))


def _rewritten(target: str) -> bool:
    """Whether rewrite_links changes a link attribute with this (unescaped) target."""
    return target[:4].lower() == "doc:" or _is_local(target)


def learn_links(fragment: str, page: str) -> tuple[int, int, dict[tuple[str, str], str]] | None:
    """Where the HTML of `fragment` (links rewritten) stands in `page`, found exactly once: (start,
    end, (attribute, target as written) → what followed the tag's start on the page); else None."""
    pattern, keys = [], []
    at = 0
    for m in _URL_ATTR.finditer(fragment):
        if not _rewritten(html.unescape(m.group(3))):
            continue
        pattern.append(re.escape(fragment[at:m.start()]) + re.escape(m.group(1)))
        pattern.append("(" + re.escape(UNPUBLISHED) + "|" + re.escape(m.group(2)) + '[^"]*' + re.escape(m.group(4)) + ")")
        keys.append((m.group(2), m.group(3)))
        at = m.end()
    pattern.append(re.escape(fragment[at:]))
    regex = re.compile("".join(pattern))
    found = regex.search(page)
    if found is None or regex.search(page, found.start() + 1) is not None:
        return None
    learned: dict[tuple[str, str], str] = {}
    for key, value in zip(keys, found.groups()):
        if learned.setdefault(key, value) != value:
            return None
    return found.start(), found.end(), learned


def relink(fragment: str, learned: dict[tuple[str, str], str]) -> str | None:
    """The fragment with its links rewritten as learned; None when it has a local link the
    learned page did not."""
    missing = False

    def rewrite(m: re.Match) -> str:
        nonlocal missing
        if not _rewritten(html.unescape(m.group(3))):
            return m.group(0)
        value = learned.get((m.group(2), m.group(3)))
        if value is None:
            missing = True
            return m.group(0)
        if value == UNPUBLISHED and not m.group(2).startswith("href"):
            missing = True  # rewrite_links leaves an unpublished src as it is: never learned so
        return m.group(1) + value

    result = _URL_ATTR.sub(rewrite, fragment)
    return None if missing else result
