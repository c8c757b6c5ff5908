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


_RENDERING_LIBRARIES = ("markdown", "nh3", "jinja2", "yaml")


def _installed(library: str) -> str:
    """Which installation of `library` would be imported: its entry file, size and modification time (an upgrade
    rewrites it). Without importing it: `importlib.metadata` took 50 ms of every no-op build, this 0.5 ms."""
    import importlib.util
    import os
    try:
        origin = importlib.util.find_spec(library).origin or ""
        info = os.stat(origin)
    except (AttributeError, ImportError, OSError, ValueError):
        return f"{library} ?"
    return f"{library} {origin} {info.st_size} {info.st_mtime_ns}"


def code_digest() -> str:
    """Digest of gkssg's own source: a changed renderer or rule (even without a new version
    number, as in a development checkout) must not reuse what the old code produced. The versions of
    the libraries that make a page's HTML are part of it: after `pip install -U markdown` the cached
    bodies and their link targets are made again (hostile round 35b, row 28)."""
    if not _CODE_DIGEST:
        h = hashlib.blake2b(digest_size=12)
        package = PACKAGE_DIR
        for path in sorted(package.rglob("*.py")):
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
        for library in _RENDERING_LIBRARIES:
            h.update(_installed(library).encode() + b"\0")
        _CODE_DIGEST.append(h.hexdigest())
    return _CODE_DIGEST[0]
