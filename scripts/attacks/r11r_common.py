"""Helpers of the round-11r attack scripts (scripts/attacks/r11r_*.py): gkssg serve's resident after
body edits (checks/bodyedit.py) against a clean check / clean build of the same files. Under /tmp/hostile11r."""
from __future__ import annotations

import shutil
from pathlib import Path

import r6_common  # noqa: F401  (puts tests/ on sys.path)
from conftest import copy_demo
from r6_common import verdict  # noqa: F401
from test_serve_resident import DATE, clean_build, tree
from test_serve_resident_bodycheck import FUTURE, IMAGE, PDF, PNG, clean  # noqa: F401

from gkssg.serve.resident import Resident

TMP = Path("/tmp/hostile11r")
DOC = "content/cqszfbgt/2019-90001.md"
BODY = "《2019年重庆市政务公开工作要点》已经市政府同意，现印发给你们，请认真贯彻执行。"

PRIVATE = FUTURE.replace("发布日期: 2027-01-05", "发布日期: 2019-07-05").replace(
    "公开属性: 主动公开", "公开属性: 依申请公开").replace("2019-90077", "2019-90079").replace(
    "尚未发布的通知", "依申请公开的通知").replace("本通知将于明年发布。", "本通知依申请公开。")


def key(f) -> tuple:
    return (f.code, f.file, f.line, f.severity, f.message)


class Run:
    """A copy of the demo site loaded by a Resident; `step` compares after each edit."""

    def __init__(self, name: str, prepare=None):
        self.base = TMP / name
        shutil.rmtree(self.base, ignore_errors=True)
        self.site = copy_demo(self.base / "site")
        self.folder = self.site / DOC
        self.folder = self.folder.parent
        if prepare:
            prepare(self)
        self.r = Resident(self.site, self.site / "public", DATE)
        ok, msg = self.r.rebuild(set())
        assert ok, msg
        self.r.settle()
        self.ok = True

    def path(self, rel: str) -> Path:
        return self.site / rel

    def edit(self, rel: str, old: str, new: str) -> Path:
        path = self.site / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    def step(self, name: str, paths: set[Path], output: bool = False) -> bool:
        good, msg = self.r.rebuild(set(paths))
        self.r.settle()
        mine = sorted(map(key, self.r.findings.sorted())) if self.r.findings is not None else None
        theirs = sorted(map(key, clean(self.site)))
        diff = ""
        same = mine == theirs
        if not good and self.r.last == "build":  # a failed build: its message holds the clean check's errors
            missing = [k[:3] for k in theirs if k[3] == "error" and (k[0] not in msg or k[1] not in msg)]
            same, mine = not missing, None
            diff = f"errors missing from the message {missing[:4]}" if missing else ""
        if not same and mine is not None:
            a, b = set(mine), set(theirs)
            diff = f"only resident {[k[:3] for k in sorted(a - b)][:4]} only clean {[k[:3] for k in sorted(b - a)][:4]}"
        if output and same and good:
            cl = clean_build(self.site, self.base / "scratch")
            mt = tree(self.site / "public")
            od = sorted(k for k in set(mt) | set(cl) if mt.get(k) != cl.get(k))
            if od:
                same, diff = False, f"output differs {od[:5]}"
        ok = verdict(f"r11r {self.base.name}: {name}", same,
                     f"path={self.r.last} scoped={self.r.scoped} good={good} {diff} {'' if good else msg[-200:]}",
                     "findings (and output) = a clean check's")
        self.ok &= ok
        return ok
