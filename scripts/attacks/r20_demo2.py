"""Hostile round 20: the demo (content/) plus three planted public documents, in /tmp/h20/demo2: a 规章 numbered
重庆市人民政府令第330号 (the 令 form of a 发文字号), a 通知 whose title really holds 渝府办发〔2019〕71号文件 (贯彻落实…),
and one whose title has 统计年报 and 2023年度. Queries through both readers (r20_common.compare)."""
import shutil

import r20_common
from r20_common import REPO, WORK, compare

HEAD = """---
标题: {title}
索引号: 11500000009275780L/2020-{serial}
{docno}发布机构: 重庆市人民政府办公厅
主题分类: 综合政务\\政务公开
体裁分类: 通知
成文日期: 2020-03-01
发布日期: 2020-03-02
公开属性: 主动公开
公开路径:
  - 政府信息公开目录>政策文件>其他文件
---

{body}
"""
DOCS = {
    "90101": ("重庆市政务公开办法", "发文字号: 重庆市人民政府令第330号\n", "《重庆市政务公开办法》已经市政府第80次常务会议通过，现予公布。"),
    "90102": ("重庆市人民政府办公厅关于贯彻落实渝府办发〔2019〕71号文件的通知", "发文字号: 渝府办发〔2020〕5号\n",
              "为贯彻落实渝府办发〔2019〕71号文件，现将有关事项通知如下。"),
    "90103": ("重庆市人民政府办公厅关于做好2023年度统计年报工作的通知", "", "请各单位做好2023年度统计年报报送工作。"),
}
QUERIES = ["重庆市人民政府令第330号", "重庆市人民政府令第330号全文", "重庆市人民政府令第330号文件", "重庆市政府令第330号原文",
           "重庆市人民政府令330号", "政府令第330号", "贯彻落实渝府办发〔2019〕71号文件", "渝府办发〔2019〕71号文件",
           "渝府办发〔2019〕71号 文件", "渝府办发2019年71号文件的通知", "渝府办发〔2019〕71号文件精神", "2023年度统计年报",
           "统计年报工作", "2023年统计年报", "做好2023年度统计年报工作"]


def build():
    root = WORK / "demo2"
    if not (root / "public" / "search.html").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        shutil.copy(REPO / "catalog.yaml", root / "catalog.yaml")
        shutil.copytree(REPO / "content", root / "content")
        for serial, (title, docno, body) in DOCS.items():
            (root / "content" / "cqszfbgt" / f"2020-{serial}.md").write_text(
                HEAD.format(title=title, serial=serial, docno=docno, body=body), encoding="utf-8")
        r20_common.build_site(root, root / "public", r20_common.DATE)
    return root


if __name__ == "__main__":
    root = build()
    r20_common.site = lambda _name: root
    rows = compare("demo2", QUERIES)
    for q, same, p, j, total, pt, jt, res in rows:
        print(f"   {q}: " + " | ".join(f"{r.title[:28]}{' EXACT' if r.exact else ''}{' relaxed' if r.relaxed else ''}" for r in res[:3]))
