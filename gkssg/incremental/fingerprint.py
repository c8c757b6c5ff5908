"""Fingerprints of page inputs: a page whose fingerprint is unchanged is not rendered again.

A page's fingerprint covers its template name and everything its context
holds, serialised value by value. Two kinds of object stand for a whole part of the site:

  Document  its file's SHA-256, output name, agency, columns, the feature
            keys of its front matter (media, 年报) and the data the feature
            stages stored in `doc.derived` (lifecycle status, interpretations
            …); computed once per build
  a row     an object whose class has `made_of_document` (features/library.py Row): made of one
            document's fields and derived data alone, it stands for that document's key (its
            class name with it), so a table of every document of a library is not walked value by
            value
  [Document, …]  a context's top-level list of documents only (a listing page's `documents`):
            their keys in order, NUL-separated, as one value
  Column    its path; the column tree itself (names, slugs, visibility) is
            part of the *site* fingerprint, with catalog.yaml, every template
            and static file, and the gkssg version (build.site_fingerprint)

The walk is pickle's (C, by value: the memo is off, so shared objects do not
change the bytes); anything else is serialised with its state. An object
pickle cannot describe (a lambda, a cycle) makes the fingerprint unique to
this run, so the page is always rendered: an unknown input can cost time,
never correctness. (A set's order may differ between processes: that too
only costs a needless render.)
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import pickle
from typing import Any

from gkssg.model import (
    Agency,
    Column,
    Derived,
    DocRef,
    Document,
    InterpretationFacts,
    LifecycleEvent,
    LifecycleFacts,
)

_unique = itertools.count()


class _Hasher:
    """A file that hashes what is written to it."""

    def __init__(self):
        self.h = hashlib.blake2b(digest_size=20)
        self.write = self.h.update


def _ref(kind: str, key) -> None:
    """Stands for a Document, Column or Agency in a fingerprint (never unpickled)."""


def _value(plain: tuple) -> None:
    """Stands for a model value object (a DocRef, a LifecycleEvent …) in a fingerprint (never unpickled)."""


def _documents(keys: bytes) -> None:
    """Stands for a list of Documents in a fingerprint: their keys, NUL-separated (never unpickled)."""


class _DocumentList:
    """A context's list of Documents (a listing page's `documents`), hashed as one string of their keys:
    one pickled object instead of one reducer_override call and one global per document."""

    __slots__ = ("keys",)

    def __init__(self, keys: bytes):
        self.keys = keys


# The typed derived data and feature keys of a document (model.Derived and what it holds), each
# with a getter of all its fields at once.
_VALUE_FIELDS = {kind: operator.attrgetter(*kind.__slots__)
                 for kind in (DocRef, LifecycleEvent, LifecycleFacts, InterpretationFacts, Derived)}
_NESTED = frozenset({tuple, *_VALUE_FIELDS})


def _plain(value):
    """A model value object as builtins (its class name, then its fields), nested ones too.

    The pickler walks builtins in C; an object of a class costs a call of reducer_override
    and the class written out each time (the memo is off): several times the whole hash of
    a document, whose derived data is a handful of small objects.
    """
    kind = type(value)
    if kind is tuple:
        return tuple([_plain(item) for item in value])
    return (kind.__name__, *[_plain(v) if v and type(v) in _NESTED else v for v in _VALUE_FIELDS[kind](value)])


class _Pickler(pickle.Pickler):
    """Serialises a context by value; documents, columns and agencies by their fingerprint keys.

    `fast` turns off the memo, so the bytes depend on values only, never on
    which objects happen to be shared; a cycle raises instead of looping.
    """

    def __init__(self, file, owner: "Fingerprinter"):
        super().__init__(file, protocol=5)
        self.fast = True
        self.owner = owner

    def reducer_override(self, obj):
        if type(obj) is _DocumentList:
            return _documents, (obj.keys,)
        if isinstance(obj, Document):
            return _ref, ("D", self.owner.document(obj))
        if isinstance(obj, Column):
            return _ref, ("C", obj.path_text)
        if isinstance(obj, Agency):
            return _ref, ("A", obj.id)
        if type(obj) in _VALUE_FIELDS:
            return _value, (_plain(obj),)
        made_of = getattr(type(obj), "made_of_document", None)
        if made_of is not None:  # a value made of one document's own record alone (library.Row)
            return _ref, ("R" + type(obj).__name__, self.owner.document(made_of(obj)))
        return NotImplemented


class Fingerprinter:
    """Hashes page contexts; remembers each document's own digest for the whole build."""

    def __init__(self, site_fp: str):
        self.site_fp = site_fp
        self._docs: dict[int, bytes] = {}

    def _hash(self, value: Any) -> str | None:
        out = _Hasher()
        try:
            _Pickler(out, self).dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
            return None  # a function, a lock, a cycle …: not describable
        return out.h.hexdigest()

    def page(self, template: str, context: dict[str, Any], *parts: Any) -> str:
        digest = self._hash((self.site_fp, template, self._lists(context), parts))
        return digest if digest is not None else f"unique-{next(_unique)}-{id(context)}"

    def _lists(self, context: dict[str, Any]) -> dict[str, Any]:
        """`context` with each value that is a list of Documents only as a _DocumentList (keys hold no NUL)."""
        if not isinstance(context, dict):
            return context
        document = self.document
        return {name: _DocumentList(b"\0".join([document(d) for d in value]))
                if type(value) is list and value and all(type(d) is Document for d in value) else value
                for name, value in context.items()}

    def document(self, doc: Document) -> bytes:
        key = id(doc)
        cached = self._docs.get(key)
        if cached is None:
            digest = self._hash((doc.digest, doc.source, doc.slug, doc.agency.id if doc.agency else "",
                                 [c.path_text for c in doc.columns],
                                 [(a.name, a.output) for a in doc.attachments],
                                 doc.media, doc.report_data, doc.report_file, doc.report_format, doc.report_year,
                                 doc.as_published, _plain(doc.derived)))
            cached = self._docs[key] = (digest or f"unique-{next(_unique)}").encode()
        return cached
