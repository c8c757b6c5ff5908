"""Round 10: `gkssg build`'s one-edit path for body edits of documents with 替代/修改/解读 relations or a
genre the annual reports count (fastpath.py + publicedit.body_edits + changed.related_documents), each
compared with a clean build (rc, findings, output). Run: python r10_build.py [scenario numbers]."""
from __future__ import annotations

import re
import sys

import r6_common  # noqa: F401  (puts tests/ on sys.path)
import sitegen
from r10_common import body_edit, doc, scenario, sub

IDX = sitegen.index_no  # d000008 = policy of the interpretation d000009; d000020 replaced by d000024
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def image_interp(s):
    p = doc(s, 9)
    (p.parent / "tujie.png").write_bytes(PNG)
    (p.parent / "extra.png").write_bytes(PNG + b"x")
    sub(p, "体裁分类: 政策解读", "体裁分类: 政策解读\n解读形式: 图片")
    p.write_text(p.read_text(encoding="utf-8") + "\n![一图读懂](tujie.png)\n", encoding="utf-8")


def comment(s):
    sub(doc(s, 9), "公开属性: 主动公开", "公开属性: 主动公开\n# 备注：无")


def chain(n):
    def prepare(s):
        for i in range(1, n):
            p = doc(s, i)
            text = re.sub(r"^替代文件: .*\n", "", p.read_text(encoding="utf-8"), flags=re.M)
            text = re.sub(r"^(公开属性: .*)$", rf"\1\n替代文件: {IDX(i + 1)}", text, count=1, flags=re.M)
            p.write_text(text, encoding="utf-8")
    return prepare


def column_image_interp(s):
    """d9 in the 政策解读>图片 column (its form from the catalog, no 解读形式), its image in the body."""
    p = doc(s, 9)
    (p.parent / "tujie.png").write_bytes(PNG)
    sub(p, "政府信息公开目录>政策解读>文字", "政府信息公开目录>政策解读>图片")
    p.write_text(p.read_text(encoding="utf-8") + "\n![一图读懂](tujie.png)\n", encoding="utf-8")


SCENARIOS = {
    1: ("interp body + doc: link to its policy", 30, None,
        lambda s: (body_edit(doc(s, 9)), sub(doc(s, 9), "参见[相关文件]", f"另见[政策原文](doc:{IDX(8)})。参见[相关文件]"))),
    2: ("interp body + doc: link to the 依申请公开 d11", 30, None,
        lambda s: sub(doc(s, 9), "参见[相关文件]", f"另见[内部](doc:{IDX(11)})。参见[相关文件]")),
    3: ("interp body + its policy made 依申请公开", 30, None,
        lambda s: (body_edit(doc(s, 9)), sub(doc(s, 8), "公开属性: 主动公开", "公开属性: 依申请公开"))),
    4: ("interp body + its policy dated in the future", 30, None,
        lambda s: (body_edit(doc(s, 9)), sub(doc(s, 8), "发布日期: 2022-10-24", "发布日期: 2027-01-05"))),
    5: ("policy body + interp's 解读对象 removed", 30, None,
        lambda s: (body_edit(doc(s, 8)), sub(doc(s, 9), f"解读对象: {IDX(8)}\n", ""))),
    6: ("replaced d20 body + replacing d24 body", 30, None,
        lambda s: (body_edit(doc(s, 20)), body_edit(doc(s, 24)))),
    7: ("replaced d20 body + replacing d24 发布日期 future", 30, None,
        lambda s: (body_edit(doc(s, 20)), sub(doc(s, 24), "公开属性: 主动公开", "公开属性: 依申请公开"))),
    8: ("chain of 70 替代 (body edit in the middle)", 75, chain(72), lambda s: body_edit(doc(s, 35))),
    9: ("image interp: body image removed", 30, image_interp,
        lambda s: sub(doc(s, 9), "\n![一图读懂](tujie.png)\n", "\n")),
    10: ("image interp: body image → an existing unreferenced file", 30, image_interp,
         lambda s: sub(doc(s, 9), "](tujie.png)", "](extra.png)")),
    11: ("image interp: body image → a missing file", 30, image_interp,
         lambda s: sub(doc(s, 9), "](tujie.png)", "](missing.png)")),
    12: ("interp: front matter comment → unknown key (same line count)", 30, comment,
         lambda s: (body_edit(doc(s, 9)), sub(doc(s, 9), "# 备注：无", "备注: 无"))),
    13: ("interp: front matter comment → duplicate key 标题", 30, comment,
         lambda s: (body_edit(doc(s, 9)), sub(doc(s, 9), "# 备注：无",
                                                re.search(r"^标题: .*$", doc(s, 9).read_text(encoding="utf-8"), re.M).group(0)))),
    14: ("interp: front matter comment → duplicate key 解读对象 naming d18", 30, comment,
         lambda s: (body_edit(doc(s, 9)), sub(doc(s, 9), "# 备注：无", f"解读对象: {IDX(18)}"))),
    15: ("normative d5 body + BOM", 30, None,
         lambda s: (body_edit(doc(s, 5)), doc(s, 5).write_bytes(b"\xef\xbb\xbf" + doc(s, 5).read_bytes()))),
    16: ("normative d10 body, CRLF", 30, None,
         lambda s: (body_edit(doc(s, 10)), doc(s, 10).write_bytes(doc(s, 10).read_bytes().replace(b"\n", b"\r\n")))),
    17: ("interp body + doc: link to the future d12", 30, None,
         lambda s: sub(doc(s, 9), "参见[相关文件]", f"另见[未来](doc:{IDX(12)})。参见[相关文件]")),
    18: ("interp: comment → 解读形式: 文字 (default form, same meaning)", 30, comment,
         lambda s: (body_edit(doc(s, 9)), sub(doc(s, 9), "# 备注：无", "解读形式: 文字"))),
    19: ("interp: 解读对象 quoted + body", 30, None,
         lambda s: (body_edit(doc(s, 9)), sub(doc(s, 9), f"解读对象: {IDX(8)}", f'解读对象: "{IDX(8)}"'))),
    20: ("interp: trailing spaces after 解读对象 and a comment after it + body", 30, None,
         lambda s: (body_edit(doc(s, 9)), sub(doc(s, 9), f"解读对象: {IDX(8)}", f"解读对象: {IDX(8)}   # 政策原文"))),
    21: ("replaced d20: 替代文件 as a one-item YAML list on one line + body", 30, None,
         lambda s: (body_edit(doc(s, 20)), sub(doc(s, 20), f"替代文件: {IDX(24)}", f"替代文件: [{IDX(24)}]"))),
    22: ("column-form 图片 interp: body image removed (GK846 from the column's form)", 30, column_image_interp,
         lambda s: sub(doc(s, 9), "\n![一图读懂](tujie.png)\n", "\n")),
    23: ("column-form 图片 interp: alt removed (GK842)", 30, column_image_interp,
         lambda s: sub(doc(s, 9), "![一图读懂]", "![]")),
    24: ("column-form 图片 interp: body edit keeping the image", 30, column_image_interp,
         lambda s: body_edit(doc(s, 9))),
}


def main() -> int:
    only = sys.argv[1:]
    ok = True
    for k, (name, n, prepare, edits) in SCENARIOS.items():
        if only and str(k) not in only:
            continue
        ok &= scenario(f"r10b{k} {name}", n, prepare, edits)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
