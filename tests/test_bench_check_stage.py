"""benchmarks/bench_check_stage.py on a tiny generated site: every case measured, each change undone."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from conftest import REPO


def tree_digest(root) -> str:
    h = hashlib.sha256()
    for path in sorted((root / "content").rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_bench_check_stage_measures_every_case_and_undoes_it(tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "80", str(site), "--body-chars", "300"],
                   check=True, capture_output=True, timeout=300)
    before = tree_digest(site)
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_check_stage.py"), str(site)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert [line[:12].strip() for line in lines] == ["unchanged", "new public", "withdrawal", "public edit"]
    assert all(" new  check CPU " in line and " load " in line for line in lines), proc.stdout
    findings = [int(line.split("findings ")[1].split()[0]) for line in lines]
    assert findings[1] >= findings[0]  # the new document is checked (its 发文字号, 索引号 …), not skipped
    assert tree_digest(site) == before  # every change undone
