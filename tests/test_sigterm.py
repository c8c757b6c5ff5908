"""SIGTERM stops `gkssg build` as Ctrl-C does (commands/cli.py stop_on_sigterm): the staging
folder is thrown away at once, the output stays as it was, the command says 已中止。 and exits 1,
and no render worker is left behind. Before, SIGTERM killed the build with the default action and
its `.public.staging-PID` stayed until the next build cleared it (hostile round 6, row 10)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitegen import generate
from test_commit_atomic import leftovers
from test_incremental import tree

from gkssg.build.pipeline import build_site

REPO = Path(__file__).resolve().parents[1]
DATE = "2026-11-01"


def test_sigterm_mid_build_leaves_the_output_as_it_was_and_no_staging_folder(tmp_path):
    site = generate(tmp_path / "site", 120, body_chars=400, seed=3)
    build_site(site, site / "public", dt.date.fromisoformat(DATE), jobs=1)
    before = tree(site / "public")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site),
                             "--date", DATE, "--clean", "--jobs", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    end = time.monotonic() + 120
    while not list(site.glob(".public.staging-*")) and proc.poll() is None and time.monotonic() < end:
        time.sleep(0.002)
    assert proc.poll() is None, "the build ended before its staging folder was seen: make the site larger"
    time.sleep(0.2)  # well into the render (the pool's workers are running)
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=60)
    text = output.decode("utf-8", "replace")
    assert proc.returncode == 1, text
    assert "已中止" in text and "Traceback" not in text, text
    assert leftovers(site) == []
    assert tree(site / "public") == before
    try:  # nothing of the process group is still running (the render workers died with it)
        os.killpg(proc.pid, 0)
        time.sleep(1)
        os.killpg(proc.pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive


def test_only_the_build_process_stops_gracefully_a_forked_worker_keeps_the_default_action():
    """A Python handler runs only between bytecodes: a pool worker told to stop (Pool.terminate sends
    SIGTERM) while it waits on the pool's lock would never run it, and the build would wait for that
    worker for ever (seen twice in a helper's runs under load). So a forked child has the default
    action from the moment it exists, and the handler is put back after the build."""
    from gkssg.commands.cli import sigterm_as_interrupt
    before = signal.getsignal(signal.SIGTERM)
    with sigterm_as_interrupt():
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, before)
        pid = os.fork()
        if pid == 0:
            os._exit(0 if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    assert signal.getsignal(signal.SIGTERM) == before


def edited_site(tmp_path, documents: int, added: str):
    """A built site, then one document's body given `added` (the next build writes it)."""
    site = generate(tmp_path / "site", documents, body_chars=300, seed=3)
    build_site(site, site / "public", dt.date.fromisoformat(DATE), jobs=1)
    edited = sorted((site / "content").rglob("*.md"))[3]
    edited.write_text(edited.read_text(encoding="utf-8") + f"\n\n{added}\n", encoding="utf-8")
    return site


def sigterm_after_the_exchange(args: list[str]):
    """`gkssg ARGS` in a process that sends itself SIGTERM right after the output exchange:
    (the completed process, its stdout and stderr)."""
    script = ("import os, signal, sys\n"
              "from gkssg.build import outswap\n"
              "real = outswap.swap\n"
              "def swap(*args):\n"
              "    old = real(*args)\n"
              "    os.kill(os.getpid(), signal.SIGTERM)  # the signal lands just after the exchange\n"
              "    return old\n"
              "outswap.swap = swap\n"
              "from gkssg.commands.cli import main\n"
              f"main({args!r})\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    return done, done.stdout + done.stderr


def test_sigterm_after_the_output_exchange_lets_the_build_complete_and_says_so(tmp_path):
    """Hostile round 8, row 8: a SIGTERM that arrived after the writer had put the new output in
    service made `gkssg build` say 已中止。 and exit 1 about a build whose output was already there.
    The writer now holds SIGTERM from the exchange on (fs/interrupts.py): the build completes its
    records, exits 0 and says the signal came too late to stop it; the next build is a no-op."""
    site = edited_site(tmp_path, 40, "交换之后收到信号。")
    done, text = sigterm_after_the_exchange(['build', '--site', str(site), '--date', DATE, '--jobs', '1'])
    env = dict(os.environ, PYTHONPATH=str(REPO))
    assert done.returncode == 0, text
    assert "新的输出已经生效" in text and "已中止" not in text and "Traceback" not in text, text
    assert leftovers(site) == []
    assert "交换之后收到信号" in "".join(p.read_text(encoding="utf-8") for p in (site / "public" / "docs").glob("*.html"))
    again = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", DATE],
                           env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "本次写入 0 个" in again.stdout, again.stdout + again.stderr


def test_sigterm_after_the_exchange_of_a_bundles_build_says_the_output_is_new_and_no_bundle_was_made(tmp_path):
    """Hostile round 9, row 4f: `gkssg bundle` stopped before packing said only 已中止。, though its
    build had put the new output in public/ (the user would think public/ as it was)."""
    site = edited_site(tmp_path, 30, "打包时交换之后收到信号。")
    done, text = sigterm_after_the_exchange(['bundle', '--site', str(site), '--date', DATE,
                                             '--out', str(tmp_path / 'dist') + '/'])
    assert done.returncode == 1, text
    assert "新的输出已经生效" in text and "部署包未生成" in text and "Traceback" not in text, text
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())
    assert "打包时交换之后收到信号" in "".join(p.read_text(encoding="utf-8") for p in (site / "public" / "docs").glob("*.html"))
