"""Hostile round 27b, site pages / feeds / annual counts / lifecycle / withheld documents: each step
compares the cached check with an empty-cache one and the incremental build with a --clean build, and
greps both outputs for the titles of withheld documents."""
from __future__ import annotations

import re
import subprocess
import sys

from r27b_common import Steps

s = Steps(sys.argv[1] if len(sys.argv) > 1 else "site")
c = s.root / "content"


def setf(path, field, value):
    t = path.read_text(encoding="utf-8")
    t2, n = re.subn(rf"(?m)^{field}:.*$", f"{field}: {value}", t, count=1)
    if n == 0:
        t2 = t.replace("公开属性:", f"{field}: {value}\n公开属性:", 1)
    path.write_text(t2, encoding="utf-8")


def doc(path, title, index, date, columns, kind="通知", extra=""):
    cols = "".join(f"\n  - {x}" for x in columns)
    path.write_text(f"""---
标题: {title}
索引号: {index}
发布机构: 重庆市人民政府办公厅
主题分类: 综合政务
体裁分类: {kind}
成文日期: {date}
发布日期: {date}
{extra}公开属性: 主动公开
公开路径:{cols}
---
正文{title}。
""", encoding="utf-8")


def leak(marker: str) -> str:
    hits = []
    for out in (s.root / "public", s.root.parent / (s.root.name + "-clean")):
        r = subprocess.run(["grep", "-rl", marker, str(out)], capture_output=True, text=True)
        hits += r.stdout.split()
    return f" LEAK {marker} in {hits[:3]}" if hits else ""


def step(label, marker=None):
    v = s.step(label)
    if marker:
        lk = leak(marker)
        if lk:
            s.rows[-1] = (label, s.rows[-1][1] + lk)
            print(lk, flush=True)
    return v


gz = "行政规范性文件"
new = c / "cqszfbgt/2022-97001.md"
doc(new, "渝府发规测试甲H27B", "11500000009275780L/2022-97001", "2022-05-01", ["政府信息公开目录>政策文件>其他文件"],
    gz, "发文字号: 渝府发〔2022〕97号\n有效性: 有效\n施行日期: 2022-06-01\n")
step("new 规范性文件 2022 (annual auto counts)")
setf(new, "公开属性", "依申请公开")
step("it withdrawn (依申请公开)", "渝府发规测试甲H27B")
setf(new, "公开属性", "主动公开"); setf(new, "发布日期", "2027-01-01")
step("it dated in the future", "渝府发规测试甲H27B")
setf(new, "发布日期", "2022-05-01"); setf(new, "有效性", "废止"); setf(new, "废止日期", "2022-12-01")
step("it published again, 有效性 废止 2022")
setf(new, "公开属性", "不予公开")
step("it 不予公开", "渝府发规测试甲H27B")
setf(new, "公开属性", "主动公开"); setf(new, "有效性", "有效")
t = new.read_text(encoding="utf-8"); new.write_text(t.replace("废止日期: 2022-12-01\n", ""), encoding="utf-8")
step("back to 有效")
# replacement chain: a newer one replaces it
new2 = c / "cqszfbgt/2022-97002.md"
doc(new2, "渝府发规测试乙H27B", "11500000009275780L/2022-97002", "2022-11-01", ["政府信息公开目录>政策文件>其他文件"],
    gz, "发文字号: 渝府发〔2022〕98号\n有效性: 有效\n施行日期: 2022-11-01\n")
setf(new, "有效性", "失效"); setf(new, "替代文件", "11500000009275780L/2022-97002")
step("甲 失效, 替代文件 乙")
setf(new2, "公开属性", "依申请公开")
step("乙 (the replacement) withdrawn", "渝府发规测试乙H27B")
setf(new2, "公开属性", "主动公开")
# title / 发文字号 only
d = c / "cqszfbgt/2019-90001.md"
setf(d, "标题", "重庆市人民政府办公厅关于印发2019年重庆市政务公开工作要点的通知（改题H27B）")
step("title only changed")
setf(d, "发文字号", "渝府办发〔2019〕72号")
step("发文字号 only changed")
# ties between columns, newest of the site
doc(c / "cqszfbgt/2026-97003.md", "并列甲H27B", "11500000009275780L/2026-97003", "2026-12-01", ["政府信息公开目录>政策文件>其他文件"])
doc(c / "cqszfbgt/2026-97004.md", "并列乙H27B", "11500000009275780L/2026-97004", "2026-12-01", ["政府信息公开>政府信息公开制度"])
step("two newest, tie in 发布日期 across columns")
setf(c / "cqszfbgt/2026-97003.md", "公开属性", "依申请公开")
step("the tie's one withdrawn (newest of its column)", "并列甲H27B")
setf(c / "cqszfbgt/2026-97004.md", "公开路径", "\n  - 政府信息公开目录>政策文件>其他文件")
step("the other moved between columns")
(c / "cqszfbgt/2026-97004.md").unlink(); (c / "cqszfbgt/2026-97003.md").unlink()
step("both deleted")
# agency renamed
cat = s.root / "catalog.yaml"
t = cat.read_text(encoding="utf-8")
cat.write_text(t.replace("name: 重庆市人民政府办公厅", "name: 重庆市人民政府办公厅改名H27B", 1), encoding="utf-8")
step("agency renamed in catalog.yaml")
# annual table edit
r = c / "cqszfbgt/2023-90001.md"
t = r.read_text(encoding="utf-8")
r.write_text(t.replace("行政许可: {本年处理决定数量: 8955900}", "行政许可: {本年处理决定数量: 8955901}"), encoding="utf-8")
step("annual table figure edited")
for label, v in s.rows:
    print(f"| {label} | {v} |")
