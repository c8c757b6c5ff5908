"""gkssg: a static-site generator for the 政府信息公开 column of Chinese government websites.

The packages are the stages of a build, in order: load → checks → features → render →
build (with incremental) → search → deploy; serve and commands sit on top. See
docs/architecture.md.
"""

from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN_THEMES = PACKAGE_DIR.parent / "themes"
