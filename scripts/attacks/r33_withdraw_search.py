"""Round 33, D: a public document with unique words in its title and body, built; then withdrawn (依申请公开), or
future-dated, or deleted, and built incrementally (one edit); every output byte (search pieces decompressed) searched
for its words, 索引号 and page name, and `gkssg search` for its words; the result compared with a clean build."""
from __future__ import annotations

import re
import shutil
import sys

from r33_common import WORK, build, demo, gk, set_field, tree
from r33_leak import pieces

DOC = "content/ydz/2024-90001.md"
WORDS = ["紫罗兰蝴蝶密语", "蝴蝶密语通知", "ZBJG0004/2024-90001", "ZBJG0004-2024-90001"]


def scan(root):
    hits = {}
    for rel, data in pieces(root):
        for w in WORDS:
            if w.encode() in data:
                hits.setdefault(w, []).append(rel)
    return hits


def main(kinds):
    for kind in kinds:
        site = demo(f"wds-{kind}")
        md = site / DOC
        t = md.read_text(encoding="utf-8")
        t = re.sub(r"^标题: .*$", "标题: 关于紫罗兰蝴蝶密语通知", t, count=1, flags=re.M) + "\n紫罗兰蝴蝶密语正文。\n"
        md.write_text(t, encoding="utf-8")
        assert build(site).returncode == 0
        print(kind, "before:", sorted(scan(site / "public")))
        if kind == "withhold":
            set_field(md, "公开属性", "依申请公开")
        elif kind == "future":
            set_field(md, "发布日期", "2027-01-01")
        elif kind == "delete":
            md.unlink()
        elif kind == "move":  # renamed into a hidden folder
            (site / "content/ydz/.drafts").mkdir()
            md.rename(site / "content/ydz/.drafts/x.md")
        r = build(site, "-v")
        fast = [x for x in (r.stdout + r.stderr).splitlines() if "快速" in x][:1]
        hits = scan(site / "public")
        s = gk("search", "紫罗兰蝴蝶密语", "--json", cwd=str(site))
        ref = WORK / f"wds-{kind}-ref"
        shutil.rmtree(ref, ignore_errors=True)
        shutil.copytree(site, ref, ignore=shutil.ignore_patterns("public", ".gkssg", ".public*"))
        build(ref)
        same = tree(site / "public") == tree(ref / "public")
        print(f"   after {kind}: rc {r.returncode} {fast} leaks {hits} | search hits {s.stdout.count('紫罗兰')} | = clean {same}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ["withhold", "future", "delete", "move"])
