"""The example hook refuses a commit that leaks an ID number, and lets a clean one through."""

import os
import shutil
import stat
import subprocess
import sys

import pytest
import yaml
from conftest import REPO, document, write_site

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=t@example.gov.cn", *args],
                   cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def content_repo(tmp_path):
    """A content repository with one committed clean document and a `gkssg` command on PATH."""
    repo = write_site(tmp_path / "repo", {"content/cq/a.md": document()})
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "初始")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "gkssg"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m gkssg.commands.cli "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PYTHONPATH=str(REPO))
    return repo, env


def run_hook(repo, env):
    return subprocess.run(["sh", str(REPO / "examples/githooks/pre-commit")], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)


def test_hook_refuses_a_staged_document_with_an_id_number(content_repo):
    repo, env = content_repo
    (repo / "content/cq/b.md").write_text(document("身份证号 11010519491231002X\n", 索引号="11500000009275780L/2019-00002"),
                                          encoding="utf-8")
    git(repo, "add", ".")
    result = run_hook(repo, env)
    assert result.returncode != 0
    assert "GK601" in result.stdout and "110105********002X" in result.stdout


def test_hook_accepts_a_clean_staged_document(content_repo):
    repo, env = content_repo
    (repo / "content/cq/b.md").write_text(document(索引号="11500000009275780L/2019-00002", 发文字号="渝府办发〔2019〕72号"),
                                          encoding="utf-8")
    git(repo, "add", ".")
    result = run_hook(repo, env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_examples_run_check_changed():
    for name in ("pre-commit-config.yaml", "gitlab-ci.yml", "github/workflows/gkssg-check.yml"):
        text = (REPO / "examples" / name).read_text(encoding="utf-8")
        yaml.safe_load(text)
        assert "gkssg check" in text and "--changed" in text, name
