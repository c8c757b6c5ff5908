"""The live-reload script's logic, run in node with a stub DOM and EventSource."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from gkssg.serve.livereload import OVERLAY_ID, error_overlay, reload_snippet

NODE = shutil.which("node") or shutil.which("nodejs")

HARNESS = r"""
const events = JSON.parse(process.argv[1]);
const log = [];
const nodes = {};
function element(tag) {
  return { tag, id: "", children: [], attrs: {}, textContent: "",
           setAttribute(k, v) { this.attrs[k] = v; },
           appendChild(c) { this.children.push(c); if (c.id) nodes[c.id] = c; },
           remove() { delete nodes[this.id]; log.push("hide"); } };
}
const document = { body: element("body"), createElement: element, getElementById: (id) => nodes[id] || null };
const location = { reload() { log.push("reload"); } };
let source;
class EventSource {
  constructor(url) { this.url = url; this.handlers = {}; source = this; log.push("open " + url); }
  addEventListener(name, fn) { this.handlers[name] = fn; }
  close() { log.push("close"); }
}
SCRIPT
for (const e of events) {
  source.handlers.status({ data: JSON.stringify(e) });
  const overlay = nodes[OVERLAY];
  log.push(overlay ? "overlay: " + overlay.children[1].textContent : "no overlay");
}
console.log(JSON.stringify(log));
"""


def run(token: str, events: list[dict]) -> list[str]:
    script = re.sub(r"^<script[^>]*>|</script>\s*$", "", reload_snippet(token, "/__gkssg/events").strip())
    program = HARNESS.replace("SCRIPT", script).replace("OVERLAY", json.dumps(OVERLAY_ID))
    out = subprocess.run([NODE, "-e", program, json.dumps(events)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed; the script's logic is tested in node")
def test_script_shows_the_error_then_reloads_when_a_new_build_arrives():
    log = run("b1-2", [{"token": "b1-2", "error": ""},
                       {"token": "b1-2", "error": "content/a.md:3: GK201 缺少发布日期"},
                       {"token": "b1-3", "error": ""}])
    # the stub page does not really reload, so the old overlay is still in its DOM at the end
    assert log == ["open /__gkssg/events", "no overlay", "overlay: content/a.md:3: GK201 缺少发布日期",
                   "close", "reload", "overlay: content/a.md:3: GK201 缺少发布日期"]


@pytest.mark.skipif(NODE is None, reason="node is not installed; the script's logic is tested in node")
def test_script_removes_the_overlay_when_the_error_clears_without_a_new_build():
    log = run("b1-2", [{"token": "b1-2", "error": "出错"}, {"token": "b1-2", "error": ""}])
    assert log == ["open /__gkssg/events", "overlay: 出错", "hide", "no overlay"]


def test_server_side_overlay_escapes_the_error_text():
    html = error_overlay("<script>alert(1)</script> & 错误")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 错误" in html
    assert f'id="{OVERLAY_ID}"' in html
