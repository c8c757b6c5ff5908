"""Two output folders, one cache: build into public/, withdraw a document sitting on a deep page and build
into OTHER (--out), then build public/ again: its deep pages were "unchanged" for the cache's last build
(into OTHER), but public/ still holds the withdrawn title unless gkssg notices. Also an empty site
(--date before every 发布日期: n = 0 everywhere) and back.

    PYTHONPATH=$PWD python scripts/attacks/r24a_outs.py
"""
from pathlib import Path

from r24a_common import build, check_all, crawl, docs, generate, grep_out, page_size, say, set_field

site = generate("outs", 40)
page_size(site, 3)
rc, out = build(site)
assert rc == 0, out
other = Path(str(site) + "-other")
items = sorted(((p, fm) for p, fm in docs(site).items() if "](" not in p.read_text(encoding="utf-8")),
               key=lambda kv: (kv[1]["发布日期"], kv[1]["索引号"]))
for p, fm in items:
    rest = "".join(q.read_text(encoding="utf-8") for q in Path(site, "content").rglob("*.md") if q != p)
    if fm["索引号"] not in rest and set(fm) <= {"标题", "索引号", "发布机构", "主题分类", "体裁分类", "成文日期", "发布日期",
                                              "公开属性", "公开路径", "关键词", "内容概述", "发文字号", "有效性"}:
        break
set_field(p, "标题", "R24A双输出目录标记文件")
rc, out = build(site)
rc2, out2 = build(site, "2026-12-01", "--out", str(other))
assert rc == 0 and rc2 == 0, (out, out2)
set_field(p, "公开属性", "依申请公开")
rc, out = build(site, "2026-12-01", "--out", str(other))
say("withdrawn, built into OTHER: rc", rc, "OTHER leaks:", grep_out(other, ["R24A双输出目录标记文件"])[:3])
rc, out = build(site)
leaks = grep_out(Path(site) / "public", ["R24A双输出目录标记文件"])
say(f"{'BROKEN' if leaks else 'holds '}\tpublic/ rebuilt after OTHER\trc={rc}\tleaks={leaks[:4]} ({len(leaks)})")
check_all(site, "public/ vs clean after the alternation", secret=["R24A双输出目录标记文件"])
check_all(site, "--date 2000-01-01 (nothing public)", "2000-01-01", secret=["R24A双输出目录标记文件"])
say("listing pages left:", sorted(q.relative_to(Path(site) / "public").as_posix()
                                  for q in (Path(site) / "public").rglob("index*.html"))[:5], crawl(Path(site) / "public"))
check_all(site, "--date back", secret=["R24A双输出目录标记文件"])
