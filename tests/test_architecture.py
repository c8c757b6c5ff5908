"""The seams of issue 20: one Build context, one Feature protocol, one executor, timed stages.

These read the code as the issue's "Done when" does: no import circle between the stage
packages, no module assigning another gkssg module's attributes, every registered feature
a Feature, and workers that get their payload through the one executor.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import re

import pytest
from conftest import REPO, document, run_gkssg, write_site

from gkssg.build.pool import ForkExecutor, can_fork, executor_for
from gkssg.features.protocol import Feature
from gkssg.features.registry import REGISTRY, features
from gkssg.render.context import SERIAL

PACKAGE = REPO / "gkssg"


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def test_the_stage_packages_import_one_another_without_a_circle():
    mods = modules()
    edges: dict[str, set[str]] = {}

    def package(name: str) -> str:
        return ".".join(name.split(".")[:2])

    for name, tree in mods.items():
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gkssg"):
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("gkssg")]
            for target in targets:
                if package(target) != package(name):
                    edges.setdefault(package(name), set()).add(package(target))

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in edges.get(start, ()):
            if nxt == goal or (nxt not in seen and (seen.add(nxt) or reaches(nxt, goal, seen))):
                return True
        return False

    circles = sorted(a for a in edges for b in edges[a] if reaches(b, a, set()))
    assert circles == []


def test_no_module_assigns_the_attributes_of_another_gkssg_module():
    assigned = []
    for name, tree in modules().items():
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gkssg"):
                imported |= {a.asname or a.name for a in node.names}
            elif isinstance(node, ast.Import):
                imported |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("gkssg")}
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                while isinstance(target, (ast.Attribute, ast.Subscript)):
                    base = target.value
                    if isinstance(base, ast.Name) and base.id in imported and base.id[:1].islower() \
                            and isinstance(target, ast.Attribute):
                        assigned.append(f"{name}:{node.lineno} {base.id}.{target.attr}")
                    target = base
    assert assigned == []


def test_every_registered_feature_is_one_feature_object_with_its_own_name():
    found = features()
    assert len(found) == len(REGISTRY)
    assert all(isinstance(f, Feature) for f in found)
    names = [f.name for f in found]
    assert all(names) and len(set(names)) == len(names)


def test_no_hook_is_probed_for():
    """Features plug in through the protocol only: nothing asks a module what it offers."""
    probing = re.compile(r"\b(hasattr|getattr)\(\s*(module|mod|feature)\b")
    stages = [PACKAGE / name for name in ("build", "checks", "features", "incremental", "render")]
    hits = [f"{p.relative_to(REPO)}:{n}" for stage in stages for p in stage.rglob("*.py")
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if probing.search(line)]
    assert hits == []


class Unpicklable:
    """A payload that cannot cross a pipe: the fork executor must hand it over by inheritance."""

    def __init__(self):
        self.offset = 1000
        self.started: list[int] = []
        self.lock = lambda: None  # a lambda does not pickle

    def __reduce__(self):
        raise TypeError("the payload was pickled")


def _start(payload: Unpicklable) -> None:
    payload.started.append(os.getpid())


def _shift(payload: Unpicklable, batch: list[int]) -> tuple[list[int], int, int]:
    return [payload.offset + i for i in batch], os.getpid(), len(payload.started)


@pytest.mark.skipif(not can_fork(), reason="fork start method only")
def test_the_fork_executor_hands_its_payload_to_the_workers_without_pickling_it():
    payload = Unpicklable()
    batches = [[i, i + 1] for i in range(0, 40, 2)]
    answers = list(ForkExecutor(2).map(_shift, batches, payload, start=_start))
    assert [x for values, _, _ in answers for x in values] == [1000 + i for i in range(40)]  # in order
    assert {pid for _, pid, _ in answers} - {os.getpid()}  # done in workers
    assert all(started == 1 for _, _, started in answers)  # start ran once in each worker, first
    assert payload.started == []  # and never in this process


def test_one_job_runs_in_this_process():
    assert executor_for(1) is SERIAL
    payload = Unpicklable()
    assert [pid for _, pid, _ in SERIAL.map(_shift, [[1], [2]], payload)] == [os.getpid()] * 2


def test_build_v_prints_each_stage_in_order_in_chinese(tmp_path):
    site = write_site(tmp_path / "s", {"content/cq/a.md": document()})
    proc = run_gkssg("build", "--site", str(site), "--date", dt.date(2026, 11, 1).isoformat(), "-v", "--jobs", "1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(line for line in proc.stdout.splitlines() if line.startswith("耗时："))
    stages = re.findall(r"(扫描输入|读取|检查|生成|写入|共) \d+\.\d\d 秒", line)
    assert stages == ["扫描输入", "读取", "检查", "生成", "写入", "共"], line


def test_build_context_renders_a_body_without_a_build(tmp_path):
    from gkssg.load.site import load_site
    from gkssg.render.context import Build
    site = write_site(tmp_path / "s", {"content/cq/a.md": document("## 标题\n\n正文<script>x</script>。\n")})
    loaded, _ = load_site(site, dt.date(2026, 11, 1))
    build = Build.plain(loaded)
    assert "<script" not in build.body_html(loaded.documents[0])
    assert build.plain_text(loaded.documents[0]) == "标题\n正文。"


def test_nothing_is_left_behind_in_the_render_module(tmp_path):
    """What used to be build state in render.markdown (FRAGMENTS, CURRENT_LINKS) is gone."""
    from gkssg.render import markdown
    assert not any(hasattr(markdown, name) for name in ("FRAGMENTS", "CURRENT_LINKS", "body_html", "plain_text"))


