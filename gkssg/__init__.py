"""gkssg: a static-site generator for the 政府信息公开 column of Chinese government websites.

The packages are the stages of a build, in order: load → checks → features → render →
build (with incremental) → search → deploy; serve and commands sit on top. See
docs/architecture.md.
"""

import hashlib
from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN_THEMES = PACKAGE_DIR.parent / "themes"

_CODE_DIGEST: list[str] = []


def code_digest() -> str:
    """Digest of gkssg's own source: a changed renderer or rule (even without a new version
    number, as in a development checkout) must not reuse what the old code produced."""
    if not _CODE_DIGEST:
        h = hashlib.blake2b(digest_size=12)
        package = PACKAGE_DIR
        for path in sorted(package.rglob("*.py")):
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
        _CODE_DIGEST.append(h.hexdigest())
    return _CODE_DIGEST[0]
