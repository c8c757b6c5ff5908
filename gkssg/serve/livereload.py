"""What the dev server adds to HTML responses: the live-reload script and the build-error overlay.

Only `gkssg serve` uses this; build output never contains it. The script
listens to Server-Sent Events: a `status` event carries the token of the last
good build and the last error. A new token reloads the page; an error shows
the overlay; an empty error removes it.
"""

from __future__ import annotations

import html
import json

OVERLAY_ID = "gkssg-build-error"
_OVERLAY_STYLE = ("position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5em;"
                  "background:rgba(40,0,0,.92);color:#fff;font:16px/1.6 sans-serif")
_PRE_STYLE = "white-space:pre-wrap;font:14px/1.5 monospace;background:#000;padding:1em"

_SCRIPT = """<script data-gkssg-dev>(function () {
  var token = %(token)s;
  function hide() { var d = document.getElementById(%(id)s); if (d) d.remove(); }
  function show(text) {
    hide();
    var d = document.createElement("div"), h = document.createElement("p"), p = document.createElement("pre");
    d.id = %(id)s; d.setAttribute("style", %(style)s); p.setAttribute("style", %(pre)s);
    h.textContent = %(title)s; p.textContent = text;
    d.appendChild(h); d.appendChild(p); document.body.appendChild(d);
  }
  var source = new EventSource(%(events)s);
  source.addEventListener("status", function (e) {
    var s = JSON.parse(e.data);
    if (s.token !== token) { source.close(); location.reload(); }
    else if (s.error) { show(s.error); }
    else { hide(); }
  });
})();</script>
"""
TITLE = "gkssg：构建失败。下面是错误信息；修正后页面会自动刷新。当前显示的是上一次成功构建的页面。"


def reload_snippet(token: str, events_path: str) -> str:
    """The live-reload <script> for a page served from build `token`."""
    return _SCRIPT % {"token": json.dumps(token), "id": json.dumps(OVERLAY_ID),
                      "style": json.dumps(_OVERLAY_STYLE), "pre": json.dumps(_PRE_STYLE),
                      "title": json.dumps(TITLE, ensure_ascii=False), "events": json.dumps(events_path)}


def error_overlay(error: str) -> str:
    """The overlay as HTML, for pages requested while the last build is failed (works without JS)."""
    return (f'<div id="{OVERLAY_ID}" style="{_OVERLAY_STYLE}"><p>{html.escape(TITLE)}</p>'
            f'<pre style="{_PRE_STYLE}">{html.escape(error)}</pre></div>\n')
