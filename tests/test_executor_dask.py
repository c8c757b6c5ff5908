"""Builds on a Dask cluster (issue 22): `--executor tcp://…` gives the bytes of a local build.

Each test starts its own `distributed.LocalCluster` (2 worker processes, loopback).
A worker killed mid-build is retried by the scheduler; one killed on every attempt fails
the build with GK057 and the previous output stays byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import dask
import pytest
from conftest import OUTPUT_MARKER, run_gkssg
from distributed import Client, LocalCluster, WorkerPlugin
from sitegen import FOLDER, generate

from gkssg.build import remote_render
from gkssg.build.dask_executor import DaskExecutor
from gkssg.build.executor import ExecutorError, RemoteError, cluster_address
from gkssg.build.pipeline import build_site, load_and_check
from gkssg.errors import GkssgError

DATE = dt.date(2026, 11, 1)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def assert_same(a: Path, b: Path) -> None:
    left, right = tree(a), tree(b)
    assert sorted(left) == sorted(right), sorted(set(left) ^ set(right))[:10]
    differ = [name for name in left if left[name] != right[name]]
    assert not differ, differ[:10]


def cluster(**config) -> LocalCluster:
    with dask.config.set(config):
        return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=":0")


@pytest.fixture(scope="module", autouse=True)
def no_threads_left():
    """A LocalCluster in this process leaves distributed's offload thread behind; later tests
    (test_manifest.py) need a process without threads to fork their helpers, so it goes."""
    yield
    from distributed import utils
    utils._offload_executor.shutdown(wait=True)
    import threading
    assert threading.active_count() == 1, [t.name for t in threading.enumerate()]


@pytest.fixture(scope="module")
def scheduler():
    with cluster() as running:
        yield running.scheduler_address


def test_demo_on_the_cluster_is_byte_identical_to_a_local_build(tmp_path, scheduler):
    site = generate(tmp_path / "site", 0)  # the demo site: catalog.yaml and content/ of the repository
    build_site(generate(tmp_path / "twin", 0), tmp_path / "local", DATE, use_cache=False)
    with DaskExecutor(scheduler) as executor:
        result = build_site(site, tmp_path / "cluster", DATE, use_cache=False, executor=executor)
        assert executor.stats["batches"] >= 1 and executor.stats["received"] > 0  # it really ran there
        tasks = executor.stats["tasks"]  # and so did the search index: tokens, partitions, text packs
        assert tasks["_tokenize"] >= 1 and tasks["_partition_files"] >= 1 and tasks["_text_files"] >= 1, tasks
    assert result.documents > 40
    assert_same(tmp_path / "cluster", tmp_path / "local")
    assert any(name.startswith("search/p/") for name in tree(tmp_path / "cluster"))


def test_generated_2000_documents_and_an_incremental_edit(tmp_path, scheduler):
    site = generate(tmp_path / "site", 2000)
    started = time.perf_counter()
    with DaskExecutor(scheduler) as executor:  # with the build cache, as users build
        build_site(site, tmp_path / "cluster", DATE, executor=executor)
        tasks = executor.stats["tasks"]
    seconds = time.perf_counter() - started
    assert tasks["_tokenize"] >= 2 and tasks["_partition_files"] >= 2 and tasks["_text_files"] >= 2, tasks
    spill = sorted(p.name for p in (site / ".gkssg" / "search").iterdir())
    build_site(site, tmp_path / "local", DATE, use_cache=False)
    assert_same(tmp_path / "cluster", tmp_path / "local")
    # the search index's state is that of a local build: a local build of a copy of the site keeps it
    twin = tmp_path / "twin"
    shutil.copytree(site, twin, ignore=shutil.ignore_patterns(".gkssg"))
    build_site(twin, tmp_path / "twin-out", DATE)
    assert spill == sorted(p.name for p in (twin / ".gkssg" / "search").iterdir())
    assert_same(site / ".gkssg" / "search", twin / ".gkssg" / "search")
    # an edit: the cluster re-renders, the one writer commits; the output is a clean local build's
    doc = site / FOLDER / "d000007.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("\n\n", "\n\n新增的一段说明。\n\n", 1), encoding="utf-8")
    result = build_site(site, tmp_path / "cluster", DATE, executor=scheduler)
    assert 0 < result.rendered < result.files
    build_site(site, tmp_path / "local2", DATE, use_cache=False)
    assert_same(tmp_path / "cluster", tmp_path / "local2")
    shutil.copy2(doc, twin / FOLDER / doc.name)  # the same edit, updated locally: the same search state
    build_site(twin, tmp_path / "twin-out", DATE)
    assert_same(site / ".gkssg" / "search", twin / ".gkssg" / "search")
    assert seconds < 120, seconds


class KillOnDocument(WorkerPlugin):
    """Makes a worker process exit when it is given the batch holding `source` (after a marker
    file exists, when `once`: only the first time)."""

    def __init__(self, source: str, marker: str, once: bool):
        self.source, self.marker, self.once = source, marker, once

    def setup(self, worker):
        original = remote_render.render_batch

        def render_batch(job, entries):
            if any(entry[0] == self.source for entry in entries):
                if not (self.once and os.path.exists(self.marker)):
                    Path(self.marker).touch()
                    os._exit(1)
            return original(job, entries)

        remote_render.render_batch = render_batch


def test_a_worker_killed_once_is_retried_and_the_bytes_are_the_same(tmp_path):
    site = generate(tmp_path / "site", 300)
    build_site(site, tmp_path / "local", DATE, use_cache=False)
    marker = tmp_path / "killed"
    with cluster() as running, Client(running) as client:
        client.register_plugin(KillOnDocument(f"{FOLDER}/d000150.md", str(marker), once=True))
        build_site(site, tmp_path / "cluster", DATE, use_cache=False, executor=running.scheduler_address)
    assert marker.exists()  # a worker did die
    assert_same(tmp_path / "cluster", tmp_path / "local")


def test_a_worker_killed_every_time_fails_the_build_and_leaves_the_output(tmp_path):
    site = generate(tmp_path / "site", 300)
    out = tmp_path / "public"
    build_site(site, out, DATE)
    before, beside = tree(out), sorted(os.listdir(tmp_path))
    doc = site / FOLDER / "d000150.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("\n\n", "\n\n改动。\n\n", 1), encoding="utf-8")
    marker = tmp_path / "killed"
    with cluster(**{"distributed.scheduler.allowed-failures": 1}) as running, Client(running) as client:
        client.register_plugin(KillOnDocument(f"{FOLDER}/d000150.md", str(marker), once=False))
        with pytest.raises(ExecutorError) as failed:
            build_site(site, out, DATE, executor=running.scheduler_address)
    message = failed.value.format_message()
    assert message.startswith("GK057") and "worker 进程反复退出" in message and "原输出目录保持不变" in message
    assert tree(out) == before
    assert marker.exists() and sorted(set(os.listdir(tmp_path)) - {"killed"}) == beside  # no staging folder left


def test_an_unreachable_scheduler_is_a_chinese_usage_error(tmp_path):
    site = generate(tmp_path / "site", 0)
    done = run_gkssg("build", "--site", str(site), "--executor", "tcp://127.0.0.1:9", "--date", "2026-11-01")
    assert done.returncode == 2, done.stderr
    assert "GK057 无法连接 Dask 调度器 tcp://127.0.0.1:9" in done.stderr and "Traceback" not in done.stderr
    assert not (site / "public").exists()


@pytest.mark.parametrize("address", ["http://x:8786", "scheduler", "tcp://h:99999", "tcp://a b:1"])
def test_an_address_that_is_not_a_scheduler_is_refused(address):
    with pytest.raises(ExecutorError, match="GK057 --executor"):
        cluster_address(address)


def test_address_forms():
    assert cluster_address("10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert cluster_address("tls://[2001:db8::1]:8786") == "tls://[2001:db8::1]:8786"
    assert cluster_address("tcp://dask-scheduler.ns.svc:8786") == "tcp://dask-scheduler.ns.svc:8786"


def test_without_the_extra_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)
    with pytest.raises(ExecutorError, match=r"GK057 .*pip install 'gkssg\[distributed\]'"):
        DaskExecutor("tcp://127.0.0.1:8786")


def test_a_worker_that_reads_another_site_refuses(tmp_path):
    site = generate(tmp_path / "site", 3)
    loaded = remote_render.snapshot(load_and_check(site, DATE)[0])
    job = remote_render.RenderJob(str(site.resolve()), DATE, str(tmp_path / "public"), "fp", "not this site", loaded)
    with pytest.raises(RemoteError, match="与发起构建的机器不同"):
        remote_render.render_batch(job, [(f"{FOLDER}/d000001.md", "docs/x.html", None, None)])
    job = remote_render.RenderJob(str(tmp_path / "nowhere"), DATE, str(tmp_path / "public"), "fp", "key", loaded)
    with pytest.raises(RemoteError, match="无法读取站点目录"):
        remote_render.render_batch(job, [])
    job = remote_render.RenderJob(str(site.resolve()), DATE, str(tmp_path / "public"), "fp", "key", b"not a site")
    with pytest.raises(RemoteError, match="与发起构建的机器不同"):  # a snapshot another gkssg made
        remote_render.render_batch(job, [])


def test_a_worker_whose_copy_of_a_document_differs_stops_the_build(tmp_path):
    """The snapshot holds no bodies: a worker reads a body back only when its file has the digest
    this machine loaded, so another copy of a document never reaches the output."""
    site = generate(tmp_path / "site", 3)
    job = remote_render.RenderJob.of(_renderer(site))
    doc = site / FOLDER / "d000001.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("\n\n", "\n\n另一份副本。\n\n", 1), encoding="utf-8")
    remote_render._PREPARED.clear()
    try:
        with pytest.raises(GkssgError, match="d000001.md"):
            remote_render.render_batch(job, [(f"{FOLDER}/d000001.md", "docs/x.html", None, None)])
    finally:
        remote_render._PREPARED.clear()


def _renderer(site: Path):
    from gkssg.build.engine import DocumentRenderer
    from gkssg.build.pipeline import load, render_setup
    from gkssg.incremental.cache import BuildCache
    from gkssg.incremental.fingerprint import Fingerprinter
    from gkssg.render.context import Settings
    build, _ = load(site, Settings(build_date=DATE), BuildCache.memory(), freeze=True)
    _, site_fp, docs = render_setup(build)
    out = site / "public"
    return DocumentRenderer(build, Fingerprinter(site_fp or ""), out, out, None, docs)


def test_ci_examples_build_on_the_cluster():
    import yaml
    for name in ("github-dask.yml", "gitlab-dask.yml"):
        text = (Path(__file__).resolve().parents[1] / "examples" / "platform" / name).read_text(encoding="utf-8")
        yaml.safe_load(text)
        assert "gkssg build" in text and '--executor "$DASK_SCHEDULER"' in text and "gkssg[distributed]" in text, name


class InProcess:
    """A remote executor (render/context.py's Executor) without a cluster: the batches'
    descriptions run in this process, the worker's view of the output folder replaced by `shadow`."""

    remote = True
    jobs = 1

    def __init__(self, shadow: Path):
        self.shadow = str(shadow)
        self.stats: dict = {}
        self.closed = False

    def map(self, func, batches, payload, start=None, ahead=None):
        from dataclasses import replace
        if isinstance(payload, remote_render.RenderJob):
            payload = replace(payload, out=self.shadow)
        return (func(payload, batch) for batch in batches)

    def close(self):
        self.closed = True


def test_a_page_a_worker_saw_unchanged_but_missing_here_is_rendered_here(tmp_path):
    import shutil
    site = generate(tmp_path / "site", 30)
    out = tmp_path / "public"
    build_site(site, out, DATE)
    shutil.copytree(out, tmp_path / "shadow")  # what a worker with a stale copy of the output sees
    gone = next(p for p in sorted((out / "docs").glob("*.html")) if "d000" not in p.name)
    gone.unlink()
    doc = site / FOLDER / "d000003.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("\n\n", "\n\n改动。\n\n", 1), encoding="utf-8")
    executor = InProcess(tmp_path / "shadow")
    try:
        result = build_site(site, out, DATE, executor=executor)
    finally:
        remote_render._PREPARED.clear()
    assert gone.exists() and result.rendered < result.files
    assert not executor.closed  # the caller gave it: the caller closes it (executor.opened)
    build_site(site, tmp_path / "clean", DATE, use_cache=False)
    assert_same(out, tmp_path / "clean")

