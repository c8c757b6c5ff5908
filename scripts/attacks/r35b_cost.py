"""Round 35b: seconds of `gkssg check`, `check --changed` and `build` on the demo with one hostile body, the new code
against d2d6e89 (/tmp/h35b/old, `git archive d2d6e89 | tar -x -C /tmp/h35b/old`). Cases by name on the command line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
import r35b_common as c  # noqa: E402

OLD = Path("/tmp/h35b/old")
CASES = {
    "para1500": lambda: "".join(f"[附件{i}](f{i}.pdf) " for i in range(1500)),
    "para3000-nomarker-free": lambda: "".join(f"[附件{i}](f{i}.pdf) " for i in range(3000)),
    "links50k-5MB": lambda: "".join(f"[附件{i}](f{i}.pdf){'政务公开' * 20}\n\n" for i in range(50000)),
    "ctlesc3000": lambda: "\\" + "".join(f"[附件{i}](https://h.example.cn/f\x1b{i}.pdf)\n\n" + "政府信息公开" * 20 + "\n\n"
                                      for i in range(3000)),
    "bare20k": lambda: "".join(f"见 http://h{i}.example.cn/p_{i} 文件。\n\n" for i in range(20000)),
}


def git_init(site):
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=site, check=True, capture_output=True)


def run(name):
    body = CASES[name]()
    for label, repo in (("new", c.REPO), ("old", OLD)):
        site = c.demo(f"cost-{name}-{label}", repo=repo)
        git_init(site)
        c.append_body(site, body)
        chk, t1 = c.timed(c.check, site, repo=repo, timeout=3000)
        chg, t2 = c.timed(c.check, site, "--changed", repo=repo, timeout=3000)
        b, t3 = c.timed(c.build, site, repo=repo, timeout=3000)
        b2, t4 = c.timed(c.build, site, repo=repo, timeout=3000)
        print(f"{name:14} {label}: check {t1:6.1f}s rc {chk.returncode} | check --changed {t2:6.1f}s rc {chg.returncode}"
              f" | build {t3:6.1f}s rc {b.returncode} | build again {t4:6.1f}s | tb {c.traceback(chk) or c.traceback(b)}",
              flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or ["para1500"]:
        run(n)
