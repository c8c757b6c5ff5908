"""Builds on a Dask cluster (issue 22): `--executor tcp://…` gives the bytes of a local build.

Each test starts its own `distributed.LocalCluster` (2 worker processes, loopback).
A worker killed mid-build is retried by the scheduler; one killed on every attempt fails
the build with GK057 and the previous output stays byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import dask
import pytest
from conftest import OUTPUT_MARKER, run_gkssg
from distributed import Client, LocalCluster, WorkerPlugin
from sitegen import FOLDER, generate

from gkssg.build import remote_render
from gkssg.build.dask_executor import WAIT_VARIABLE, DaskExecutor, worker_wait
from gkssg.build.dask_probe import probe
from gkssg.build.executor import TLS_SETTINGS, ExecutorError, RemoteError, cluster_address
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


def cluster(workers: int = 2, **config) -> LocalCluster:
    with dask.config.set(config):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=":0")


@pytest.fixture(scope="module", autouse=True)
def no_threads_left():
    """A LocalCluster in this process leaves distributed's offload thread behind; later tests
    (test_manifest.py) need a process without threads to fork their helpers, so it goes."""
    yield
    from distributed import utils
    utils._offload_executor.shutdown(wait=True)
    import threading
    for thread in threading.enumerate():  # a nanny's "watch process join" ends with its worker process: on a busy
        if thread is not threading.main_thread():  # machine after the cluster closed (a CI run: 2 threads at teardown)
            thread.join(timeout=60)
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
    with DaskExecutor(scheduler) as executor:  # with the build cache, as users build
        build_site(site, tmp_path / "cluster", DATE, executor=executor)
        tasks = executor.stats["tasks"]
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


def edit_front_matter(doc: Path) -> None:
    """An edit the build renders on the executor: a body-only edit takes the one-edit path, which
    renders without it (build/publicedit.py; since 2026-12-06 also for a 行政规范性文件 like d000150)."""
    doc.write_text(doc.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 主动公开\n关键词: 改动", 1),
                   encoding="utf-8")


class KillOnDocument(WorkerPlugin):
    """Makes a worker process exit when it is given the batch holding `source` (after a marker
    file exists, when `once`: only the first time); with `pid`, kills that process (-9) instead."""

    def __init__(self, source: str, marker: str, once: bool, pid: int | None = None):
        self.source, self.marker, self.once, self.pid = source, marker, once, pid

    def setup(self, worker):
        original = remote_render.render_batch

        def render_batch(job, entries):
            if any(entry[0] == self.source for entry in entries):
                if not (self.once and os.path.exists(self.marker)):
                    Path(self.marker).touch()
                    if self.pid is None:
                        os._exit(1)
                    os.kill(self.pid, signal.SIGKILL)
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
    edit_front_matter(doc)
    marker = tmp_path / "killed"
    with cluster(**{"distributed.scheduler.allowed-failures": 1}) as running, Client(running) as client:
        client.register_plugin(KillOnDocument(f"{FOLDER}/d000150.md", str(marker), once=False))
        with pytest.raises(ExecutorError) as failed:
            build_site(site, out, DATE, executor=running.scheduler_address)
    message = failed.value.format_message()
    assert message.startswith("GK057") and "worker 进程反复退出" in message and "原输出目录保持不变" in message
    assert tree(out) == before
    assert marker.exists() and sorted(set(os.listdir(tmp_path)) - {"killed"}) == beside  # no staging folder left


@contextmanager
def dask_processes():
    """Starts `dask scheduler` / `dask worker` processes (this test module importable there, for
    its plugins); all killed (-9) at the end."""
    started = []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), str(Path(__file__).parents[1])])}

    def start(*args: str) -> subprocess.Popen:
        started.append(subprocess.Popen([str(Path(sys.executable).parent / "dask"), *args], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        return started[-1]
    try:
        yield start
    finally:
        for process in started:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def edited_site(tmp_path: Path) -> tuple[Path, Path, dict, list]:
    """A built site of 300 documents with d000150.md edited since: its output, the output's
    bytes and what is beside it."""
    site = generate(tmp_path / "site", 300)
    out = tmp_path / "public"
    build_site(site, out, DATE)
    doc = site / FOLDER / "d000150.md"
    edit_front_matter(doc)
    return site, out, tree(out), sorted(os.listdir(tmp_path))


def test_the_scheduler_killed_mid_build_is_gk057_and_the_output_stays(tmp_path, capfd):
    """Hostile round 4 #22: the scheduler killed -9 while a worker renders; every call of the
    client then fails (result, cancel, close): one GK057, no traceback, the output as it was."""
    site, out, before, beside = edited_site(tmp_path)
    marker, file = tmp_path / "killed", tmp_path / "scheduler.json"
    with dask_processes() as start:
        scheduler = start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(file))
        deadline = time.monotonic() + 60
        while not (file.exists() and file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(file.read_text())["address"]
        with Client(address, set_as_default=False) as client:
            client.register_plugin(KillOnDocument(f"{FOLDER}/d000150.md", str(marker), once=True, pid=scheduler.pid))
        start("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard")
        started = time.monotonic()
        with pytest.raises(ExecutorError) as failed:
            build_site(site, out, DATE, executor=address)
        seconds = time.monotonic() - started
    message = failed.value.format_message()
    assert message.startswith(f"GK057 与 Dask 调度器 {address} 的连接中断") and "原输出目录保持不变" in message, message
    assert "Traceback" not in capfd.readouterr().err  # nor one the engine logs
    assert marker.exists() and scheduler.poll() is not None  # it was killed mid-build
    assert tree(out) == before
    assert sorted(set(os.listdir(tmp_path)) - {"killed", "scheduler.json"}) == beside  # no staging folder left
    assert seconds < 90, seconds


def test_the_only_worker_gone_for_the_wait_is_gk057_said_once(tmp_path, monkeypatch, capfd):
    """Hostile round 4 #23: the only worker dies mid-build (no nanny) and none comes back: the
    build says once that it waits, and after GKSSG_DASK_WORKER_WAIT seconds stops with GK057."""
    site, out, before, beside = edited_site(tmp_path)
    marker = tmp_path / "killed"
    monkeypatch.setenv(WAIT_VARIABLE, "2")
    with cluster(0) as running, Client(running, set_as_default=False) as client, dask_processes() as start:
        client.register_plugin(KillOnDocument(f"{FOLDER}/d000150.md", str(marker), once=False))
        start("worker", running.scheduler_address, "--nthreads", "1", "--no-nanny", "--no-dashboard")
        client.wait_for_workers(1, timeout=60)  # there at the start: it goes mid-build
        capfd.readouterr()
        with pytest.raises(ExecutorError) as failed:
            build_site(site, out, DATE, executor=running.scheduler_address)
    message = failed.value.format_message()
    assert message.startswith("GK057 Dask 调度器") and "在 2 秒内没有可用的 worker" in message, message
    assert "原输出目录保持不变" in message and WAIT_VARIABLE in message
    said = capfd.readouterr().err
    assert said.count("当前没有可用的 worker，最多等待 2 秒") == 1, said
    assert marker.exists() and tree(out) == before
    assert sorted(set(os.listdir(tmp_path)) - {"killed"}) == beside


def test_a_worker_that_joins_within_the_wait_is_used(tmp_path, monkeypatch, capfd):
    """No worker at the start: said once, and the build goes on when one joins in time."""
    import threading
    site = generate(tmp_path / "site", 3)
    monkeypatch.setenv(WAIT_VARIABLE, "120")
    with cluster(0) as running, dask_processes() as start:
        later = threading.Timer(2, start, ("worker", running.scheduler_address, "--nthreads", "1", "--no-dashboard"))
        later.start()
        try:
            result = build_site(site, tmp_path / "public", DATE, use_cache=False, executor=running.scheduler_address)
        finally:
            later.join()
    assert result.documents > 3 and (tmp_path / "public" / "index.html").exists()
    assert capfd.readouterr().err.count("当前没有可用的 worker，最多等待 120 秒") == 1


class Racing:
    """A future whose answer arrives just as its result(timeout) times out; or, `failing`,
    whose task itself raised TimeoutError."""

    def __init__(self, failing: bool = False):
        self.status, self.calls = ("error" if failing else "finished"), 0

    def done(self) -> bool:
        return True

    def result(self, timeout=None):
        self.calls += 1
        if self.calls == 1 or self.status == "error":
            raise TimeoutError("timed out after 1 s.")
        return "answer"


def test_an_answer_that_arrives_as_the_poll_times_out_is_taken():
    """Found by the TLS test under load: the poll's timeout raced the answer, and the build
    stopped with GK057 although nothing was wrong."""
    executor = object.__new__(DaskExecutor)  # only the waiting, no cluster
    executor.address, executor.wait = "tcp://127.0.0.1:8786", 4
    assert executor._result(Racing(), 1) == "answer"
    with pytest.raises(TimeoutError):  # the task's own error stays the task's
        executor._result(Racing(failing=True), 1)


def _slow(payload, seconds: float) -> float:
    """A task: `seconds` of work; a negative number: the task's own TimeoutError."""
    if seconds < 0:
        raise TimeoutError("the task's own")
    time.sleep(seconds)
    return seconds


def test_answers_slower_than_the_poll_and_a_tasks_own_timeout(scheduler):
    """While workers are there, a task longer than the wait is no reason to stop; answers come in
    order; a task's own TimeoutError is not taken for the cluster's (nor for a poll's)."""
    with DaskExecutor(scheduler, wait=0.4) as executor:  # polls every 0.1 s
        assert list(executor.map(_slow, [0.6, 0.05, 0.3, 0], None)) == [0.6, 0.05, 0.3, 0]
        with pytest.raises(TimeoutError, match="the task's own"):
            list(executor.map(_slow, [0.2, -1], None))


def test_the_wait_for_a_worker_is_read_from_the_environment(monkeypatch):
    monkeypatch.delenv(WAIT_VARIABLE, raising=False)
    assert worker_wait() == 60
    monkeypatch.setenv(WAIT_VARIABLE, " 2.5 ")
    assert worker_wait() == 2.5
    for wrong in ("abc", "0", "-3", "inf", "nan"):
        monkeypatch.setenv(WAIT_VARIABLE, wrong)
        with pytest.raises(ExecutorError, match=f"GK057 环境变量 {WAIT_VARIABLE}"):
            worker_wait()


def test_an_unreachable_scheduler_is_a_chinese_usage_error(tmp_path):
    site = generate(tmp_path / "site", 0)
    done = run_gkssg("build", "--site", str(site), "--executor", "tcp://127.0.0.1:9", "--date", "2026-11-01")
    assert done.returncode == 2, done.stderr
    assert "GK057 无法连接 Dask 调度器 tcp://127.0.0.1:9" in done.stderr and "Traceback" not in done.stderr
    assert not (site / "public").exists()


def test_a_worker_s_address_is_not_taken_for_the_scheduler_s(scheduler):
    """Hostile round 5 #3: the identity exchange (dask_probe.py) with a worker tells it is not the scheduler."""
    with Client(scheduler, set_as_default=False) as client:
        worker = next(iter(client.scheduler_info()["workers"]))
    with pytest.raises(ExecutorError) as refused:
        probe(worker, 5)
    assert f"GK057 {worker} 是 Dask 的另一种服务（例如 worker），不是 Dask 调度器" in refused.value.format_message()
    probe(scheduler, 5)  # the scheduler itself passes


@pytest.mark.parametrize("address", ["http://x:8786", "scheduler", "tcp://h:99999", "tcp://a b:1"])
def test_an_address_that_is_not_a_scheduler_is_refused(address):
    with pytest.raises(ExecutorError, match="GK057 --executor"):
        cluster_address(address)


@pytest.mark.parametrize("address, says", [
    ("tcp://" + "a" * 64 + ":8786", "第 1 段有 64 个字符（每段最多 63 个）"),  # hostile round 4 #20
    ("tcp://" + "a" * 100_000 + ":8786", "共有 100000 个字符（最多 253 个）"),
    ("tcp://a..b:8786", "有空的一段"),
    ("tcp://-a.b:8786", "以连字符开头或结尾"),
    ("tcp://调度器.政府:8786", "含有不能用的字符“调”"),
    ("tcp://[:::1]:8786", "“[:::1]”不是 IPv6 地址"),
    ("tcp://:8786", "主机名是空的"),
    ("http://x:8786", "协议“http”不受支持"),
    ("tcp://h:99999", "端口“99999”不是 1 到 65535 之间的半角数字"),
    ("tcp://h:８７８６", "半角数字"),
    ("scheduler", "缺少端口"),
    ("tcp://user:pw@h:1", "不带用户名、路径或参数"),
    ("tcp://h:1/path", "不带用户名、路径或参数"),
])
def test_each_part_of_an_address_is_checked_and_named(address, says):
    with pytest.raises(ExecutorError) as refused:
        cluster_address(address)
    message = refused.value.format_message()
    assert message.startswith("GK057 --executor") and says in message and "tcp://" in message, message
    assert len(message) < 400, len(message)


def test_tls_without_certificates_is_refused_up_front(tmp_path, monkeypatch):
    """Hostile round 4 #19: tls:// without certificates gave a TypeError after 59 s; the message
    now names the settings Dask reads them from."""
    for _, variable, _ in TLS_SETTINGS:
        monkeypatch.delenv(variable, raising=False)
    site = generate(tmp_path / "site", 0)
    started = time.monotonic()
    done = run_gkssg("build", "--site", str(site), "--executor", "tls://127.0.0.1:9", "--date", "2026-11-01")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "GK057 --executor tls://127.0.0.1:9 是 TLS 加密连接，需要证书" in done.stderr, done.stderr
    assert "DASK_DISTRIBUTED__COMM__TLS__CA_FILE" in done.stderr and "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT" in done.stderr
    assert not (site / "public").exists() and time.monotonic() - started < 30
    with dask.config.set({"distributed.comm.tls.ca-file": str(tmp_path / "ca.pem"),
                          "distributed.comm.tls.client.cert": str(tmp_path / "client.pem")}):
        with pytest.raises(ExecutorError, match=r"证书文件不存在或不是文件：集群的 CA 证书 .*ca\.pem"):
            cluster_address("tls://127.0.0.1:8786")


def certificates(folder: Path) -> tuple[str, str, str]:
    """A CA and one certificate it signed (for scheduler, workers and client): their files."""
    folder.mkdir()
    ca, key, csr, cert = (str(folder / name) for name in ("ca.pem", "node.key", "node.csr", "node.pem"))

    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(folder / "ca.key"), "-out", ca,
            "-days", "2", "-subj", "/CN=gkssg test CA")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=gkssg test node")
    openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", str(folder / "ca.key"), "-CAcreateserial",
            "-out", cert, "-days", "2")
    return ca, cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="makes its certificates with openssl")
def test_tls_with_certificates_in_the_dask_configuration_builds(tmp_path):
    from distributed import Security
    ca, cert, key = certificates(tmp_path / "tls")
    security = Security(tls_ca_file=ca, tls_scheduler_cert=cert, tls_scheduler_key=key, tls_worker_cert=cert,
                        tls_worker_key=key, tls_client_cert=cert, tls_client_key=key, require_encryption=True)
    site = generate(tmp_path / "site", 3)
    build_site(generate(tmp_path / "twin", 3), tmp_path / "local", DATE, use_cache=False)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", protocol="tls://",
                      security=security, dashboard_address=":0") as running:
        assert running.scheduler_address.startswith("tls://127.0.0.1:")
        with pytest.raises(ExecutorError, match="需要证书"):  # without them, refused before connecting
            build_site(site, tmp_path / "cluster", DATE, use_cache=False, executor=running.scheduler_address)
        with dask.config.set({"distributed.comm.tls.ca-file": ca, "distributed.comm.tls.client.cert": cert,
                              "distributed.comm.tls.client.key": key}):
            build_site(site, tmp_path / "cluster", DATE, use_cache=False, executor=running.scheduler_address)
    assert_same(tmp_path / "cluster", tmp_path / "local")


def test_address_forms():
    assert cluster_address("10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert cluster_address("ws://[2001:db8::1]:8786") == "ws://[2001:db8::1]:8786"
    assert cluster_address(" scheduler-1.example:08786 ") == "tcp://scheduler-1.example:8786"
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
    edit_front_matter(doc)
    executor = InProcess(tmp_path / "shadow")
    try:
        result = build_site(site, out, DATE, executor=executor)
    finally:
        remote_render._PREPARED.clear()
    assert gone.exists() and result.rendered < result.files
    assert not executor.closed  # the caller gave it: the caller closes it (executor.opened)
    build_site(site, tmp_path / "clean", DATE, use_cache=False)
    assert_same(out, tmp_path / "clean")

