"""Round 29: false positives of the new GK117 / GK722 / path handling: legitimate sites that must still build
(-j 1 and -j 2), with every file they name published and every link/image resolved."""
from __future__ import annotations

import os
import re
import shutil

from r29_common import WORK, append_body, attack_sites, build, tail

SRC = "content/ysq/2025-90023.md"


def twice(site):
    append_body(site / SRC, "![图一](media/yitu.png)\n\n![图二](media/yitu.png)\n\n![图三](./media/yitu.png?v=2#x)")
    append_body(site / "content/ysq/2021-90001.md", "![图](media/yitu.png)")
    return ["files/ysq/media/yitu.png"]


def shared_media(site):
    src = (site / "content/ysq/2025-90026.md").read_text(encoding="utf-8")
    (site / "content/ysq/2025-90099.md").write_text(
        src.replace("2025-90026", "2025-90099").replace("一图读懂《", "图解《"), encoding="utf-8")
    append_body(site / SRC, "![海报](media/jd-poster.png)")  # the 视频解读's poster as a body image too
    return ["files/ysq/media/yitu.png", "files/ysq/media/jd-poster.png", "docs/ZBJG0003-2025-90099.html"]


def self_link(site):
    append_body(site / SRC, "[本文](2025-90023.md)、[本文2](doc:ZBJG0003/2025-90023)、[本文3](./2025-90023.md#top)")
    return []


def spellings(site):
    append_body(site / SRC, "[a](files/bmb.docx) [b](./files/bmb.docx) [c](files/bmb%2Edocx) [d](files\\bmb.docx) "
                            "[e](files/bmb.docx?download=1) [f](files/../files/bmb.docx#p)")
    return ["files/ysq/files/bmb.docx"]


def percent_name(site):
    f = site / "content/ysq/files"
    shutil.copy(f / "bmb.docx", f / "100%完成.docx")
    shutil.copy(f / "bmb.docx", f / "a%2Fb.docx")
    append_body(site / SRC, "[百分](files/100%25完成.docx) [斜](files/a%252Fb.docx)")
    return ["files/ysq/files/100%完成.docx", "files/ysq/files/a%2Fb.docx"]


def alias_folder(site):
    os.symlink("files", site / "content/ysq/alias")
    os.symlink("media", site / "content/ysq/pics")
    append_body(site / SRC, "[别名](alias/bmb.docx) ![别名图](pics/yitu.png)")
    return ["files/ysq/alias/bmb.docx", "files/ysq/pics/yitu.png"]


def att_also_body(site):
    append_body(site / SRC, "[附件本身](files/bmb.docx) ![图](media/yitu.png)")
    md = site / "content/ysq/2021-90001.md"
    md.write_text(md.read_text(encoding="utf-8").replace("\n---\n", "\n附件:\n  - {name: 表, file: files/bmb.docx}\n---\n", 1)
                  if "附件:" not in md.read_text(encoding="utf-8") else md.read_text(encoding="utf-8"), encoding="utf-8")
    return ["files/ysq/files/bmb.docx"]


CASES = [twice, shared_media, self_link, spellings, percent_name, alias_folder, att_also_body]

if __name__ == "__main__":
    for case in CASES:
        for jobs in ("1", "2"):
            site = attack_sites.demo_copy(WORK, f"fp-{case.__name__}-{jobs}")
            want = case(site)
            b = build(site, "-j", jobs)
            out = site / "public"
            missing = [w for w in want if not (out / w).is_file()]
            page = (out / "docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8") if b.returncode == 0 else ""
            unpub = page.count("data-unpublished")
            raw = re.findall(r'(?:src|href)="(media/[^"]*|files/[^"]*|[^"]*\.md[^"]*)"', page)
            print(f"{case.__name__:14} -j{jobs}: rc {b.returncode}; missing {missing}; data-unpublished {unpub}; "
                  f"raw relative {raw[:4]}" + ("" if b.returncode == 0 else " :: " + tail(b, 300).replace("\n", " ")),
                  flush=True)
