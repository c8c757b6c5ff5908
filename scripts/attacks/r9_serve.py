"""Round 9, attack 3: gkssg serve's in-place body edit (serve/resident.py) re-renders only the
document's page and the pages that read the body while their context was made, when the theme passes
the body-frame proof. A listing that reads the body by a run-time name passes the proof: after the
edit and settle(), is the output a clean build's?"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from conftest import copy_demo  # noqa: E402
from test_serve_resident import BODY, DOC, clean_build, edit, tree  # noqa: E402

from gkssg.serve.resident import Resident  # noqa: E402

DATE = dt.date(2026, 11, 20)
TMP = Path("/tmp/hostile9/serve")


def main() -> int:
    shutil.rmtree(TMP, ignore_errors=True)
    TMP.mkdir(parents=True)
    site = copy_demo(TMP / "site")
    mine = site / "themes" / "default" / "templates" / "partials" / "doc_list.html"
    mine.parent.mkdir(parents=True, exist_ok=True)
    text = (REPO / "themes/default/templates/partials/doc_list.html").read_text(encoding="utf-8")
    mine.write_text(text.replace("{{ d.title }}</a>", '{{ d.title }}</a><i>{{ (d | attr("bo" ~ "dy")) | length }}</i>', 1),
                    encoding="utf-8")
    resident = Resident(site, site / "public", DATE)
    ok, message = resident.rebuild(set())
    assert ok, message
    resident.settle()
    bad = 0
    for i, new in enumerate(["\n\n本通知自印发之日起施行。", "\n\n本通知自印发之日起施行，另有规定的除外。"]):
        ok, message = resident.rebuild({edit(site, DOC, BODY, BODY + new)})
        resident.settle()
        mine_tree, clean = tree(site / "public"), clean_build(site, TMP)
        differ = sorted(k for k in set(mine_tree) | set(clean) if mine_tree.get(k) != clean.get(k))
        print(f"[{'held' if not differ else 'FINDING'}] 3/edit {i}: {resident.last} {message[-40:]}; differs from clean: {differ[:6]}")
        bad += bool(differ)
        edit(site, DOC, BODY + new, BODY)
        resident.rebuild({site / DOC})
        resident.settle()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
