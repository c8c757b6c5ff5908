"""Round 33, C: facts.record's note (`print`, not printing.echo) names the fact index's path, which holds the site
folder's name: a site folder named with ESC ] 0 ; PWN BEL and U+009B, its .gkssg/facts.db held locked by another
connection (BEGIN EXCLUSIVE) while `gkssg check` runs; its stderr searched for raw controls."""
from __future__ import annotations

import sqlite3
import subprocess

from r33_common import DATE, PY, REPO, WORK, attack_sites, has_ctrl, ids_outside

NAME = "facts-\x1b]0;PWN\x07-\x9b31m"


def main():
    site = attack_sites.demo_copy(WORK, NAME)
    ids_outside(site)
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    r = subprocess.run([PY, "-m", "gkssg", "check", "--site", str(site), "--date", DATE], capture_output=True, text=True, env=env)
    print("first check rc", r.returncode)
    db = site / ".gkssg/facts.db"
    print("facts.db:", db.exists())
    md = site / "content/ydz/2024-90001.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n一句。\n", encoding="utf-8")
    conn = sqlite3.connect(db, timeout=1, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        r = subprocess.run([PY, "-m", "gkssg", "check", "--site", str(site), "--date", DATE], capture_output=True,
                           text=True, env=env, timeout=600)
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    out = r.stdout + r.stderr
    print("check rc", r.returncode, "raw on terminal:", has_ctrl(out), "Traceback" in out)
    for x in out.splitlines():
        if "事实索引" in x:
            print("   ", repr(x[:200]))


if __name__ == "__main__":
    main()
