"""Helpers of the round-19 attack scripts (scripts/attacks/r19_*.py): theme templates in the sandbox.

The demo site (catalog.yaml + content/) is copied to /tmp/h19/site with three planted documents whose
titles and bodies carry unique markers: one 主动公开 but with 发布日期 2030-01-06 (after the build date
2026-11-01), one 依申请公开, one 不予公开. `attempt` writes templates into the site's
themes/default/templates/, builds into /tmp/h19/out and greps every output byte for the markers."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = "/work/wt/trial/.venv/bin/python"
TMP = Path("/tmp/h19")
SITE = TMP / "site"
OUT = TMP / "out"
DATE = "2026-11-01"
MARKERS = [b"FUTMARK19", b"YSQMARK19", b"BYGKMARK19"]
HEAD = """---
标题: {title}
索引号: ZBJG0003/2025-{serial}
发布机构: 演示市演示区人民政府
主题分类: 综合政务
体裁分类: 通知
成文日期: 2025-01-06
发布日期: {date}
公开属性: {disclosure}
演示: true
公开路径:
  - 政府信息公开>依申请公开
---
"""
PLANTED = {
    "2025-99001.md": ("演示区将来发布文件FUTMARK19TITLE", "99001", "2030-01-06", "主动公开", "正文FUTMARK19BODY将来。"),
    "2025-99002.md": ("演示区依申请公开文件YSQMARK19TITLE", "99002", "2025-01-07", "依申请公开", "正文YSQMARK19BODY依申请。"),
    "2025-99003.md": ("演示区不予公开文件BYGKMARK19TITLE", "99003", "2025-01-08", "不予公开", "正文BYGKMARK19BODY不予。"),
}

# A public document replaced by the 不予公开 one: its DocRef must not carry the target's title (a 解读
# of a non-public document is an error, GK821, so none is planted).
RELATED = {
    "2025-99005.md": HEAD.format(title="演示区被替代的旧文件", serial="99005", date="2025-01-09",
                                 disclosure="主动公开").replace(
        "公开路径:", "有效性: 失效\n替代文件: ZBJG0003/2025-99003\n公开路径:") + "旧文件正文。\n",
}


def setup(fresh: bool = False) -> None:
    """The demo site with the planted documents, built once (the 'previous output')."""
    if fresh and TMP.exists():
        shutil.rmtree(TMP)
    if not SITE.exists():
        SITE.mkdir(parents=True)
        shutil.copy(REPO / "catalog.yaml", SITE / "catalog.yaml")
        shutil.copytree(REPO / "content", SITE / "content")
        for name, (title, serial, date, disclosure, body) in PLANTED.items():
            text = HEAD.format(title=title, serial=serial, date=date, disclosure=disclosure) + body + "\n"
            (SITE / "content" / "ysq" / name).write_text(text, encoding="utf-8")
        for name, text in RELATED.items():
            (SITE / "content" / "ysq" / name).write_text(text, encoding="utf-8")
    clear_theme()
    rc, err = build()
    assert rc == 0, err
    assert not hits(), "the baseline build already leaks"


def clear_theme() -> None:
    shutil.rmtree(SITE / "themes", ignore_errors=True)


def build() -> tuple[int, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    cmd = ["nice", PYTHON, "-m", "gkssg.commands.cli", "build", "--site", str(SITE), "--out", str(OUT),
           "--date", DATE, "-j", "1"]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    return p.returncode, (p.stdout + p.stderr).strip()


def hits(root: Path = OUT) -> list[str]:
    """Output files holding any marker byte string."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path.relative_to(root)}:{m.decode()}" for m in MARKERS if m in data]
    return found


def tree_digest(root: Path = OUT) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        h.update(str(path.relative_to(root)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def attempt(templates: dict[str, str]) -> dict:
    """Build with these theme templates; the result, the leaked markers, and whether the output changed."""
    before = tree_digest()
    folder = SITE / "themes" / "default" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in templates.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    try:
        rc, message = build()
    finally:
        clear_theme()
    return {"rc": rc, "message": message.splitlines()[-1] if message else "", "hits": hits(),
            "output_changed": tree_digest() != before}


def report(name: str, result: dict, extra: str = "") -> str:
    verdict = "BROKEN" if result["hits"] or extra else "holds"
    line = (f"{verdict}\t{name}\trc={result['rc']}\thits={result['hits'][:4]}"
            f"{'…' if len(result['hits']) > 4 else ''}\t{extra}\t{result['message'][:160]}")
    print(line, flush=True)
    sys.stdout.flush()
    return verdict
