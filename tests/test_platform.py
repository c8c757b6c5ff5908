"""scripts/platform.py: a platform repository's sites found, sharded and built independently."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile

import yaml
from conftest import REPO

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from platform_sites import PlatformSite, find_sites, shards  # noqa: E402

from benchmarks.generate import generate  # noqa: E402

SCRIPT = REPO / "scripts" / "platform_sites.py"


def platform(tmp_path, sizes=(60, 30, 20)):
    root = tmp_path / "platform"
    for number, size in enumerate(sizes, 1):
        generate(root / "sites" / f"site{number}", size, seed=number)
    return root


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                          timeout=600, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def test_finds_every_site_with_its_document_count_and_not_inside_sites(tmp_path):
    root = platform(tmp_path)
    (root / "sites" / "site1" / "public").mkdir()
    (root / "sites" / "site1" / "public" / "catalog.yaml").write_text("")  # output, not a site
    found = find_sites(root)
    assert [s.path for s in found] == ["sites/site1", "sites/site2", "sites/site3"]
    assert [s.documents for s in found] == [60, 30, 20]
    assert found[0].name == "sites--site1"


def test_shards_are_balanced_by_size_and_the_same_on_every_runner():
    sites = [PlatformSite(f"s{i}", size) for i, size in enumerate([900, 500, 400, 300, 100, 100, 50])]
    groups = shards(sites, 3)
    loads = sorted(sum(s.documents for s in group) for group in groups)
    assert loads == [700, 750, 900]  # largest first onto the lightest shard
    assert shards(list(reversed(sites)), 3) == groups
    assert sorted(s.path for g in groups for s in g) == sorted(s.path for s in sites)


def test_list_prints_json_for_a_ci_matrix(tmp_path):
    root = platform(tmp_path)
    proc = run("list", root)
    assert json.loads(proc.stdout) == ["sites/site1", "sites/site2", "sites/site3"]
    proc = run("list", root, "--shards", "2")
    assert json.loads(proc.stdout) == [["sites/site1"], ["sites/site2", "sites/site3"]]


def test_build_builds_each_site_independently_and_reports_a_broken_one(tmp_path):
    root = platform(tmp_path)
    (root / "sites" / "broken").mkdir()
    (root / "sites" / "broken" / "catalog.yaml").write_text("site: [不是映射\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = run("build", root, "--out", out, "--date", "2026-11-20", "--jobs", "2")
    assert proc.returncode == 1, proc.stdout
    assert "sites/broken: 失败" in proc.stdout
    for name in ("sites--site1", "sites--site2", "sites--site3"):
        assert (out / name / "index.html").is_file(), proc.stdout
    assert "共 4 个站点，3 个成功，1 个失败" in proc.stdout


def test_build_bundles_only_its_shard(tmp_path):
    root = platform(tmp_path)
    out = tmp_path / "dist"
    proc = run("build", root, "--out", out, "--date", "2026-11-20", "--bundle", "--shard", "2/2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["sites--site2.tar.gz", "sites--site3.tar.gz"]
    with tarfile.open(out / "sites--site2.tar.gz") as bundle:
        assert "site/index.html" in bundle.getnames()


def test_ci_examples_are_valid_yaml_and_use_the_helper_with_shards():
    github = yaml.safe_load((REPO / "examples" / "platform" / "github-platform.yml").read_text(encoding="utf-8"))
    shard_list = github["jobs"]["build"]["strategy"]["matrix"]["shard"]
    assert github["env"]["SHARDS"] == len(shard_list)
    steps = " ".join(str(step.get("run", "")) for step in github["jobs"]["build"]["steps"])
    assert "scripts/platform_sites.py build" in steps and "--shard" in steps and "--bundle" in steps
    gitlab = yaml.safe_load((REPO / "examples" / "platform" / "gitlab-platform.yml").read_text(encoding="utf-8"))
    assert gitlab["build-sites"]["parallel"] == 8
    assert "--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\"" in " ".join(gitlab["build-sites"]["script"])
