"""benchmarks/bench_search.py's own parts: what it times, the queries it asks and how it serves Pagefind."""

import datetime as dt
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_search  # noqa: E402
from test_bundle_nginx import INFO, local_nginx_version, nginx_conf  # noqa: E402


def test_timed_reports_cpu_time_and_the_memory_of_the_whole_process_tree():
    # The parent stays small; a forked child holds 200 MB and spins: /usr/bin/time's %M sees the
    # child's RSS, the tree's PSS must hold it as well, and the CPU time must count the child's.
    script = ("import os, time\n"
              "pid = os.fork()\n"
              "if pid == 0:\n"
              "    block = bytearray(200 * 1024 * 1024)\n"
              "    end = time.process_time() + 0.6\n"
              "    while time.process_time() < end: pass\n"
              "    time.sleep(0.5)\n"
              "    os._exit(0)\n"
              "os.waitpid(pid, 0)\n")
    run, proc = bench_search.timed([sys.executable, "-c", script])
    assert proc.returncode == 0
    assert run["cpu_s"] >= 0.5
    assert run["peak_mb"] >= 190
    assert run["tree_peak_mb"] >= 190
    assert run["seconds"] >= 1.0
    assert len(run["load_after"].split()) == 3


def test_timed_stops_the_benchmark_on_a_failed_command():
    with pytest.raises(SystemExit, match="failed"):
        bench_search.timed([sys.executable, "-c", "import sys; print('out'); sys.exit(3)"])


def test_the_query_set_has_every_class_of_issue_19_with_filters_the_page_offers():
    from gkssg.build.pipeline import load_and_check
    from gkssg.search.feature import facets
    date = dt.date(2026, 11, 1)
    queries = bench_search.query_set(REPO, date)
    kinds = {}
    for kind, q, filters in queries:
        kinds.setdefault(kind, []).append((q, filters))
    assert list(kinds) == ["2字", "4字", "8字", "两词", "发文字号", "文号无括号", "词+筛选"]
    assert all(len(v) == 6 for v in kinds.values())
    assert all(len(q) == 8 for q, _f in kinds["8字"])
    assert all(len(q.split(" ")) == 2 for q, _f in kinds["两词"])
    assert all(f == {} for kind, v in kinds.items() if kind != "词+筛选" for _q, f in v)
    offered = facets(load_and_check(REPO, date)[0])
    used = [(name, value) for _q, f in kinds["词+筛选"] for name, value in f.items()]
    assert {name for name, _v in used} == {"year", "agency", "topic", "validity", "column"}
    assert all(value in [v for v, _label in offered[name]] for name, value in used)
    assert bench_search.describe("公开", {"year": "2024", "agency": "x"}) == "公开［year=2024］［agency=x］"


def test_pagefind_may_compile_webassembly_and_the_site_keeps_its_policy():
    conf = nginx_conf(INFO, release="r1", nginx_version=local_nginx_version())
    edited = bench_search.pagefind_may_compile_wasm(conf)
    block = edited[edited.index("map $uri $gkssg_csp {"):]
    block = block[:block.index("}")]
    lines = [line.strip() for line in block.splitlines()[1:]]
    assert lines[0].startswith('"~^/(pagefind/|pagefind-bench\\.html$)"') and "'wasm-unsafe-eval'" in lines[0]
    assert "wasm" not in conf
    added = [line for line in edited.splitlines(keepends=True) if "wasm-unsafe-eval" in line]
    assert len(added) == 1 and edited.replace(added[0], "") == conf
    with pytest.raises(SystemExit):
        bench_search.pagefind_may_compile_wasm(conf.replace("map $uri $gkssg_csp {", "map $uri $other {"))
