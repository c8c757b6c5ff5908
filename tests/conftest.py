"""Test helpers: small sites written into a temporary folder, and the CLI run as users run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]

# The output marker: not part of the site; it names the folder and the build that wrote it
# (gkssg/fs/outmarker.py), so two builds' trees differ in it. Tree comparisons leave it out.
OUTPUT_MARKER = ".gkssg-output"


def copy_demo(root: Path, themes: bool = True) -> Path:
    """The demo site (catalog.yaml, content/ and, unless told not to, themes/) copied into `root`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "catalog.yaml", root / "catalog.yaml")
    for folder in ("content", "themes") if themes else ("content",):
        shutil.copytree(REPO / folder, root / folder)
    return root

MINIMAL_CATALOG = """\
site:
  name: 测试站点
  base_url: https://www.example.gov.cn/
  site_code: "5000000001"
agencies:
  - id: cqszfbgt
    name: 重庆市人民政府办公厅
    aliases: [市政府办公厅]
    credit_code: 11500000009275780L
    folders: [content/cq]
  - id: qjq
    name: 重庆市黔江区人民政府
    credit_code: 11500114009130039C
    folders: [content/qj]
columns:
  - name: 政务公开
    slug: zwgk
    children:
      - name: 政府信息公开
        slug: zfxxgk
        children:
          - name: 政府信息公开制度
            slug: zfxxgkzd
          - name: 法定主动公开内容
            slug: fdzdgknr
            children:
              - name: 规划信息
                slug: ghxx
                children:
                  - {name: 专项规划, slug: zxgh}
                  - {name: 区域规划, slug: qygh}
              - name: 预算/决算
                slug: ysjs
      - name: 政府信息公开目录
        slug: zfxxgkml
        children:
          - name: 疫情防控
            slug: yqfk
            children:
              - {name: 政策解读, slug: zcjd}
          - name: 政策解读
            slug: zcjd
"""


def front_matter(**fields) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {item}" for item in value)
        else:
            lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def document(body: str = "正文第一段。\n", **overrides) -> str:
    fields = {
        "标题": "重庆市人民政府办公厅关于测试的通知",
        "索引号": "11500000009275780L/2019-00001",
        "发文字号": "渝府办发〔2019〕71号",
        "发布机构": "重庆市人民政府办公厅",
        "主题分类": "综合政务",
        "体裁分类": "通知",
        "成文日期": "2019-06-20",
        "发布日期": "2019-06-28",
        "公开路径": ["政府信息公开>法定主动公开内容>规划信息>专项规划"],
    }
    for key, value in overrides.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return front_matter(**fields) + body


def write_site(root: Path, files: dict[str, str | bytes], catalog: str = MINIMAL_CATALOG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "catalog.yaml").write_text(textwrap.dedent(catalog), encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)  # a site has one (GK119)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    declared_folders(root)
    return root


def declared_folders(root: Path) -> None:
    """Make the folders catalog.yaml declares for its agencies that the test wrote nothing into: a site
    keeps an agency's folder even before its first document (GK019 refuses a declared folder that is gone).
    Nothing is made where anything is already (a file or a link a test put there on purpose)."""
    from gkssg.load.yamlutil import SafeLoader

    try:  # gkssg's loader (a 4,400-digit site_code is text); a catalog the test made bad on purpose: nothing made
        data = yaml.load((root / "catalog.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506
    except Exception:  # noqa: BLE001 — YAMLError, and the constructors' KeyError / ValueError for a bad tag
        return
    agencies = data.get("agencies") if isinstance(data, dict) else None
    for agency in agencies if isinstance(agencies, list) else []:
        folders = agency.get("folders") if isinstance(agency, dict) else None
        for folder in folders if isinstance(folders, list) else []:
            if not isinstance(folder, str) or not folder.strip("/").startswith("content/") or ".." in folder:
                continue
            path = root / folder.strip("/")
            if not os.path.lexists(path) and not any(os.path.lexists(p) and not p.is_dir() for p in path.parents):
                path.mkdir(parents=True)


def run_gkssg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess, exactly as a user would."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "gkssg.commands.cli", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, env=env, timeout=300)


def git(site: Path, *args: str) -> None:
    """Run git in a test site with a fixed identity (check --changed tests)."""
    subprocess.run(["git", *args], cwd=site, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.gov.cn", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.gov.cn", "PATH": "/usr/bin:/bin"})


def check_json(site: Path, *extra: str) -> tuple[int, dict]:
    proc = run_gkssg("check", "--site", str(site), "--format", "json", "--date", "2026-11-01", *extra)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    return tmp_path / "site"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from a fresh build of the demo site")


# Let test modules `from factories import …` (hand-built Site objects, tests/factories.py).
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright, one per test module (tests/browser.py)."""
    from browser import playwright_browser

    manager, chromium = playwright_browser()
    yield chromium
    chromium.close()
    manager.stop()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    """The demo site built for 2026-11-01 and served over HTTP: (url, output folder), one per test module."""
    import datetime as dt

    from browser import serve

    from gkssg.build.pipeline import build_site

    out = tmp_path_factory.mktemp("demo") / "public"
    build_site(REPO, out, dt.date(2026, 11, 1))
    with serve(out) as url:
        yield url, out
