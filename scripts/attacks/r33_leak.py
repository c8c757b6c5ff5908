"""Round 33, D: a withheld (依申请公开) and a future-dated (2027-06-01) document with unique markers in title, body,
keywords, summary, 发文字号 and (the future one) an attachment of its own, linked from a public document in the
spellings the checks read differently from the page (row 8: a query on .md, unquoted attributes, a reference inside
a blockquote). Built, bundled; every output byte (search pieces and the bundle decompressed) searched for the
markers, the 索引号 and the file names."""
from __future__ import annotations

import gzip
import io
import re
import tarfile

from r33_common import DATE, build, check, codes, demo, gk

HELD = """---
标题: 隐秘甲标题
索引号: ZBJG0003/2025-90071
发文字号: 隐甲发〔2025〕71号
发布机构: 演示市演示区人民政府
主题分类: 劳动、人事、监察
体裁分类: 公告
成文日期: 2025-10-28
发布日期: 2025-10-28
关键词: 隐秘甲词
内容概述: 隐秘甲概述
公开属性: 依申请公开
公开路径:
  - 法定主动公开内容>公务员招考
---
隐秘甲正文。
"""
FUTURE = HELD.replace("隐秘甲", "未来乙").replace("隐甲", "未乙").replace("2025-90071", "2025-90072") \
    .replace("公开属性: 依申请公开", "公开属性: 主动公开\n附件:\n  - {name: 未来乙附件名, file: files/wlyi-only.pdf}") \
    .replace("发布日期: 2025-10-28", "发布日期: 2027-06-01")
LINKS = """

[甲a](doc:ZBJG0003/2025-90071) [乙a](doc:ZBJG0003/2025-90072)
[甲b](2025-90071.md?v=1) [乙b](2025-90072.md?)
![甲c](2025-90071.md?v=1) <img alt=乙c src=2025-90072.md> <a href=2025-90071.md>甲d</a>
<img alt="a>b" src="2025-90072.md"> <a data-x="1" href="2025-90071.md#x">甲e</a>

> [甲f][q1] ![乙f][q2]
>
> [q1]: 2025-90071.md
> [q2]: 2025-90072.md

- [乙g][q3]

    [q3]: 2025-90072.md?x
"""
MARKS = ["隐秘甲", "未来乙", "隐甲发", "未乙发", "2025-90071", "2025-90072", "wlyi-only", "WLYIMARK"]


def pieces(root):
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.is_symlink():
            continue
        data = p.read_bytes()
        rel = p.relative_to(root).as_posix()
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        if rel.endswith((".tar.gz", ".tgz")) or data[257:262] == b"ustar":
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                for m in tar.getmembers():
                    if m.isfile():
                        inner = tar.extractfile(m).read()
                        if inner[:2] == b"\x1f\x8b":
                            try:
                                inner = gzip.decompress(inner)
                            except OSError:
                                pass
                        yield f"{rel}!{m.name}", inner
            continue
        yield rel, data


def scan(root):
    hits = {}
    for rel, data in pieces(root):
        for mark in MARKS:
            for form in {mark.encode(), mark.encode("utf-16-le"), re.sub(r"[/]", "-", mark).encode()}:
                if form in data:
                    hits.setdefault(mark, []).append(rel)
    return hits


def main():
    site = demo("leak")
    ysq = site / "content/ysq"
    (ysq / "2025-90071.md").write_text(HELD, encoding="utf-8")
    (ysq / "2025-90072.md").write_text(FUTURE, encoding="utf-8")
    (ysq / "files/wlyi-only.pdf").write_bytes((ysq / "files/ysfa.pdf").read_bytes() + b"\n%WLYIMARK\n")
    pub = ysq / "2025-90023.md"
    pub.write_text(pub.read_text(encoding="utf-8") + LINKS, encoding="utf-8")
    c = check(site)
    print("check rc", c.returncode, codes(c))
    b = build(site)
    print("build rc", b.returncode, codes(b), (b.stdout + b.stderr).strip().splitlines()[-1][:100])
    if b.returncode:
        print((b.stdout + b.stderr)[-2500:])
        return
    bd = gk("bundle", "--site", str(site), "--date", DATE, "--out", str(site / "dist") + "/")
    print("bundle rc", bd.returncode)
    print("leaks in public/:", scan(site / "public"))
    print("leaks in dist/:", scan(site / "dist"))
    page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
    i = page.find("甲a")
    print("page:", re.sub(r"\s+", " ", page[i - 40:i + 900]))
    # the day it is published: the future one appears, the withheld one never
    b2 = gk("build", "--site", str(site), "--date", "2027-06-01", "-j", "1")
    h = scan(site / "public")
    print("2027-06-01 build rc", b2.returncode, "withheld marks:", {k: v[:3] for k, v in h.items() if "甲" in k or "90071" in k})


if __name__ == "__main__":
    main()
