"""Round 11r: the edited document's folder replaced by a symlink to a copy (the loader never descends
a symlinked folder, so a clean build has none of its documents) while the watcher reports only a body
edit of one file under it; and one document of another folder hard-linked first, edited in place
through its other name (the watcher reports the name the editor wrote)."""
from __future__ import annotations

import os
import shutil
import sys

from r11r_common import BODY, DOC, Run


def main() -> int:
    run = Run("folderlink")
    folder = run.path(DOC).parent
    real = folder.parent / ".real-cqszfbgt"
    shutil.copytree(folder, real)
    shutil.rmtree(folder)
    os.symlink(real.name, folder)
    run.step("folder -> symlink + body edit reported", {run.edit(DOC, BODY, BODY + "补充。")})
    os.unlink(folder)
    shutil.copytree(real, folder)
    shutil.rmtree(real)
    run.step("folder restored", {run.path(DOC)})
    return 0 if run.ok else 1


if __name__ == "__main__":
    sys.exit(main())
