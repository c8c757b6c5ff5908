"""gkssg serve: dual-stack answers, rebuild on change, live reload over SSE, error overlay."""

from __future__ import annotations

import http.client
import json
import socket
import time
from pathlib import Path

import pytest

from gkssg.serve.livereload import OVERLAY_ID
from gkssg.serve.server import DevSession
from gkssg.serve.watch import SiteWatcher

PAGE = "<!doctype html><html><head><meta charset=utf-8><title>{t}</title></head><body>{t}</body></html>"


def fake_rebuild(root: Path, public: Path, calls: list):
    """A stand-in for the real build: content/*.md → public/*.html; 'BROKEN' fails without touching public/."""
    def rebuild(changed: set[Path]) -> tuple[bool, str]:
        calls.append(set(changed))
        sources = sorted((root / "content").glob("*.md"))
        for src in sources:
            text = src.read_text(encoding="utf-8")  # a symlink loop raises OSError here
            if "CRASH" in text:
                raise RuntimeError()  # a crash without a message
            if "EXIT" in text:
                raise SystemExit(3)  # not even an Exception
            if "BROKEN" in text:
                return False, f"content/{src.name}:1: GK101 front matter 无法解析：缺少结束的 ---"
        public.mkdir(exist_ok=True)
        for src in sources:
            (public / f"{src.stem}.html").write_text(PAGE.format(t=src.read_text(encoding="utf-8").strip()),
                                                     encoding="utf-8")
        (public / "index.html").write_text(PAGE.format(t="首页"), encoding="utf-8")
        (public / "404.html").write_text(PAGE.format(t="页面不存在"), encoding="utf-8")
        return True, ""
    return rebuild


def ipv6_available() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.fixture
def session(tmp_path):
    root, public = tmp_path / "site", tmp_path / "site" / "public"
    (root / "content").mkdir(parents=True)
    (root / "catalog.yaml").write_text("site: {name: 测试, base_url: 'https://www.example.gov.cn/'}\n")
    (root / "content" / "a.md").write_text("第一版正文", encoding="utf-8")
    calls: list = []
    rebuild = fake_rebuild(root, public, calls)
    rebuild(set())
    calls.clear()
    s = DevSession(root, public, rebuild, None, 0, echo=lambda msg: None).start()
    s.calls, s.root, s.public = calls, root, public
    time.sleep(0.2)  # let the watcher settle before tests edit files
    yield s
    s.stop()


def get(host: str, port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read().decode("utf-8")
    conn.close()
    return resp.status, body


def open_events(port: int) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/__gkssg/events")
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("Content-Type").startswith("text/event-stream")
    return resp


def next_status(resp: http.client.HTTPResponse) -> dict:
    event = None
    while True:
        line = resp.readline().decode("utf-8").rstrip("\n")
        if line.startswith("event: "):
            event = line[len("event: "):]
        elif line.startswith("data: ") and event == "status":
            return json.loads(line[len("data: "):])


@pytest.mark.skipif(not ipv6_available(), reason="this machine has no IPv6 loopback (::1)")
def test_answers_the_same_page_on_ipv6_and_ipv4_loopback(session):
    assert session.urls == [f"http://[::1]:{session.port}/", f"http://127.0.0.1:{session.port}/"]
    status6, body6 = get("::1", session.port, "/a.html")
    status4, body4 = get("127.0.0.1", session.port, "/a.html")
    assert status6 == status4 == 200
    assert body6 == body4 and "第一版正文" in body6


def test_serves_folder_index_and_404_page_with_status_404(session):
    status, body = get("127.0.0.1", session.port, "/")
    assert status == 200 and "首页" in body
    status, body = get("127.0.0.1", session.port, "/nope.html")
    assert status == 404 and "页面不存在" in body


def test_the_spare_tree_beside_the_output_is_never_served(session):
    """The build keeps the previous site in `.public.spare` (outswap.py): no request reaches it."""
    spare = session.root / ".public.spare"
    spare.mkdir()
    (spare / "secret.html").write_text(PAGE.format(t="上一版"), encoding="utf-8")
    for path in ("/../.public.spare/secret.html", "/%2e%2e/.public.spare/secret.html",
                 "/..%2f.public.spare/secret.html", "/.public.spare/secret.html"):
        status, body = get("127.0.0.1", session.port, path)
        assert status == 404 and "上一版" not in body, path
    assert not SiteWatcher(session.root, session.public, rebuilder=None).relevant(spare / "secret.html")


def test_live_reload_script_is_injected_in_responses_but_never_written_to_the_output(session):
    _, body = get("127.0.0.1", session.port, "/a.html")
    assert "data-gkssg-dev" in body and "/__gkssg/events" in body
    assert body.index("data-gkssg-dev") < body.index("</body>")
    for page in session.public.glob("*.html"):
        assert "data-gkssg-dev" not in page.read_text(encoding="utf-8")


def test_editing_a_document_changes_the_served_page_and_signals_reload_within_two_seconds(session):
    events = open_events(session.port)
    first = next_status(events)
    assert first["error"] == ""
    started = time.monotonic()
    (session.root / "content" / "a.md").write_text("第二版正文", encoding="utf-8")
    second = next_status(events)
    assert time.monotonic() - started < 2.0
    assert second["token"] != first["token"] and second["error"] == ""
    _, body = get("127.0.0.1", session.port, "/a.html")
    assert "第二版正文" in body and f'"{second["token"]}"' in body
    assert any(session.root / "content" / "a.md" in changed for changed in session.calls)


def test_broken_edit_shows_the_error_over_the_last_good_build_and_fixing_it_recovers(session):
    events = open_events(session.port)
    first = next_status(events)
    (session.root / "content" / "a.md").write_text("BROKEN 正文", encoding="utf-8")
    failed = next_status(events)
    assert failed["token"] == first["token"]  # no reload: the last good build stays
    assert "GK101" in failed["error"]
    status, body = get("127.0.0.1", session.port, "/a.html")
    assert status == 200 and "第一版正文" in body
    assert OVERLAY_ID in body and "GK101" in body
    (session.root / "content" / "a.md").write_text("修正后的正文", encoding="utf-8")
    fixed = next_status(events)
    assert fixed["token"] != first["token"] and fixed["error"] == ""
    _, body = get("127.0.0.1", session.port, "/a.html")
    assert "修正后的正文" in body and f'id="{OVERLAY_ID}"' not in body


@pytest.mark.parametrize("crash", ["CRASH", "EXIT", "LOOP"])
def test_a_crashing_rebuild_is_shown_with_its_message_and_the_next_edit_is_rebuilt(session, crash):
    events = open_events(session.port)
    first = next_status(events)
    a = session.root / "content" / "a.md"
    if crash == "LOOP":  # a symlink loop: the watcher sees it, the build trips over it
        (session.root / "content" / "loop.md").symlink_to("loop.md")
    else:
        a.write_text(f"{crash} 正文", encoding="utf-8")
    failed = next_status(events)
    assert failed["token"] == first["token"]
    expected = {"CRASH": "RuntimeError", "EXIT": "SystemExit", "LOOP": "loop.md"}[crash]
    assert expected in failed["error"] and "构建过程中出现意外错误" in failed["error"]
    status, body = get("127.0.0.1", session.port, "/a.html")
    assert status == 200 and OVERLAY_ID in body and expected in body
    if crash == "LOOP":
        (session.root / "content" / "loop.md").unlink()
    a.write_text("修正后的正文", encoding="utf-8")
    fixed = next_status(events)
    while fixed["error"]:  # the removal of the loop may be built on its own first
        fixed = next_status(events)
    assert fixed["token"] != first["token"]
    assert "修正后的正文" in get("127.0.0.1", session.port, "/a.html")[1]


def test_a_path_segment_over_255_bytes_is_answered_not_dropped(session):
    for path in ("/" + "a" * 300, "/" + "%E6%96%87" * 100 + "/", "/x/" + "b" * 5000 + ".html"):
        status, _ = get("127.0.0.1", session.port, path)
        assert status in (404, 414), path
    assert get("127.0.0.1", session.port, "/a.html")[0] == 200


def test_a_burst_of_saves_is_debounced_into_one_rebuild(session):
    for i in range(5):
        (session.root / "content" / "a.md").write_text(f"第{i}次保存", encoding="utf-8")
        time.sleep(0.02)
    time.sleep(1.0)
    assert len(session.calls) == 1


def test_a_new_top_level_folder_is_watched_and_the_output_folder_is_not(session):
    assert session.watcher.watched == {(session.root / "content").resolve()}
    (session.root / "static").mkdir()
    wait_for_calls(session)  # creating the folder is itself a change
    session.calls.clear()
    (session.root / "static" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (session.public / "stray.html").write_text("x", encoding="utf-8")
    wait_for_calls(session)
    assert session.calls == [{session.root / "static" / "logo.svg"}]


def wait_for_calls(session, timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not session.calls and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # and let any straggling event be debounced and built


def test_watcher_ignores_the_output_folder_and_editor_temporary_files(tmp_path):
    root = tmp_path
    watcher = SiteWatcher(root, root / "public", rebuilder=None)
    assert watcher.relevant(root / "content" / "a.md")
    assert watcher.relevant(root / "catalog.yaml")
    assert watcher.relevant(root / "themes" / "default" / "static" / "style.css")
    assert not watcher.relevant(root / "public" / "index.html")
    assert not watcher.relevant(root / "public.tmp" / "index.html")
    assert not watcher.relevant(root / ".git" / "index")
    assert not watcher.relevant(root / "content" / ".a.md.swp")
    assert not watcher.relevant(root / "content" / "a.md~")
    assert not watcher.relevant(tmp_path.parent / "elsewhere.md")
    # a theme's static/dist/ and static/.well-known/ are published by the build (hostile round 22, row 4)
    assert watcher.relevant(root / "themes" / "default" / "static" / "dist" / "app.css")
    assert watcher.relevant(root / "themes" / "default" / "static" / ".well-known" / "security.txt")
    assert not watcher.relevant(root / "dist" / "x.html") and not watcher.relevant(root / "node_modules" / "x.js")


def test_binding_to_ipv4_loopback_prints_only_the_ipv4_url(tmp_path):
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "index.html").write_text(PAGE.format(t="首页"), encoding="utf-8")
    s = DevSession(tmp_path, tmp_path / "public", lambda changed: (True, ""), "127.0.0.1", 0,
                   echo=lambda msg: None).start()
    try:
        assert s.urls == [f"http://127.0.0.1:{s.port}/"]
        assert get("127.0.0.1", s.port, "/")[0] == 200
    finally:
        s.stop()


@pytest.mark.parametrize("path", ["/.gkssg-output", "/%2Egkssg-output", "/.hidden/x.html", "/index.html/", "/x/..%2F.gkssg-output"])
def test_hidden_files_and_a_file_spelled_as_a_folder_are_not_served(session, path):
    """hostile1 Low 51: the marker (and any dot file) is not part of the site; nginx serves neither."""
    (session.public / ".gkssg-output").write_text("SECRET-MARKER", encoding="utf-8")
    (session.public / ".hidden").mkdir(exist_ok=True)
    (session.public / ".hidden" / "x.html").write_text("SECRET-MARKER", encoding="utf-8")
    status, body = get("127.0.0.1", session.port, path)
    assert status == 404 and "SECRET-MARKER" not in body
