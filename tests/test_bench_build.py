"""benchmarks/bench_build.py and measure.py: measurements of real subprocesses, one table."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

sys.path.insert(0, str(REPO))

from benchmarks.bench_build import SizeResult, table  # noqa: E402
from benchmarks.measure import Run, run  # noqa: E402


def test_measure_counts_cpu_and_memory_of_worker_processes():
    # A parent that forks a worker which allocates ~200 MB and burns CPU: both must be seen.
    code = ("import multiprocessing as m, time\n"
            "def work():\n x = bytearray(200 * 2**20); t = time.process_time()\n"
            " while time.process_time() - t < 0.4: pass\n time.sleep(0.3)\n"
            "if __name__ == '__main__':\n p = m.get_context('fork').Process(target=work); p.start(); p.join()\n")
    measured = run([sys.executable, "-c", code])
    assert measured.ok, measured.output
    assert measured.cpu >= 0.35
    assert measured.peak_mb >= 200
    assert measured.wall >= measured.cpu * 0.5


def test_measure_stops_a_command_above_the_memory_limit():
    code = "x = bytearray(300 * 2**20)\nimport time\ntime.sleep(30)\n"
    measured = run([sys.executable, "-c", code], mem_limit_mb=100)
    assert not measured.ok and "memory" in measured.killed
    assert measured.wall < 20


def test_table_puts_both_tools_and_the_ratios_in_one_row():
    result = SizeResult(1000, 980,
                        gkssg_cold=Run([], 0, 4.0, 6.0, 100.0, ""), gkssg_noop=Run([], 0, 0.5, 0.4, 90.0, ""),
                        gkssg_edit=Run([], 0, 1.5, 1.2, 95.0, ""), hugo=Run([], 0, 2.0, 3.0, 400.0, ""))
    text = table([result])
    header, rule, row = text.splitlines()
    assert "gkssg wall s" in header and "Hugo wall s" in header and "gkssg 1-edit s" in header
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[:6] == ["1,000", "default", "980", "4.00", "2.00", "2.00×"]
    assert "0.25×" in cells  # memory ratio
    assert cells[-2:] == ["0.50", "1.50"]


def test_table_names_the_corpus_and_leaves_skipped_rebuilds_empty():
    result = SizeResult(1000, 980, 700, gkssg_cold=Run([], 0, 4.0, 6.0, 100.0, ""), hugo=Run([], 0, 2.0, 3.0, 400.0, ""))
    cells = [c.strip() for c in table([result]).splitlines()[2].strip("|").split("|")]
    assert cells[:2] == ["1,000", "700 chars"]
    assert cells[-2:] == ["—", "—"]


def test_each_body_length_is_its_own_cached_site(tmp_path, monkeypatch):
    from benchmarks import bench_build
    made = []
    monkeypatch.setattr(bench_build.generator, "generate",
                        lambda out, n, seed, body_chars=None: (made.append(body_chars), out.mkdir(parents=True),
                                                               (out / "generated.json").write_text("{}")))
    short = bench_build.cached_site(tmp_path, 10, 1, 700)
    long = bench_build.cached_site(tmp_path, 10, 1)
    assert short != long and "-b700-" in short.name and made == [700, None]
    assert bench_build.cached_site(tmp_path, 10, 1, 700) == short and len(made) == 2  # cached


def test_bench_build_runs_end_to_end_on_a_tiny_site(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_build.py"), "--sizes", "60",
                           "--work", str(tmp_path / "work"), "--json", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "| 60 |" in proc.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    result = data["results"][0]
    assert result["gkssg_cold"]["returncode"] == 0 and result["gkssg_noop"]["returncode"] == 0
    assert result["gkssg_edit"]["returncode"] == 0
    # The edited document is restored: the cached site stays as generated.
    site = next((tmp_path / "work" / "sites").iterdir())
    sample = json.loads((site / "generated.json").read_text())["edit_sample"]
    assert "构建测试中补充" not in (site / sample).read_text(encoding="utf-8")


def test_pages_forked_workers_share_with_their_parent_count_once():
    # A parent holding 300 MB forks two idle workers: the tree uses ~300 MB, not 900 MB (RSS sum).
    code = ("import multiprocessing as m, time\n"
            "data = bytearray(300 * 2**20)\n"
            "def idle():\n time.sleep(1.0)\n"
            "if __name__ == '__main__':\n ctx = m.get_context('fork')\n"
            " ps = [ctx.Process(target=idle) for _ in range(2)]\n [p.start() for p in ps]; [p.join() for p in ps]\n")
    measured = run([sys.executable, "-c", code])
    assert measured.ok, measured.output
    assert 290 <= measured.peak_mb < 600
