"""Hostile round 27a, the agency's catalog name in the search text (corpus.publisher_text): the real corpus is
built, then 施甸县太平镇人民政府 is renamed in catalog.yaml to a hostile name (markup, a quote, a word no document
holds) and built again (incremental); the output must equal a clean build of the same inputs (diff -r), the new
name must find the report in `gkssg search`, the old name must no longer be named beside it, and no raw markup
from the name may reach public/."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from r27a_common import DATE, gkssg, real_site

NEW = '施甸县太平镇<b onmouseover=alert(1)>改名</b>"qzrename"人民政府'


def main() -> int:
    root = real_site("rename")
    assert gkssg(root, "build", "--date", DATE).returncode == 0
    cat = root / "catalog.yaml"
    text = cat.read_text(encoding="utf-8")
    cat.write_text(text.replace("name: 施甸县太平镇人民政府", "name: " + json.dumps(NEW, ensure_ascii=False), 1),
                   encoding="utf-8")
    inc = gkssg(root, "build", "--date", DATE)
    print(f"incremental build exit {inc.returncode}: {[l for l in inc.stdout.splitlines() if '错误' in l][:3]}")
    twin = root.with_name("rename-clean")
    if twin.exists():
        shutil.rmtree(twin)
    shutil.copytree(root, twin, ignore=shutil.ignore_patterns(".gkssg", "public"))
    clean = gkssg(twin, "build", "--clean", "--date", DATE)
    print(f"clean build exit {clean.returncode}")
    d = subprocess.run(["diff", "-r", "-q", "-x", ".gkssg-output", str(root / "public"), str(twin / "public")],
                       capture_output=True, text=True).stdout
    print("incremental == clean:", "holds" if not d else "BROKEN\n" + d[:2000])
    raw = subprocess.run(["grep", "-rl", "onmouseover=alert", str(root / "public")], capture_output=True, text=True).stdout
    print("raw markup in public/:", raw.strip() or "none")
    for q in ("qzrename", "施甸县太平镇改名", "施甸县太平镇人民政府"):
        s = gkssg(None, "search", "--json", "--date", DATE, "--site", str(root), "--", q)
        items = json.loads(s.stdout) if s.returncode == 0 and s.stdout.strip() else []
        print(f"search {q!r}: exit {s.returncode}, first {[(i['url'], i['matched']) for i in items[:2]]} {s.stderr.strip()[:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
