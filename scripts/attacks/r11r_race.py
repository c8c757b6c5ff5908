"""Round 11r: the resident reads the edited file (`_body_edits`) BEFORE it takes the build stamp's walk
(`_apply`: state.unchanged, "before any input is read"). A second save landing between the two is in the
walk (and the stamp, with its hash if racy) but not in memory: the pages hold the first save. When serve
stops before the watcher's next event is handled, a later `gkssg build` trusts the stamp and keeps the
stale page: output != a clean build of the same files. The second save is placed in the window
deterministically by wrapping Incremental.unchanged (the walk) in serve/resident.py."""
from __future__ import annotations

import shutil
import sys
import time

from r6_common import gk, tree
from r11r_common import BODY, DOC, Run, verdict

from gkssg.serve import resident as module


def main() -> int:
    run = Run("race")
    doc = run.path(DOC)
    original = module.Incremental.unchanged

    def walk_after_a_second_save(self, *args, **kwargs):
        doc.write_text(doc.read_text(encoding="utf-8").replace("第一次保存。", "第二次保存。"), encoding="utf-8")
        module.Incremental.unchanged = original
        return original(self, *args, **kwargs)

    module.Incremental.unchanged = walk_after_a_second_save
    run.edit(DOC, BODY, BODY + "第一次保存。")
    try:
        good, msg = run.r.rebuild({doc})
        run.r.settle()
    except Exception as exc:  # noqa: BLE001 — GK117 (BodyChanged, a GkssgError): the Rebuilder shows it
        good, msg = False, f"raised {type(exc).__name__}: {str(exc)[:40]}"
    last = f"{run.r.last} ({msg[:60]})"
    if len(sys.argv) > 1:  # the watcher's event for the second save: the resident recovers
        ok = run.step("the second save reported", {doc}, output=True)
        return 0 if ok else 1
    del run.r  # serve stopped before the watcher's event for the second save was handled
    time.sleep(3)  # past the racy window
    rc, o, e = gk("build", "--site", run.site, "--out", run.site / "public", "--date", "2026-11-20", "-j1")
    twin = run.base / "twin"
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(run.site, twin, ignore=shutil.ignore_patterns("public", ".gkssg"), symlinks=True)
    gk("build", "--site", twin, "--out", twin / "public", "--date", "2026-11-20", "-j1")
    a, b = tree(run.site / "public"), tree(twin / "public")
    od = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    first = any("第一次保存" in p.read_text(encoding="utf-8", errors="replace") for p in (run.site / "public").rglob("*.html"))
    ok = verdict("r11r race: a save between the resident's read and its walk, then serve stopped, then gkssg build",
                 not od, f"resident path={last} good={good}; later build rc={rc} said {o.strip().splitlines()[-1:] if o.strip() else e[-200:]};"
                 f" output differs from clean in {od[:4]}; first save still served: {first}", "= a clean build")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
