"""Round 28, target 2: FIFOs, devices, sockets, /proc and folders where a file is named (附件, body link, body
image, 媒体 poster/captions/file, a document, catalog.yaml, a stray file): no hang (60 s), no traceback, a
Chinese message with a rule code and the file:line."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

from r28_common import WORK, attack_sites, build, check

DOC = "content/ysq/2025-90023.md"
VIDEO = "content/ysq/2024-90005.md"


def attach(site, target):
    p = site / DOC
    p.write_text(p.read_text(encoding="utf-8").replace("files/bmb.docx", target), encoding="utf-8")


def body(site, text):
    p = site / DOC
    p.write_text(p.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def fifo(site, rel):
    os.mkfifo(site / rel)


def chardev(site, rel, major=1, minor=5):
    os.mknod(site / rel, 0o644 | 0o020000, os.makedev(major, minor))


def sock(site, rel):
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(site / rel))
    KEEP.append(s)


KEEP = []
F = "content/ysq/files/"
CASES = {
    "att-fifo": lambda s: (fifo(s, F + "p.docx"), attach(s, "files/p.docx")),
    "att-chardev-zero": lambda s: (chardev(s, F + "z.docx"), attach(s, "files/z.docx")),
    "att-chardev-tty": lambda s: (chardev(s, F + "t.docx", 5, 0), attach(s, "files/t.docx")),
    "att-socket": lambda s: (sock(s, F + "s.docx"), attach(s, "files/s.docx")),
    "att-link-to-fifo": lambda s: (fifo(s, F + "p2.docx"), os.symlink("p2.docx", s / F / "l.docx"), attach(s, "files/l.docx")),
    "att-link-devzero": lambda s: (os.symlink("/dev/zero", s / F / "dz.docx"), attach(s, "files/dz.docx")),
    "att-link-proc": lambda s: (os.symlink("/proc/self/environ", s / F / "pe.docx"), attach(s, "files/pe.docx")),
    "att-folder": lambda s: ((s / F / "d.docx").mkdir(), attach(s, "files/d.docx")),
    "att-folder-slash": lambda s: attach(s, "files/"),
    "att-dot": lambda s: attach(s, "."),
    "body-link-fifo": lambda s: (fifo(s, F + "p.docx"), body(s, "[表](files/p.docx)")),
    "body-img-fifo": lambda s: (fifo(s, "content/ysq/media/p.png"), body(s, "![图](media/p.png)")),
    "body-img-chardev": lambda s: (chardev(s, "content/ysq/media/z.png"), body(s, "![图](media/z.png)")),
    "body-link-socket": lambda s: (sock(s, F + "s.docx"), body(s, "[表](files/s.docx)")),
    "body-link-folder": lambda s: (body(s, "[表](files)")),
    "body-img-folder": lambda s: (body(s, "![图](media)")),
    "poster-fifo": lambda s: (os.unlink(s / "content/ysq/media/jd-poster.png"), fifo(s, "content/ysq/media/jd-poster.png")),
    "captions-fifo": lambda s: (os.unlink(s / "content/ysq/media/jd.zh.vtt"), fifo(s, "content/ysq/media/jd.zh.vtt")),
    "video-chardev": lambda s: (os.unlink(s / "content/ysq/media/jd.mp4"), chardev(s, "content/ysq/media/jd.mp4")),
    "stray-fifo": lambda s: fifo(s, "content/ysq/files/stray.pdf"),
    "doc-fifo": lambda s: fifo(s, "content/ysq/2026-99999.md"),
    "doc-chardev": lambda s: chardev(s, "content/ysq/2026-99998.md"),
    "catalog-fifo": lambda s: (os.unlink(s / "catalog.yaml"), fifo(s, "catalog.yaml")),
    "att-fifo-notpublic": lambda s: (fifo(s, F + "p.docx"), attach(s, "files/p.docx"),
                                     (s / DOC).write_text((s / DOC).read_text(encoding="utf-8").replace("主动公开", "依申请公开"),
                                                          encoding="utf-8")),
}

ENGLISH = re.compile(r"\b(Error|error|Traceback|No such|Permission|is not|not a)\b")
for name, make in CASES.items():
    if len(sys.argv) > 1 and name not in sys.argv[1:]:
        continue
    site = attack_sites.demo_copy(WORK, f"sp-{name}")
    make(site)
    for label, run in (("check", check), ("build", build)):
        try:
            r = run(site)
            rc = r.returncode
            lines = [l.strip() for l in (r.stdout + r.stderr).splitlines() if "错误" in l and "GK" in l]
            eng = [l for l in (r.stdout + r.stderr).splitlines() if ENGLISH.search(l)]
        except subprocess.TimeoutExpired:
            rc, lines, eng = "HANG(300s)", [], []
        print(f"{name:20} {label}: rc {rc}; {lines[:2]}; english {eng[:2]}", flush=True)
    KEEP.clear()
