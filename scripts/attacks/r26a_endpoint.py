"""Hostile round 26a: the search endpoint (WSGI) with odd raw query strings: space-only q in every spacing
character, q repeated, invalid UTF-8, lone surrogates as bytes, NUL, zero-width and bidi marks, very long.
Usage: python scripts/attacks/r26a_endpoint.py SITE (a built site)"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from wsgiref.util import setup_testing_defaults

from gkssg.search.corpus import STATE_DIR
from gkssg.search.endpoint import make_app

RAW = ["q=", "q", "q=%20", "q=+++", "q=%E3%80%80", "q=%C2%A0", "q=%E2%80%8B", "q=%EF%BB%BF", "q=%E2%80%8F",
       "q=%00", "q=%FF", "q=%ED%A0%80", "q=%20&q=%E6%94%BF", "q=%E6%94%BF&q=%20", "q=%09%0A",
       "q=%E6%94%BF%E5%BA%9C%20%E2%80%8B", "q=" + "%E6%94%BF" * 5000, "q=%20" * 3, "q=%E2%80%A8",
       "q=%E6%94%BF&limit=-5", "q=%E6%94%BF&page=99999999999999999999", "q=%1F", "q=%CD%8F"]


def call(app, raw):
    environ = {"PATH_INFO": "/search", "QUERY_STRING": raw}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO()
    status = []
    try:
        body = json.loads(b"".join(app(environ, lambda s, h: status.append(s))))
    except Exception as err:  # noqa: BLE001 — what the WSGI server answers 500 to
        return "500 " + repr(err)[:80], {}
    return status[0], body


if __name__ == "__main__":
    app = make_app(Path(sys.argv[1]) / STATE_DIR)
    for raw in RAW:
        status, body = call(app, raw)
        print(f"{raw[:40]!r:45} {status[:30]:30} {str(body.get('error', ''))[:40]} total={body.get('total')} "
              f"missing={body.get('missing')}")
