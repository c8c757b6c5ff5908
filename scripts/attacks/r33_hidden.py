"""Round 33, D: files in a hidden folder under content/ (gkssg never reads hidden folders: drafts, .git) linked from a
public body, plainly and through attr_list: `[x](.drafts/secret.pdf)`, `[x](files/bmb.docx){: href=".drafts/secret.pdf"}`,
the same for .txt and for a nested repository's .git/description. Check codes, build rc, and whether the file's bytes
reach the output."""
from __future__ import annotations

import sys

from r33_common import build, check, codes, demo

LINKS = {
    "plain-pdf": "[x](.drafts/secret.pdf)",
    "attr-pdf": '[x](files/bmb.docx){: href=".drafts/secret.pdf"}',
    "plain-txt": "[x](.drafts/secret.txt)",
    "attr-txt": '[x](files/bmb.docx){: href=".drafts/secret.txt"}',
    "attr-img-png": '![x](media/yitu.png){: src=".drafts/secret.png"}',
    "plain-dotfile": "[x](files/.secret.pdf)",
    "attr-git": '[x](files/bmb.docx){: href=".git/description.txt"}',
}


def main(names):
    for name in names:
        site = demo(f"hidden-{name}")
        ysq = site / "content/ysq"
        (ysq / ".drafts").mkdir()
        (ysq / ".drafts/secret.pdf").write_bytes((ysq / "files/ysfa.pdf").read_bytes() + b"\n%SECRETMARK\n")
        (ysq / ".drafts/secret.txt").write_text("SECRETMARK 草稿", encoding="utf-8")
        (ysq / ".drafts/secret.png").write_bytes((ysq / "media/yitu.png").read_bytes() + b"SECRETMARK")
        (ysq / "files/.secret.pdf").write_bytes((ysq / "files/ysfa.pdf").read_bytes() + b"\n%SECRETMARK\n")
        (ysq / ".git").mkdir()
        (ysq / ".git/description.txt").write_text("SECRETMARK git", encoding="utf-8")
        md = ysq / "2025-90023.md"
        md.write_text(md.read_text(encoding="utf-8") + "\n\n" + LINKS[name] + "\n", encoding="utf-8")
        c = check(site)
        b = build(site)
        leaked = []
        if b.returncode == 0:
            for p in (site / "public").rglob("*"):
                if p.is_file() and b"SECRETMARK" in p.read_bytes():
                    leaked.append(p.relative_to(site / "public").as_posix())
        print(f"{name:12} check rc {c.returncode} {codes(c)[:7]} build rc {b.returncode} leaked {leaked}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(LINKS))
