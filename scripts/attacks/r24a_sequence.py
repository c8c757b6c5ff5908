"""A sequence of content and catalog changes on a site with page_size 3 (many deep pages): after each step,
incremental build vs clean build byte for byte, a crawl (broken links, orphan deep pages) and a byte grep of
the whole output for every document that is withheld at that step (依申请公开 or 发布日期 after --date).

    PYTHONPATH=$PWD python scripts/attacks/r24a_sequence.py [N]
"""
import shutil
import sys
from pathlib import Path

from r24a_common import DATE, build, check_all, docs, generate, page_size, say, set_field

N = int(sys.argv[1]) if len(sys.argv) > 1 else 60
site = generate("seq", N)
page_size(site, 3)
rc, out = build(site)
assert rc == 0, out
withheld = {}  # path → title


def secrets():
    return [t for t in withheld.values()]


STD = {"标题", "索引号", "发布机构", "主题分类", "体裁分类", "成文日期", "发布日期", "公开属性", "公开路径", "关键词",
       "内容概述", "发文字号", "有效性"}


def simple(path, fm):
    """No relation, attachment or feature key, and no other document names its 索引号 or title."""
    if set(fm) - STD or "](" in path.read_text(encoding="utf-8"):
        return False
    others = "".join(q.read_text(encoding="utf-8") for q in Path(site, "content").rglob("*.md") if q != path)
    return fm["索引号"] not in others and fm["标题"] not in others


def oldest(k=0):
    items = sorted(((p, fm) for p, fm in docs(site).items() if simple(p, fm)),
                   key=lambda kv: (kv[1]["发布日期"], kv[1]["索引号"]))
    return items[k]


def mark(path, tag):
    """Give a document a unique title (built while public), so a later grep cannot hit another page."""
    set_field(path, "标题", f"R24A标记{tag}号文件")
    return f"R24A标记{tag}号文件"


def new_doc(like, serial, title, published):
    src, fm = like
    code, rest = fm["索引号"].split("/")
    year = published[:4]
    dst = src.parent.parent / year / f"{serial:05d}.md"
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(src, dst)
    set_field(dst, "索引号", f"{code}/{year}-{serial:05d}")
    set_field(dst, "标题", title)
    set_field(dst, "发布日期", published)
    set_field(dst, "成文日期", published)
    return dst


def step(label, date=DATE):
    check_all(site, label, date, secrets())


p0, fm0 = oldest(0)
p5, fm5 = oldest(5)
p9, fm9 = oldest(9)
for i, p in enumerate((p0, p5, p9)):
    mark(p, i)
for k in range(0, 12, 2):
    mark(oldest(k)[0], 100 + k)
step("unique titles on the oldest simple documents (all public)")
fm0, fm5, fm9 = (docs(site)[p] for p in (p0, p5, p9))


say("oldest:", p0, fm0["发布日期"], "5th:", p5, fm5["发布日期"])

# 1 withdraw a document on index_1 (the oldest page)
set_field(p0, "公开属性", "依申请公开")
withheld[p0] = fm0["标题"]
step("withdraw the oldest document (index_1)")
# 2 a backdated addition older than everything
a = new_doc((p5, fm5), 90001, "R24A回溯新增文件甲", "2015-03-03")
step("backdated addition older than all")
# 3 a tie: same 发布日期 as the 5th oldest, smaller and larger 索引号
b = new_doc((p5, fm5), 90002, "R24A同日新增文件乙", fm5["发布日期"])
c = new_doc((p5, fm5), 1, "R24A同日新增文件丙", fm5["发布日期"]) if not (p5.parent / "00001.md").exists() else None
step("same-day additions (tie order)")
# 4 title edit of a document on a deep page
set_field(p9, "标题", fm9["标题"] + "（R24A改题）")
step("title edit on a deep page")
# 5 move a deep document into the future
set_field(p5, "发布日期", "2027-06-01")
withheld[p5] = fm5["标题"]
step("deep document's 发布日期 moved into the future")
# 6 the build date moves past it, then back
del withheld[p5]
step("--date 2027-07-01 (it is public now)", "2027-07-01")
withheld[p5] = fm5["标题"]
step("--date back to DATE")
# 7 republish the withdrawn oldest
set_field(p0, "公开属性", "主动公开")
del withheld[p0]
step("republish the oldest")
# 8 不予公开 of the backdated addition
set_field(a, "公开属性", "不予公开")
withheld[a] = "R24A回溯新增文件甲"
step("不予公开 the backdated addition")
# 9 column move (公开路径) of a deep-page document
p3, fm3 = oldest(3)
set_field(p3, "公开路径", docs(site)[oldest(20)[0]]["公开路径"])
step("column move of a deep-page document")
# 10 page_size 3 → 2 → 7 → 1 → 1000 → 3
for s in (2, 7, 1, 1000, 3):
    page_size(site, s)
    step(f"page_size {s}")
# 11 delete a file, rename a file
b.unlink()
withheld[b] = "R24A同日新增文件乙"
step("delete a same-day addition")
p7, fm7 = oldest(7)
p7.rename(p7.with_name("99999.md"))
step("rename a deep-page document's file")
# 12 withdraw many at once: every page from the 4th oldest up shrinks
for k in range(0, 12, 2):
    p, fm = oldest(k)
    if fm.get("公开属性") == "主动公开":
        set_field(p, "公开属性", "依申请公开")
        withheld[p] = fm["标题"]
step("withdraw 6 old documents")
# 13 --date far back: most documents are future
step("--date 2019-01-01", "2019-01-01")
step("--date back to DATE")
