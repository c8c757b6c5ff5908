"""Hostile round 26b: `gkssg` CLI in-process, reporting on stderr whether the search index was updated
(incremental.update returned) or built whole (Stale). Usage: python r26b_run.py build --site S ..."""
from __future__ import annotations

import sys

from gkssg.search import incremental

_update = incremental.update


def update(*args, **kwargs):
    try:
        files = _update(*args, **kwargs)
    except incremental.Stale as err:
        print(f"R26B-STALE {err.__cause__!r}", file=sys.stderr)
        raise
    print(f"R26B-UPDATE {len(files)} files", file=sys.stderr)
    return files


incremental.update = update
_terms = incremental._Update._terms


def terms(self, affected, *args):
    remote = self.executor.remote or self.executor.jobs <= 1 or len(affected) < 2 * incremental.TERMS_PER_TASK
    print(f"R26B-AFFECTED {len(affected)} {'in-process' if remote else 'workers'}", file=sys.stderr)
    return _terms(self, affected, *args)


incremental._Update._terms = terms

if __name__ == "__main__":
    from gkssg.commands.cli import main
    sys.argv = ["gkssg", *sys.argv[1:]]
    sys.exit(main())
