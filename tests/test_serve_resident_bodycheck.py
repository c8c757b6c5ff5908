"""After a body edit, `gkssg serve`'s resident checks only what the edit concerns (checks/bodyedit.py)
and keeps every other finding from memory: its findings must be exactly a clean check's.

Each step edits the demo site (bodies that add and remove a broken link, a link to a document,
a mobile number, an inline style, an external host, an IPv4 host, a missing file, a file no public document publishes, an
interpretation's image, a BOM; an annual report's table), lets the resident rebuild, and compares
its findings with `load_and_check` of the site as it then is (as a build reports them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import copy_demo

from gkssg.build.pipeline import as_built, load_and_check
from gkssg.serve.resident import Resident

DATE = dt.date(2026, 11, 20)
DOC = "content/cqszfbgt/2019-90001.md"
BODY = "《2019年重庆市政务公开工作要点》已经市政府同意，现印发给你们，请认真贯彻执行。"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")

FUTURE = """---
标题: 尚未发布的通知
索引号: 11500000009275780L/2019-90077
发布机构: 重庆市人民政府办公厅
主题分类: 综合政务\\政务公开
成文日期: 2019-06-20
发布日期: 2027-01-05
公开属性: 主动公开
公开路径:
  - 政府信息公开目录>政策文件>其他文件
附件:
  - {name: 附件1, file: future.pdf}
---
本通知将于明年发布。
"""

IMAGE = """---
标题: 一图读懂政务公开工作要点
索引号: 11500000009275780L/2019-90078
发布机构: 重庆市人民政府办公厅
主题分类: 综合政务\\政务公开
成文日期: 2019-06-29
发布日期: 2019-06-29
公开属性: 主动公开
解读形式: 图片
公开路径:
  - 政务公开>政府信息公开目录>政策解读>图片
---
![政务公开工作要点图解](tujie.png)
"""


def clean(site: Path) -> list:
    """A clean check of the site as it is, as a build reports its findings."""
    _, findings = load_and_check(site, DATE)
    return as_built(findings).sorted()


def edit(site: Path, rel: str, old: str, new: str) -> set[Path]:
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return {path}


def test_the_findings_after_each_body_edit_are_a_clean_checks(tmp_path):
    site = copy_demo(tmp_path / "site")
    folder = (site / DOC).parent
    (folder / "future.pdf").write_bytes(PDF)
    (folder / "other.pdf").write_bytes(PDF)
    (folder / "tujie.png").write_bytes(PNG)
    resident = Resident(site, site / "public", DATE)
    ok, message = resident.rebuild(set())
    assert ok, message
    resident.settle()
    steps = 0

    failed = False

    def step(paths: set[Path], how: str, ok_expected: bool = True, scoped: bool = True) -> None:
        nonlocal steps, failed
        steps += 1
        ok, message = resident.rebuild(paths)
        resident.settle()
        # after a failed check the body it held was never rendered: when it is no longer in memory
        # either, what its page copied cannot be known and the edit is built (test_serve_resident.py)
        assert ok == ok_expected and (resident.last == how or failed and resident.last == "build"), (steps, message)
        failed = not ok
        if resident.last == "resident":
            assert resident.scoped is scoped, steps  # the check followed the edit (or ran site-wide)
        assert resident.findings.sorted() == clean(site), f"step {steps}: findings differ from a clean check's"

    future = folder.relative_to(site).as_posix() + "/2019-90077.md"
    image = folder.relative_to(site).as_posix() + "/2019-90078.md"
    (site / future).write_text(FUTURE, encoding="utf-8")
    (site / image).write_text(IMAGE, encoding="utf-8")
    step({site / future, site / image}, "build")
    # a public document's body: a broken doc: link (GK710, the check fails; the page is not made, so
    # the next edit goes back to the body last served), then one to a document not yet public (GK712)
    step(edit(site, DOC, BODY, BODY + "\n\n详见[通知](doc:11500000009275780L/2019-99999)。"), "resident",
         ok_expected=False)
    step(edit(site, DOC, "\n\n详见[通知](doc:11500000009275780L/2019-99999)。", ""), "resident")
    step(edit(site, DOC, BODY, BODY + "\n\n详见[通知](doc:11500000009275780L/2019-90077)。"), "resident")
    step(edit(site, DOC, "(doc:11500000009275780L/2019-90077)", "(doc:ZBJG0002/2019-90001)"), "resident")
    # the document's own findings: a mobile number (GK602), an inline style (GK788, ipv6's document
    # check), and gone again
    step(edit(site, DOC, "详见", "联系电话：13812345678，<span style=\"color:red\">请注意</span>。详见"), "resident")
    step(edit(site, DOC, "联系电话：13812345678，<span style=\"color:red\">请注意</span>。", ""), "resident")
    # external hosts (GK770), an IPv4 host (GK730), and back
    step(edit(site, DOC, "详见", "参见 https://www.example.org/a 与 https://www.example.org/b ，详见"), "resident")
    step(edit(site, DOC, "https://www.example.org/b", "http://10.1.2.3/b"), "resident", ok_expected=False)
    step(edit(site, DOC, "http://10.1.2.3/b", "https://www.example.org/b"), "resident")
    step(edit(site, DOC, "参见 https://www.example.org/a 与 https://www.example.org/b ，", ""), "resident")
    # a file that does not exist (GK722), one of a type never published (GK724): nothing copied changes
    step(edit(site, DOC, "详见", "附表见[附表](不存在的附表.pdf)。详见"), "resident", ok_expected=False)
    step(edit(site, DOC, "附表见[附表](不存在的附表.pdf)。", ""), "resident")
    (folder / "page.html").write_text("<html></html>", encoding="utf-8")
    step({folder / "page.html"}, "build")
    step(edit(site, DOC, "详见", "附表见[附表](page.html)。详见"), "resident", ok_expected=False)
    step(edit(site, DOC, "附表见[附表](page.html)。", ""), "resident")
    # a document not yet public names files: GK727 for each no public document publishes
    step(edit(site, future, "本通知将于明年发布。", "本通知将于明年发布，另见[附件二](other.pdf)。"), "resident")
    step(edit(site, future, "[附件二](other.pdf)", "[附件一](future.pdf)"), "resident")
    step(edit(site, future, "，另见[附件一](future.pdf)", ""), "resident")
    # a public document now publishes a file only the future one named: copied, so the build runs
    step(edit(site, DOC, "详见", "附件见[附件](future.pdf)。详见"), "build")
    step(edit(site, future, "本通知将于明年发布。", "本通知将于明年发布，另见[附件一](future.pdf)。"), "resident")
    step(edit(site, DOC, "附件见[附件](future.pdf)。", ""), "build")
    # an image interpretation's image without alt text (GK842), and with it again
    step(edit(site, image, "![政务公开工作要点图解]", "![]"), "resident", ok_expected=False)
    step(edit(site, image, "![]", "![政务公开工作要点图解]"), "resident")
    # a BOM: a loading finding (GK103) of the file, which the resident does not keep apart: built
    path = site / DOC
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    step({path}, "build")
    path.write_bytes(path.read_bytes()[3:])
    step({path}, "build")
    # an annual report's table figure: a report is built
    report = next(p for p in sorted((site / "content").rglob("*.md")) if "年报数据:" in p.read_text(encoding="utf-8"))
    text = report.read_text(encoding="utf-8")
    assert "\n" in text
    report.write_text(text + "\n\n（补充说明。）\n", encoding="utf-8")
    step({report}, "build")
    # and a body edit after all that
    step(edit(site, DOC, "详见", "请遵照执行。详见"), "resident")
