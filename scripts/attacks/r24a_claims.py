"""The claims of render/paging.py measured on the output: which listing pages a change rewrites (inode and
mtime of every deep page before/after), and catalog changes (a column's slug renamed, so its deep pages
move to another folder) checked against a clean build.

Claims: a new document at the top rewrites the front page only (plus the newest deep page when the front
page overflows); a backdated one or a withdrawal rewrites the front page and the deep pages from its place
to the top, never an older deep page.

    PYTHONPATH=$PWD python scripts/attacks/r24a_claims.py
"""
import re
import shutil
from pathlib import Path

from r24a_common import build, check_all, docs, generate, listing_pages, page_size, say, set_field

site = generate("claims", 60)
page_size(site, 3)
rc, out = build(site)
assert rc == 0, out
pub = Path(site) / "public"


def stamp():
    return {p: ((pub / p).stat().st_ino, (pub / p).stat().st_mtime_ns) for p in listing_pages(pub)}


def rewritten(label, expect_max_root):
    before = stamp()
    rc, out = build(site)
    assert rc == 0, out
    after = stamp()
    changed = sorted(p for p in after if before.get(p) != after[p])
    root = sorted((int(re.search(r"_(\d+)", p).group(1)) for p in changed if re.fullmatch(r"zwgk/index_\d+\.html", p)))
    bad = [k for k in root if k < expect_max_root]
    say(f"{'BROKEN' if bad else 'holds '}\t{label}\t{len(changed)} deep pages rewritten; zwgk deep pages {root}"
        f" (older than index_{expect_max_root} rewritten: {bad})")
    return changed


def simple():
    keys = {"标题", "索引号", "发布机构", "主题分类", "体裁分类", "成文日期", "发布日期", "公开属性", "公开路径", "关键词",
            "内容概述", "发文字号", "有效性"}
    texts = {q: q.read_text(encoding="utf-8") for q in Path(site, "content").rglob("*.md")}
    out = []
    for p, fm in docs(site).items():
        rest = "".join(t for q, t in texts.items() if q != p)
        if "](" not in texts[p] and not set(fm) - keys and fm["索引号"] not in rest and fm["标题"] not in rest:
            out.append((p, fm))
    return sorted(out, key=lambda kv: (kv[1]["发布日期"], kv[1]["索引号"]))


n_deep = len([p for p in listing_pages(pub) if re.fullmatch(r"zwgk/index_\d+\.html", p)])
src, fm = simple()[-1]
new = src.parent / "00888.md"
shutil.copy(src, new)
set_field(new, "索引号", fm["索引号"].rsplit("-", 1)[0] + "-00888")
set_field(new, "标题", "R24A最新新增")
set_field(new, "发布日期", "2026-12-01")
rewritten("a new document at the top", n_deep)
set_field(new, "标题", "R24A最新新增（改题）")
rewritten("title edit of the newest document", n_deep + 1)
# where does a document sit? zwgk deep page holding it
def page_of(p):
    name = docs(site)[p]["索引号"].replace("/", "-") + ".html"
    for q in listing_pages(pub):
        if q.startswith("zwgk/index_") and name in (pub / q).read_text(encoding="utf-8"):
            return int(re.search(r"_(\d+)", q).group(1))
    return None


def column_mates(p):
    path = docs(site)[p]["公开路径"]
    return sum(1 for q, fm in docs(site).items() if q != p and fm["公开路径"] == path and fm["公开属性"] == "主动公开")


cands = simple()
for label, pick in (("its column keeps other documents", lambda c: [x for x in c if column_mates(x[0]) >= 2]),
                    ("the only document of its column", lambda c: [x for x in c if column_mates(x[0]) == 0])):
    chosen = pick(cands)
    if not chosen:
        say("no candidate:", label)
        continue
    mid = chosen[len(chosen) // 3]
    k = page_of(mid[0])
    set_field(mid[0], "公开属性", "依申请公开")
    rewritten(f"withdrawal of a document on zwgk/index_{k} ({label})", k or 1)
    set_field(mid[0], "公开属性", "主动公开")
    rewritten(f"republication (index_{k}, {label})", k or 1)
check_all(site, "after the claims steps")
cat = Path(site) / "catalog.yaml"
text = cat.read_text(encoding="utf-8")
cat.write_text(text.replace("slug: zfxxgk\n", "slug: zfxxgk2\n", 1), encoding="utf-8")
check_all(site, "a column's slug renamed (zfxxgk → zfxxgk2)")
