"""Fingerprints of page inputs: a page whose fingerprint is unchanged is not rendered again.

A page's fingerprint covers its template name and everything its context
holds, walked value by value (strings, numbers, dates, lists, dicts,
dataclasses). Two kinds of object stand for a whole part of the site:

  Document  its file's SHA-256, output name, agency, columns and the data
            the feature stages stored in `doc.extra` (lifecycle status,
            interpretations …); computed once per build
  Column    its path; the column tree itself (names, slugs, visibility) is
            part of the *site* fingerprint, with catalog.yaml, every template
            and static file, and the gkssg version (build.site_fingerprint)

Anything else is walked through its attributes; an object the walk cannot
describe (a function, a cycle) makes the fingerprint unique to this run, so
the page is always rendered: an unknown input can cost time, never
correctness.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import hashlib
import itertools
from pathlib import PurePath
from typing import Any

from .model import Agency, Column, Document

_unique = itertools.count()


class Unhashable(Exception):
    """The context holds something the walk cannot describe."""


class Fingerprinter:
    """Hashes page contexts; remembers each document's own digest for the whole build."""

    def __init__(self, site_fp: str):
        self.site_fp = site_fp
        self._docs: dict[int, bytes] = {}

    def page(self, template: str, context: dict[str, Any], *parts: Any) -> str:
        h = hashlib.blake2b(digest_size=20)
        h.update(self.site_fp.encode())
        h.update(template.encode())
        try:
            self._feed(h, context, 0)
            self._feed(h, parts, 0)
        except (Unhashable, RecursionError):
            return f"unique-{next(_unique)}-{id(context)}"
        return h.hexdigest()

    def document(self, doc: Document) -> bytes:
        key = id(doc)
        cached = self._docs.get(key)
        if cached is None:
            h = hashlib.blake2b(digest_size=20)
            h.update(b"D")
            for value in (doc.digest, doc.source, doc.slug, doc.agency.id if doc.agency else "",
                          [c.path_text for c in doc.columns],
                          [(a.name, a.output) for a in doc.attachments],
                          {k: v for k, v in doc.extra.items() if not k.startswith("_")}):
                self._feed(h, value, 1)
            cached = self._docs[key] = h.digest()
        return cached

    def _feed(self, h, value: Any, depth: int) -> None:
        if depth > 40:
            raise Unhashable("too deep")
        if value is None:
            h.update(b"N")
        elif isinstance(value, str):  # Markup is a str
            data = value.encode("utf-8", "surrogatepass")
            h.update(b"S%d:" % len(data))
            h.update(data)
        elif isinstance(value, bool):
            h.update(b"T" if value else b"F")
        elif isinstance(value, (int, float, decimal.Decimal, PurePath)):
            h.update(b"I" + repr(value).encode())
        elif isinstance(value, (dt.date, dt.datetime)):
            h.update(b"d" + value.isoformat().encode())
        elif isinstance(value, Document):
            h.update(self.document(value))
        elif isinstance(value, Column):
            h.update(b"C" + value.path_text.encode())
        elif isinstance(value, Agency):
            h.update(b"A" + value.id.encode())
        elif isinstance(value, dict):
            h.update(b"{%d" % len(value))
            for key, item in value.items():
                self._feed(h, key, depth + 1)
                self._feed(h, item, depth + 1)
        elif isinstance(value, (list, tuple)):
            h.update(b"[%d" % len(value))
            for item in value:
                self._feed(h, item, depth + 1)
        elif isinstance(value, (set, frozenset)):
            h.update(b"<%d" % len(value))
            for item in sorted(value, key=repr):
                self._feed(h, item, depth + 1)
        elif isinstance(value, bytes):
            h.update(b"B%d:" % len(value))
            h.update(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            h.update(b"O" + type(value).__qualname__.encode())
            for f in dataclasses.fields(value):
                self._feed(h, f.name, depth + 1)
                self._feed(h, getattr(value, f.name), depth + 1)
        elif hasattr(value, "__dict__") and not callable(value):
            h.update(b"O" + type(value).__qualname__.encode())
            self._feed(h, vars(value), depth + 1)
        else:
            raise Unhashable(type(value).__name__)
