"""Round 34, A: GK728 routes. A demo copy with content/ysq/.drafts/ (secret.pdf, secret.png, secret.webm, secret.vtt),
content/ysq/files/.secret.pdf, and a nested .git; each case makes one mutation (a body link, raw HTML, 附件, 媒体,
symlinks, `..`, %2E, look-alikes), then check + build; whether SECRETMARK reaches public/ and which codes check says.
Also false positives: `./files/bmb.docx`, `../ysq/files/bmb.docx`, a folder named `..x` is hidden (it starts with '.')."""
from __future__ import annotations

import os
import re
import sys

from r33_common import build, check, codes, demo

SECRET = b"SECRETMARK"


def seed(ysq):
    d = ysq / ".drafts"
    d.mkdir()
    pdf = (ysq / "files/ysfa.pdf").read_bytes()
    (d / "secret.pdf").write_bytes(pdf + b"\n%SECRETMARK\n")
    (d / "secret.png").write_bytes((ysq / "media/yitu.png").read_bytes() + SECRET)
    (d / "secret.webm").write_bytes((ysq / "media/jd.webm").read_bytes() + SECRET)
    (d / "secret.mp4").write_bytes((ysq / "media/jd.mp4").read_bytes() + SECRET)
    (d / "secret.vtt").write_bytes((ysq / "media/jd.zh.vtt").read_bytes() + b"\nNOTE SECRETMARK\n")
    (ysq / "files/.secret.pdf").write_bytes(pdf + b"\n%SECRETMARK\n")


def body(text):
    def m(site, ysq):
        md = ysq / "2025-90023.md"
        md.write_text(md.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")
    return m


def fm(old, new, doc="2025-90003.md"):
    def m(site, ysq):
        md = ysq / doc
        t = md.read_text(encoding="utf-8")
        assert old in t, old
        md.write_text(t.replace(old, new, 1), encoding="utf-8")
    return m


def both(*ms):
    def m(site, ysq):
        for f in ms:
            f(site, ysq)
    return m


def symlink(link, target):
    def m(site, ysq):
        os.symlink(target, ysq / link)
    return m


CASES = {
    "plain": body("[x](.drafts/secret.pdf)"),
    "pct-2E": body("[x](%2Edrafts/secret.pdf)"),
    "pct-2e-file": body("[x](files/%2esecret.pdf)"),
    "dotdot-into": body("[x](files/../.drafts/secret.pdf)"),
    "dotdot-agency": body("[x](../ysq/.drafts/secret.pdf)"),
    "abs-content": body("[x](/content/ysq/.drafts/secret.pdf)"),
    "angle": body("[x](<.drafts/secret.pdf>)"),
    "refdef": body("[x][s]\n\n[s]: .drafts/secret.pdf"),
    "autolink-ref-img": body("![x][s]\n\n[s]: .drafts/secret.png"),
    "raw-a": body('<a href=".drafts/secret.pdf">x</a>'),
    "raw-img": body('<img src=".drafts/secret.png" alt="x">'),
    "raw-img-srcset": body('<img src="media/yitu.png" srcset=".drafts/secret.png 2x" alt="x">'),
    "raw-video": body('<video src=".drafts/secret.webm"></video>'),
    "raw-source": body('<video><source src=".drafts/secret.mp4"></video>'),
    "raw-track": body('<video src="media/jd.webm"><track src=".drafts/secret.vtt"></video>'),
    "raw-object": body('<object data=".drafts/secret.pdf"></object>'),
    "raw-embed": body('<embed src=".drafts/secret.pdf">'),
    "raw-iframe": body('<iframe src=".drafts/secret.pdf"></iframe>'),
    "raw-a-entity": body('<a href="&#46;drafts/secret.pdf">x</a>'),
    "raw-a-entity-hex": body('<a href="&#x2e;drafts/secret.pdf">x</a>'),
    "fm-attach": fm("file: files/sbb.docx", "file: .drafts/secret.pdf"),
    "fm-attach-dot": fm("file: files/sbb.docx", "file: files/.secret.pdf"),
    "fm-attach-dotdot": fm("file: files/sbb.docx", "file: files/../.drafts/secret.pdf"),
    "fm-attach-pct": fm("file: files/sbb.docx", "file: files/%2Esecret.pdf"),
    "media-file": fm("file: media/yitu.png", "file: .drafts/secret.png", "2025-90026.md"),
    "media-video": fm("file: [media/jd.webm, media/jd.mp4]", "file: [.drafts/secret.webm, media/jd.mp4]", "2024-90005.md"),
    "media-poster": fm("poster: media/jd-poster.png", "poster: .drafts/secret.png", "2024-90005.md"),
    "media-captions": fm("captions: media/jd.zh.vtt", "captions: .drafts/secret.vtt", "2024-90005.md"),
    "sym-file": both(symlink("files/pub.pdf", "../.drafts/secret.pdf"), body("[x](files/pub.pdf)")),
    "sym-dir": both(symlink("pub", ".drafts"), body("[x](pub/secret.pdf)")),
    "sym-dir-attach": both(symlink("pub", ".drafts"), fm("file: files/sbb.docx", "file: pub/secret.pdf")),
    "sym-dir-media": both(symlink("pub", ".drafts"), fm("poster: media/jd-poster.png", "poster: pub/secret.png",
                                                         "2024-90005.md")),
    "sym-abs": both(lambda s, y: os.symlink(str(y / ".drafts/secret.pdf"), y / "files/pub.pdf"), body("[x](files/pub.pdf)")),
    "sym-chain": both(symlink("files/a.pdf", "b.pdf"), symlink("files/b.pdf", "../.drafts/secret.pdf"),
                      body("[x](files/a.pdf)")),
    "fullwidth-dot": both(lambda s, y: (y / ".drafts").rename(y / "\uff0edrafts"), body("[x](\uff0edrafts/secret.pdf)")),
    "onedot-leader": both(lambda s, y: (y / ".drafts").rename(y / "\u2024drafts"), body("[x](\u2024drafts/secret.pdf)")),
    "trailing-dot": both(lambda s, y: (y / ".drafts").rename(y / "drafts."), body("[x](drafts./secret.pdf)")),
    "img-in-link": body("[![x](.drafts/secret.png)](files/bmb.docx)"),
    "footnote": body("见注释[^1]。\n\n[^1]: [草稿](.drafts/secret.pdf)"),
    "table-cell": body("| a | b |\n|---|---|\n| [x](.drafts/secret.pdf) | 2 |"),
    "details-raw": body('<details><summary>附件</summary><a href=".drafts/secret.pdf">x</a></details>'),
    "picture-source": body('<picture><source srcset=".drafts/secret.png"><img src="media/yitu.png" alt="x"></picture>'),
    "double-slash": body("[x](files//.secret.pdf)"),
    "pct-slash": body("[x](.drafts%2Fsecret.pdf)"),
    "attach-dslash": fm("file: files/sbb.docx", "file: files//.secret.pdf"),
    "attach-dot-mid": fm("file: files/sbb.docx", "file: files/./.secret.pdf"),
    "query-frag": body("[x](.drafts/secret.pdf?v=1#page=2)"),
    "heading-link": body("## [x](.drafts/secret.pdf)"),
    # false positives
    "fp-dot-slash": body("[x](./files/bmb.docx)"),
    "fp-dotdot-other": body("[x](../ysq/files/bmb.docx)"),
    "fp-mid-dot": body("[x](files/./bmb.docx)"),
    "fp-attach-dot-slash": fm("file: files/sbb.docx", "file: ./files/sbb.docx"),
    "fp-drafts-back": body("[x](.drafts/../files/bmb.docx)"),
}


def run(name):
    site = demo(f"hidden-{name}")
    ysq = site / "content/ysq"
    seed(ysq)
    CASES[name](site, ysq)
    c = check(site)
    b = build(site)
    leaked = []
    pub = site / "public"
    if pub.is_dir():
        for p in pub.rglob("*"):
            if p.is_file() and SECRET in p.read_bytes():
                leaked.append(p.relative_to(pub).as_posix())
    cc = [x for x in codes(c) if x not in ("GK402", "GK515", "GK770", "GK921")]
    tail = re.sub(r"\s+", " ", (b.stdout + b.stderr).strip().splitlines()[-1] if (b.stdout + b.stderr).strip() else "")[:90]
    flag = "LEAK" if leaked else ""
    print(f"{name:20} check rc {c.returncode} {cc} | build rc {b.returncode} {codes(b)} leaked {leaked} {flag} | {tail}",
          flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or list(CASES):
        run(n)
