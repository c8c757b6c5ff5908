"""Hostile round 27b: library rows (规范性文件库) after 有效性 changes of a document in the library's column,
a replacement published then withdrawn, a title-only change, an 有效期至 passing the build date."""
from __future__ import annotations

import re
import sys

from r27b_common import Steps

s = Steps(sys.argv[1] if len(sys.argv) > 1 else "library")
c = s.root / "content/ysq"
d = c / "2024-90004.md"


def setf(path, field, value):
    t = path.read_text(encoding="utf-8")
    t2, n = re.subn(rf"(?m)^{field}:.*$", f"{field}: {value}", t, count=1)
    if n == 0:
        t2 = t.replace("公开属性:", f"{field}: {value}\n公开属性:", 1)
    path.write_text(t2, encoding="utf-8")


setf(d, "有效性", "废止"); setf(d, "废止日期", "2026-06-30")
s.step("library doc 有效 -> 废止 2026-06-30")
new = c / "2026-97010.md"
new.write_text("""---
标题: 演示区人民政府关于印发演示区政府信息公开申请办理规定（修订）的通知H27B
索引号: ZBJG0003/2026-97010
发文字号: 演示区府发〔2026〕9号
发布机构: 演示市演示区人民政府
主题分类: 综合政务
体裁分类: 行政规范性文件
成文日期: 2026-06-20
发布日期: 2026-06-25
有效性: 有效
施行日期: 2026-07-01
公开属性: 主动公开
演示: true
公开路径:
  - 法定主动公开内容>履职依据>规范性文件
---
正文。
""", encoding="utf-8")
setf(d, "有效性", "失效"); setf(d, "替代文件", "ZBJG0003/2026-97010")
t = d.read_text(encoding="utf-8"); d.write_text(t.replace("废止日期: 2026-06-30\n", ""), encoding="utf-8")
s.step("replacement published, old one 失效 替代文件")
setf(new, "公开属性", "依申请公开")
s.step("the replacement withdrawn")
setf(new, "公开属性", "主动公开")
setf(d, "标题", "演示区人民政府关于印发演示区政府信息公开申请办理规定的通知（旧）")
s.step("title only of the replaced one")
setf(new, "有效期至", "2026-12-06")
s.step("the replacement's 有效期至 the day before the build date")
for label, v in s.rows:
    print(f"| {label} | {v} |")
