"""Attack E: `.gkssg-output` marker edge cases.
  folder / symlink / garbage / empty / marker-in-subfolder: a non-empty --out holding a user's file
      and such a "marker" must be refused (GK051), the user's file untouched
  copied: a user's web root that received a copy of a build (cp -r public/. www/, so the real
      marker too) plus the user's own files (upload/, .htaccess, a symlink to a precious folder).
      `gkssg build --out www` twice: are the user's files deleted? Is anything behind the symlink?
Run: .venv/bin/python scripts/attacks/e_marker.py"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b_kill9_build import DATE, PY, sitegen  # noqa: E402

MARKER = ".gkssg-output"
TEXT = "本目录由 gkssg 生成，每次构建都会整体替换；请勿在此存放其他文件。\n"


def build(site, out):
    r = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out", str(out), "--date", DATE],
                       capture_output=True, text=True)
    return r.returncode, r.stderr


def main():
    tmp = Path(tempfile.mkdtemp(prefix="h4m-"))
    site = sitegen.generate(tmp / "site", 5)
    bad = 0
    precious = tmp / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("precious")
    variants = {
        "folder": lambda m: m.mkdir(),
        "symlink": lambda m: m.symlink_to(tmp / "site/public-real-marker"),
        "garbage": lambda m: m.write_bytes(os.urandom(300)),
        "empty": lambda m: m.write_bytes(b""),
        "bom": lambda m: m.write_bytes(b"\xef\xbb\xbf" + TEXT.encode()),
        "crlf_prefix_ok": lambda m: m.write_bytes(TEXT.split("\n")[0].encode() + b"\r\n"),
        "fifo": lambda m: os.mkfifo(m),
    }
    (tmp / "site/public-real-marker").write_text(TEXT)
    for name, plant in variants.items():
        out = tmp / f"out-{name}"
        out.mkdir()
        (out / "user.txt").write_text("用户文件")
        plant(out / MARKER)
        code, err = build(site, out)
        kept = (out / "user.txt").exists() or any(p.name == "user.txt" for p in tmp.glob(f".out-{name}*/*"))
        last = err.strip().splitlines()[-1][:120] if err.strip() else ""
        expect_refuse = name not in ("crlf_prefix_ok",)
        problems = []
        if "Traceback" in err:
            problems.append("traceback")
        if expect_refuse and code == 0:
            problems.append("accepted a folder holding a user's file")
        if not (out / "user.txt").exists():
            problems.append("user.txt no longer in --out" + (" (moved to spare)" if kept else " (DELETED)"))
        print(f"{'BAD ' if problems else 'ok  '} marker {name}: exit {code} {problems} {last!r}")
        bad += bool(problems)

    # copied: a web root that got a copy of a build plus the user's own files
    built = tmp / "built"
    assert build(site, built)[0] == 0
    www = tmp / "www"
    shutil.copytree(built, www)
    (www / "upload").mkdir()
    (www / "upload/申请表.docx").write_text("user upload")
    (www / ".htaccess").write_text("Options -Indexes")
    (www / "link-to-precious").symlink_to(precious)
    code1, err1 = build(site, www)
    code2, err2 = build(site, www)
    d = sitegen.FOLDER
    p = site / d / "d000001.md"  # withdraw one doc (no spare kept) and build again
    p.write_text(p.read_text("utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"), "utf-8")
    code3, err3 = build(site, www)
    survivors = [str(x.relative_to(tmp)) for x in tmp.rglob("申请表.docx")]
    problems = []
    if code1 == 0:
        problems.append("replaced a folder holding files gkssg never wrote (marker copied along)")
    if not survivors:
        problems.append("user's upload/申请表.docx DELETED")
    if not (precious / "keep.txt").exists():
        problems.append("file behind a symlink DELETED")
    print(f"{'BAD ' if problems else 'ok  '} copied marker + user files: exits {code1},{code2},{code3} {problems} "
          f"upload now at {survivors} msg={(err1.strip().splitlines() or [''])[-1][:100]!r}")
    bad += bool(problems)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
