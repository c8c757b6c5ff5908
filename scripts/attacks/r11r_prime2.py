"""Round 11r: the first scoped edit after `prime` (serve over a current output, the check cache read from
disk) or after a restart is an edit of a NON-public document (future / 依申请公开), whose old body the
resident never rendered: `before` tallies every document's links from the cache; nothing may read the
edited file's old bytes (GK117 / BodyChanged) or escape `rebuild` as an exception."""
from __future__ import annotations

import sys

from r11r_common import DATE, FUTURE, PDF, PRIVATE, Run, verdict

from gkssg.build.pipeline import build_site
from gkssg.serve.resident import Resident


def prebuilt(run: Run) -> None:
    (run.folder / "future.pdf").write_bytes(PDF)
    (run.folder / "2019-90077.md").write_text(FUTURE, encoding="utf-8")
    (run.folder / "2019-90079.md").write_text(PRIVATE.replace("附件:\n  - {name: 附件1, file: future.pdf}\n", ""), encoding="utf-8")
    build_site(run.site, run.site / "public", DATE, jobs=1)


def guarded(run: Run, name: str, paths) -> bool:
    try:
        return run.step(name, paths)
    except Exception as exc:  # noqa: BLE001
        run.ok = False
        return verdict(f"r11r prime2: {name}", False, f"rebuild raised {exc!r}"[:400], "no exception")


def main() -> int:
    run = Run("prime2", prebuilt)
    rel = run.folder.relative_to(run.site).as_posix()
    fut, priv = f"{rel}/2019-90077.md", f"{rel}/2019-90079.md"
    guarded(run, "first edit after prime: the future document", {run.edit(fut, "本通知将于明年发布。", "本通知将于明年发布，见 https://a.example/ 。")})
    run.r = Resident(run.site, run.site / "public", DATE)
    run.r.rebuild(set())
    run.r.settle()
    guarded(run, "first edit after restart: the 依申请公开 document", {run.edit(priv, "本通知依申请公开。", "本通知依申请公开，见[y](future.pdf)。")})
    guarded(run, "then the future document", {run.edit(fut, "，见 https://a.example/ 。", "。")})
    return 0 if run.ok else 1


if __name__ == "__main__":
    sys.exit(main())
