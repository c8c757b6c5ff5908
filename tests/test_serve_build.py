"""gkssg serve on the real build: an edit shows, a broken edit shows its error, a fix recovers.

How fast an edit shows is a benchmark figure (benchmarks/bench_serve.py), not a timed test:
on a loaded 2-core machine any fixed bound is noise."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_demo

from gkssg.errors import GkssgError
from gkssg.serve.livereload import OVERLAY_ID
from gkssg.serve.server import DevSession, build_rebuild

REPO = Path(__file__).resolve().parents[1]
DOC = "content/cqszfbgt/2019-90001.md"
PAGE = "/docs/11500000009275780L-2019-90001.html"
TITLE = "重庆市人民政府办公厅关于印发2019年重庆市政务公开工作要点的通知"


@pytest.fixture
def session(tmp_path):
    site = copy_demo(tmp_path / "site")
    rebuild = build_rebuild(site, site / "public")
    ok, message = rebuild(set())
    assert ok, message
    s = DevSession(site, site / "public", rebuild, None, 0, echo=lambda msg: None).start()
    s.site = site
    time.sleep(0.2)
    yield s
    s.stop()


def get(port: int, path: str, host: str = "127.0.0.1") -> tuple[int, str]:
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", path)
    resp = conn.getresponse()
    return resp.status, resp.read().decode("utf-8")


def next_status(resp: http.client.HTTPResponse) -> dict:
    while True:
        line = resp.readline().decode("utf-8")
        if line.startswith("data: "):
            return json.loads(line[len("data: "):])


def events(port: int) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("::1", port, timeout=5)
    conn.request("GET", "/__gkssg/events")
    return conn.getresponse()


def edit(site: Path, old: str, new: str) -> None:
    path = site / DOC
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_to_served(session, timeout: float) -> float:
    """Edit the title, wait until the served page shows it; the seconds it took."""
    assert TITLE in get(session.port, PAGE)[1]
    started = time.monotonic()
    edit(session.site, f"标题: {TITLE}", "标题: 重庆市人民政府办公厅关于印发2019年重庆市政务公开工作要点的通知（修订）")
    while "（修订）" not in get(session.port, PAGE, "::1")[1]:
        assert time.monotonic() < started + timeout, f"the page did not change within {timeout} s"
        time.sleep(0.05)
    return time.monotonic() - started


def test_editing_a_document_changes_the_served_page(session):
    stream = events(session.port)
    first = next_status(stream)
    edit_to_served(session, timeout=120)
    assert next_status(stream)["token"] != first["token"]


def test_a_broken_edit_shows_the_error_page_and_fixing_it_recovers(session):
    stream = events(session.port)
    first = next_status(stream)
    edit(session.site, "发布日期: 2019-06-28", "发布日期: 2019年6月28日")
    failed = next_status(stream)
    assert failed["error"] and failed["token"] == first["token"]
    assert DOC in failed["error"]
    status, body = get(session.port, PAGE)
    assert status == 200 and TITLE in body  # the last good build is still served
    assert OVERLAY_ID in body and DOC in body
    edit(session.site, "发布日期: 2019年6月28日", "发布日期: 2019-06-28")
    fixed = next_status(stream)
    assert fixed["error"] == "" and fixed["token"] != first["token"]
    assert f'id="{OVERLAY_ID}"' not in get(session.port, PAGE)[1]


def test_serve_command_builds_prints_both_urls_and_stops_on_ctrl_c(tmp_path):
    site = copy_demo(tmp_path / "site", themes=False)
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "gkssg.commands.cli", "serve",
                             "--site", str(site), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env,
                            # as from a script's background job, which ignores SIGINT: Ctrl+C must still stop it
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        urls: list[str] = []
        lines: list[str] = []
        deadline = time.monotonic() + 20
        while len(urls) < 2 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if line.strip().startswith("http://"):
                urls.append(line.strip())
        # the first build says what it built, not that "0 files changed" (a self-contradiction)
        assert re.match(r"已构建（用时 [\d.]+ 秒）：\d+ 篇公开文件、共 \d+ 个文件（本次写入 \d+ 个）", lines[0]), lines[0]
        assert not any("有变化" in line for line in lines)
        assert len(urls) == 2 and urls[0].startswith("http://[::1]:") and urls[1].startswith("http://127.0.0.1:")
        port = int(urls[1].rsplit(":", 1)[1].strip("/"))
        assert get(port, PAGE, "::1")[1] == get(port, PAGE, "127.0.0.1")[1]
        assert (site / "public" / "index.html").is_file()
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=15)
        assert proc.returncode == 0 and "正在停止" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(GkssgError, match="已被占用"):
            DevSession(tmp_path, tmp_path / "public", lambda changed: (True, ""), "127.0.0.1",
                       taken.getsockname()[1], echo=lambda msg: None)


def test_an_attachment_symlink_loop_is_shown_and_the_next_edit_is_rebuilt(session):
    stream = events(session.port)
    first = next_status(stream)
    folder = (session.site / DOC).parent
    (folder / "loop.pdf").symlink_to("loop.pdf")
    edit(session.site, "公开路径:", "附件: [loop.pdf]\n公开路径:")
    failed = next_status(stream)
    while "GK114" not in failed["error"]:  # the new link alone may be built first
        failed = next_status(stream)
    assert "loop.pdf" in failed["error"] and failed["token"] == first["token"]
    assert "GK114" in get(session.port, PAGE)[1]
    (folder / "loop.pdf").unlink()
    edit(session.site, "附件: [loop.pdf]\n", "")
    fixed = next_status(stream)
    while fixed["error"]:
        fixed = next_status(stream)
    assert fixed["token"] != first["token"]
