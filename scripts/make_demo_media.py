"""Make the demo site's media and attachments locally: nothing is downloaded, everything is marked 演示.

Usage: python scripts/make_demo_media.py   (writes into content/ysq/media and content/ysq/files)

Needs Debian's chromium, the playwright package (pip install -e '.[test]') and ffmpeg
(apt-get install ffmpeg). The outputs are committed; run this again only to change them.

  media/yitu.png            一图读懂 (图片解读), rendered from HTML by headless Chromium
  media/jd-poster.png       封面 of the video 解读
  media/jd.mp4, jd.webm     a 9-second video (three captioned slides), H.264 and VP8
  media/jd.zh.vtt           its WebVTT captions
  files/ysfa.pdf            a PDF attachment (部门预算表), printed by Chromium
  files/sbb.docx            a DOCX attachment (申报表), written by gkssg.features.docx
  files/bmb.docx            a DOCX attachment (报名表), written by gkssg.features.docx
  files/zyzb.xlsx           an XLSX attachment (主要指标), written below without third-party packages
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import ARGS, CHROMIUM  # noqa: E402

from gkssg.features.docx import Cell, build_docx  # noqa: E402

OUT = REPO / "content" / "ysq"
FONT = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif"
DEMO_BANNER = "演示素材 · 非真实政府信息"

INFOGRAPHIC = f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>
body {{ margin: 0; width: 800px; font-family: {FONT}; background: #fdf6ec; color: #222; }}
header {{ background: #a61b1b; color: #fff; padding: 28px 36px; }}
h1 {{ margin: 0; font-size: 34px; }} header p {{ margin: 8px 0 0; font-size: 20px; }}
.banner {{ background: #8a5a00; color: #fff; text-align: center; font-size: 18px; padding: 6px; }}
section {{ margin: 22px 36px; padding: 18px 22px; background: #fff; border-left: 8px solid #a61b1b; }}
h2 {{ margin: 0 0 8px; font-size: 24px; color: #a61b1b; }} p {{ margin: 0; font-size: 20px; line-height: 1.6; }}
.num {{ font-size: 40px; font-weight: bold; color: #a61b1b; }}
</style><body>
<div class="banner">{DEMO_BANNER}</div>
<header><h1>一图读懂</h1><p>《演示区老旧小区改造实施办法（2025年版）》</p></header>
<section><h2>改造范围</h2><p>2000年底前建成、基础设施老化、群众改造意愿强烈的城镇住宅小区。</p></section>
<section><h2>改造内容</h2><p>基础类：水电气路等配套设施；完善类：加装电梯、停车、充电设施；提升类：养老托育、便民服务。</p></section>
<section><h2>怎么申报</h2><p>小区业主委员会征求业主意见，<span class="num">2/3</span> 以上业主同意后，向所在街道提交申报表。</p></section>
<section><h2>施行日期</h2><p>自 <span class="num">2025年3月1日</span> 起施行，原2022年版办法同时废止。</p></section>
<div class="banner">{DEMO_BANNER}</div>
</body></html>"""

SLIDES = [
    ("视频解读", "如何申请政府信息公开", "演示区人民政府办公室"),
    ("第一步", "填写政府信息公开申请表", "写明姓名、身份证明、联系方式和所需信息"),
    ("第二步", "选择提交方式", "在线申请、当面提交或邮政寄递"),
]
SLIDE = f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>
body {{ margin: 0; width: 640px; height: 360px; font-family: {FONT}; background: #a61b1b; color: #fff;
       display: flex; flex-direction: column; justify-content: center; align-items: center; }}
.step {{ font-size: 26px; opacity: .85; }} h1 {{ font-size: 44px; margin: 10px 0; }} p {{ font-size: 22px; margin: 0; }}
.banner {{ position: absolute; top: 0; left: 0; right: 0; background: #8a5a00; text-align: center; font-size: 16px; padding: 4px; }}
</style><body><div class="banner">{DEMO_BANNER}</div><div class="step">%s</div><h1>%s</h1><p>%s</p></body></html>"""

CAPTIONS = """WEBVTT

00:00:00.000 --> 00:00:03.000
视频解读：如何申请政府信息公开（演示素材）

00:00:03.000 --> 00:00:06.000
第一步，填写政府信息公开申请表，写明姓名、身份证明、联系方式和所需信息。

00:00:06.000 --> 00:00:09.000
第二步，选择提交方式：在线申请、当面提交或邮政寄递。
"""

BUDGET = f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>
body {{ font-family: {FONT}; margin: 40px; }} h1 {{ text-align: center; font-size: 22px; }}
table {{ width: 100%; border-collapse: collapse; }} th, td {{ border: 1px solid #000; padding: 6px; font-size: 14px; }}
td.n {{ text-align: right; }} .demo {{ color: #8a5a00; text-align: center; font-weight: bold; }}
</style><body><p class="demo">{DEMO_BANNER}：表中数字均为虚构</p>
<h1>演示区人民政府办公室2025年部门收支预算总表</h1><p>单位：万元</p>
<table><tr><th>收入项目</th><th>预算数</th><th>支出项目</th><th>预算数</th></tr>
<tr><td>一般公共预算拨款收入</td><td class="n">1,250.00</td><td>一般公共服务支出</td><td class="n">1,080.00</td></tr>
<tr><td>政府性基金预算拨款收入</td><td class="n">0.00</td><td>社会保障和就业支出</td><td class="n">120.00</td></tr>
<tr><td>其他收入</td><td class="n">30.00</td><td>住房保障支出</td><td class="n">80.00</td></tr>
<tr><th>收入合计</th><td class="n">1,280.00</td><th>支出合计</th><td class="n">1,280.00</td></tr></table>
</body></html>"""

INDICATORS = [
    ("指标（演示数据）", "单位", "2024年", "比上年增长（%）"),
    ("地区生产总值", "亿元", 512.3, 5.6),
    ("规模以上工业增加值", "亿元", 168.4, 7.1),
    ("固定资产投资", "亿元", 230.9, 3.2),
    ("社会消费品零售总额", "亿元", 205.7, 4.8),
    ("城镇常住居民人均可支配收入", "元", 45120, 4.5),
    ("农村常住居民人均可支配收入", "元", 21860, 6.3),
]


def xlsx(rows: list[tuple], sheet: str) -> bytes:
    """A one-sheet .xlsx with inline strings and numbers (SpreadsheetML), deterministic bytes."""
    def cell(ref: str, value) -> str:
        if isinstance(value, (int, float)):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'
    data = "".join(f'<row r="{r}">' + "".join(cell(f"{'ABCDEFGH'[c]}{r}", v) for c, v in enumerate(row)) + "</row>"
                   for r, row in enumerate(rows, 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text.encode("utf-8"),
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def form(title: str, labels: list[str]) -> bytes:
    rows = [[Cell(a, label=True), Cell(), Cell(b, label=True), Cell()] for a, b in zip(labels[::2], labels[1::2])]
    return build_docx(title, [DEMO_BANNER], rows, 4, ["本表为 gkssg 演示站点的演示附件。"])


def main() -> None:
    from playwright.sync_api import sync_playwright

    media, files = OUT / "media", OUT / "files"
    media.mkdir(parents=True, exist_ok=True)
    files.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 800, "height": 600})
        page.set_content(INFOGRAPHIC)
        page.screenshot(path=str(media / "yitu.png"), full_page=True)
        page.set_viewport_size({"width": 640, "height": 360})
        for n, slide in enumerate(SLIDES):
            page.set_content(SLIDE % slide)
            page.screenshot(path=str(Path(tmp) / f"slide{n}.png"))
        (media / "jd-poster.png").write_bytes((Path(tmp) / "slide0.png").read_bytes())
        page.set_content(BUDGET)
        page.pdf(path=str(files / "ysfa.pdf"), format="A4")
        browser.close()
        frames = Path(tmp) / "slide%d.png"
        common = ["ffmpeg", "-y", "-loglevel", "error", "-framerate", "1/3", "-i", str(frames),
                  "-vf", "fps=10,format=yuv420p", "-fflags", "+bitexact", "-map_metadata", "-1"]
        subprocess.run(common + ["-c:v", "libx264", "-preset", "veryslow", "-crf", "30",
                                 "-flags:v", "+bitexact", "-movflags", "+faststart", str(media / "jd.mp4")], check=True)
        subprocess.run(common + ["-c:v", "libvpx", "-b:v", "200k", "-flags:v", "+bitexact", str(media / "jd.webm")],
                       check=True)
    (media / "jd.zh.vtt").write_text(CAPTIONS, encoding="utf-8")
    (files / "sbb.docx").write_bytes(form("演示区老旧小区改造项目申报表", [
        "小区名称", "所在街道", "建成年份", "房屋栋数", "住户数", "同意改造户数", "联系人", "申报日期"]))
    (files / "bmb.docx").write_bytes(form("演示区2026年度考试录用公务员报名表", [
        "姓名", "性别", "出生年月", "学历学位", "毕业院校", "所学专业", "报考职位代码", "报考职位名称"]))
    (files / "zyzb.xlsx").write_bytes(xlsx(INDICATORS, "主要指标"))
    for path in sorted(media.iterdir()) + sorted(files.iterdir()):
        print(f"{path.relative_to(REPO)}  {path.stat().st_size} 字节")


if __name__ == "__main__":
    main()
