"""`gkssg init DIR`: a new site with the standard catalogue, one example document and a staff README."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from ..errors import GkssgError

TEMPLATE_FILES = {
    "catalog.yaml": "catalog.yaml",
    "content/README.md": "content-README.md",
    "content/bgs/example.md": "example.md",
    ".gitignore": "gitignore",
}


def init_site(directory: Path, today: dt.date | None = None) -> list[Path]:
    """Create a site in `directory` (which must be empty or absent). Returns the files written."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise GkssgError(f"目录 {directory} 不是空目录；请指定一个新目录，避免覆盖已有文件")
    today = today or dt.date.today()
    written = []
    for target, name in TEMPLATE_FILES.items():
        text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
        text = text.replace("{{TODAY}}", today.isoformat()).replace("{{YEAR}}", str(today.year))
        path = directory / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
