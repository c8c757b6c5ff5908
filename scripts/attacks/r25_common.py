"""Hostile round 25: shared helpers. A copy of round 24b's made-up site (/tmp/h24b/custom, r24b_custom.py) in
H25 (default /tmp/h25), the endpoint over WSGI and `gkssg` as a subprocess (niced)."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

REPO = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("H25", "/tmp/h25"))
SRC = Path(os.environ.get("H24B", "/tmp/h24b")) / "custom"

from gkssg.search.corpus import STATE_DIR  # noqa: E402
from gkssg.search.endpoint import make_app  # noqa: E402


def fresh_site(name: str, extra: dict[str, str] | None = None) -> Path:
    """SRC's catalog and content copied to WORK/name (no .gkssg, no public), with `extra` files added."""
    root = WORK / name
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(SRC / "catalog.yaml", root / "catalog.yaml")
    shutil.copytree(SRC / "content", root / "content")
    for rel, text in (extra or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def doc(title: str, published: str, word: str, number: str) -> str:
    """A 主动公开 document of the cq column holding `word` only, published `published`."""
    template = (SRC / "content" / "cq" / "2027-00206.md").read_text(encoding="utf-8")
    head, _, _body = template.partition("\n---\n")
    lines = []
    for line in head.splitlines():
        if line.startswith("标题:"):
            line = f"标题: {title}{word}通知"
        elif line.startswith("发布日期:"):
            line = f"发布日期: {published}"
        elif line.startswith("成文日期:"):
            line = f"成文日期: {published}"
        elif line.startswith("索引号:"):
            line = f"索引号: {line.split(':', 1)[1].strip()[:-3]}{number}"
        elif line.startswith("发文字号:"):
            line = f"发文字号: 渝测发〔2026〕{number}号"
        lines.append(line)
    return "\n".join(lines) + f"\n---\n\n{word}的正文，{word}。\n"


def endpoint(root: Path, q: str, app=None, **params) -> tuple[str, dict]:
    app = app or make_app(root / STATE_DIR)
    environ = {"PATH_INFO": "/search", "QUERY_STRING": urlencode({"q": q, **params})}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO()
    status = []
    try:
        body = json.loads(b"".join(app(environ, lambda s, h: status.append(s))))
    except Exception as err:  # what the WSGI server turns into 500 Internal Server Error
        return "500 " + type(err).__name__, {"error": repr(err)}
    return status[0], body


def short(answer: tuple[str, dict]) -> str:
    status, body = answer
    if "results" not in body:
        return f"{status[:3]} {str(body.get('error', ''))[:50]}"
    return (f"{status[:3]} total={body['total']} "
            f"{[(r['title'][-8:], r['published']) for r in body['results']][:4]} missing={body.get('missing')}")


def gkssg(root: Path, *args: str, env: dict | None = None, background: bool = False):
    full = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", **(env or {})}
    cmd = ["nice", sys.executable, "-m", "gkssg.commands.cli", *args, "--site", str(root)]
    if background:
        return subprocess.Popen(cmd, env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, capture_output=True, text=True, env=full, timeout=900)
