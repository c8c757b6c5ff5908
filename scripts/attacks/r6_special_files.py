"""Round 6, target 6: special files where round 5 did not put them (fs/regular.py and its callers).

Each case: a fresh copy of a 20-document site with one special file, `gkssg build` (60 s limit), then the same
site built again (incremental). Expected: bounded time, a Chinese message with a GK code or a build that
skips/refuses the file; no traceback, no hang.

  content_loop_dir     content/loop -> .            (a folder symlink loop)
  content_loop_file    content/cqszfbgt/gen/x.md -> x.md
  content_socket       a unix socket content/cqszfbgt/gen/sock.md
  content_zero_md      content/cqszfbgt/gen/z.md -> /dev/zero
  attach_zero          d000002 attaches files/z.pdf -> /dev/zero
  attach_fifo_linked   d000002's body links files/p.pdf, a FIFO
  theme_static_zero    themes/default/static/z.css -> /dev/zero
  theme_template_fifo  themes/default/templates/extra.html, a FIFO
  theme_template_zero  themes/default/templates/z.html -> /dev/zero
  theme_static_loop    themes/default/static/loop -> ..   (a folder loop inside the theme)
  catalog_badge_fifo   catalog.yaml conac_badge: files/badge.png, a FIFO

Run: python scripts/attacks/r6_special_files.py [case ...]
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time

from r6_common import DATE, ENV, GEN, PY, fresh, site, verdict


def run_build(s, out, timeout=60):
    t = time.time()
    try:
        p = subprocess.run([PY, "-X", "faulthandler", "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(out),
                            "--date", DATE, "-j1"], capture_output=True, text=True, timeout=timeout, env=ENV)
        return p.returncode, time.time() - t, p.stdout + p.stderr
    except subprocess.TimeoutExpired as exc:
        return "HANG", time.time() - t, (exc.stderr or b"").decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")


def attach(s, line: str):
    p = s / GEN / "d000002.md"
    t = p.read_text(encoding="utf-8")
    p.write_text(t.replace("公开属性: 主动公开", f"附件:\n  - {{name: 附件一, file: {line}}}\n公开属性: 主动公开", 1), encoding="utf-8")


def case(name: str, s) -> object:
    g = s / GEN
    if name == "content_loop_dir":
        os.symlink(".", s / "content" / "loop")
    elif name == "content_loop_file":
        os.symlink("x.md", g / "x.md")
    elif name == "content_socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(g / "sock.md"))
        return sock
    elif name == "content_zero_md":
        os.symlink("/dev/zero", g / "z.md")
    elif name == "attach_zero":
        (g / "files").mkdir(exist_ok=True)
        os.symlink("/dev/zero", g / "files" / "z.pdf")
        attach(s, "files/z.pdf")
    elif name == "attach_fifo_linked":
        (g / "files").mkdir(exist_ok=True)
        os.mkfifo(g / "files" / "p.pdf")
        p = g / "d000002.md"
        p.write_text(p.read_text(encoding="utf-8") + "\n见[附件](files/p.pdf)。\n", encoding="utf-8")
    elif name.startswith("theme_"):
        static, templates = s / "themes/default/static", s / "themes/default/templates"
        static.mkdir(parents=True, exist_ok=True)
        templates.mkdir(parents=True, exist_ok=True)
        if name == "theme_static_zero":
            os.symlink("/dev/zero", static / "z.css")
        elif name == "theme_template_fifo":
            os.mkfifo(templates / "extra.html")
        elif name == "theme_template_zero":
            os.symlink("/dev/zero", templates / "z.html")
        elif name == "theme_static_loop":
            os.symlink("..", static / "loop")
    elif name == "catalog_badge_fifo":
        (s / "files").mkdir(exist_ok=True)
        os.mkfifo(s / "files" / "badge.png")
        c = s / "catalog.yaml"
        text = c.read_text(encoding="utf-8")
        if "conac_badge" in text:
            import re
            text = re.sub(r"conac_badge: .*", "conac_badge: files/badge.png", text)
        else:
            text = text.replace("\nsite:\n", "\nsite:\n  conac_badge: files/badge.png\n", 1) if "\nsite:\n" in text else text
        c.write_text(text, encoding="utf-8")
    return None


CASES = ["content_loop_dir", "content_loop_file", "content_socket", "content_zero_md", "attach_zero", "attach_fifo_linked",
         "theme_static_zero", "theme_template_fifo", "theme_template_zero", "theme_static_loop", "catalog_badge_fifo"]


def main(names):
    w = fresh("special")
    base = site(w, n=20)
    bad = []
    for name in names:
        s = w / name
        shutil.copytree(base, s, symlinks=True)
        keep = case(name, s)
        out = w / f"{name}-www"
        rc, took, said = run_build(s, out)
        rc2, took2, said2 = run_build(s, out)
        tb = "Traceback" in said + said2
        last = said.strip().splitlines()[-1][:120] if said.strip() else ""
        ok = rc != "HANG" and rc2 != "HANG" and not tb and took < 60
        if not verdict(name, ok, f"exit {rc} in {took:.1f} s, again {rc2} in {took2:.1f} s; traceback {tb}; said: {last}",
                       "bounded, a Chinese message or the file skipped; no traceback"):
            bad.append(name)
        if keep is not None:
            keep.close()
    return bad


if __name__ == "__main__":
    print("findings:", main(sys.argv[1:] or CASES))
