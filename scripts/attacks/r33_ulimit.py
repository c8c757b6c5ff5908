"""Round 33, D: a file-size limit (`ulimit -f`, Python gets EFBIG) during a rebuild after a good build: limits from
4 KB to 400 KB; build rc, message, traceback, public/ unchanged, and the next build without the limit = clean."""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys

from r33_common import DATE, PY, REPO, WORK, build, demo, tree


def limited(site, kb, *extra):
    def pre():
        resource.setrlimit(resource.RLIMIT_FSIZE, (kb * 1024, kb * 1024))
    return subprocess.run([PY, "-m", "gkssg", "build", "--site", str(site), "--date", DATE, "-j", "1", *extra],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, preexec_fn=pre)


def main(kbs):
    for kb in kbs:
        site = demo(f"ulimit-{kb}")
        assert build(site).returncode == 0
        before = tree(site / "public")
        md = site / "content/ysq/2025-90023.md"
        md.write_text(md.read_text(encoding="utf-8").replace("标题: 演示区", "标题: 修订演示区"), encoding="utf-8")
        shutil.rmtree(site / ".gkssg")  # a full build: every file written again
        r = limited(site, kb)
        out = r.stdout + r.stderr
        last = [x for x in out.strip().splitlines() if x.strip()][-1:] or [""]
        same = tree(site / "public") == before
        r2 = build(site)
        ref = WORK / f"ulimit-{kb}-ref"
        shutil.rmtree(ref, ignore_errors=True)
        shutil.copytree(site, ref, ignore=shutil.ignore_patterns("public", ".gkssg", ".public*"))
        build(ref)
        print(f"limit {kb:4} KB: rc {r.returncode} tb {'Traceback' in out} unchanged {same} | {last[0][:140]!r} | "
              f"next rc {r2.returncode} = clean {tree(site / 'public') == tree(ref / 'public')}", flush=True)


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [4, 40, 100, 200, 400])
