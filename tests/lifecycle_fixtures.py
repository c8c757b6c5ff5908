"""Hand-made sites for the lifecycle, library, interpretation and feed tests.

The documents are invented test data with an obviously fictional agency
(测试市), not real-looking government documents.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import write_site
from jinja2 import ChoiceLoader, DictLoader

from gkssg.model import KIND_INTERPRETATIONS, KIND_LIBRARY, Agency, Column, Document, Site, SiteInfo
from gkssg.render.core_pages import site_globals
from gkssg.render.markdown import make_environment

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "themes" / "default"
MEDIA = Path(__file__).resolve().parent / "fixtures" / "media"

CODE_A = "11999999MB0000001X"  # fictional agency codes (not GB 32100-valid on purpose: unused here)
CODE_B = "11999999MB0000002X"

D = dt.date


def column(name: str, slug: str, kind: str = "list", form: str = "", children=()) -> Column:
    col = Column(name=name, slug=slug, kind=kind, form=form, children=list(children))
    for child in col.children:
        child.parent = col
    return col


def doc(index_no: str, title: str, *, published=dt.date(2020, 1, 10), written=None, cols=(), agency=None,
        **fields) -> Document:
    """A document as the loader would produce it; key_lines give each key a line."""
    d = Document(source=f"content/{index_no.replace('/', '-')}.md", title=title, index_no=index_no,
                 published=published, written=written or published, **fields)
    d.slug = index_no.replace("/", "-")
    d.columns = list(cols)
    d.agency = agency
    d.publisher = d.publisher or (agency.name if agency else "")
    d.key_lines = {key: n for n, key in enumerate(
        ["title", "index_no", "doc_no", "publisher", "topic", "genre", "written", "published",
         "validity", "abolished", "valid_until", "effective", "replaced_by", "amended_by",
         "disclosure", "paths", "interprets", "form", "media"], start=2)}
    return d


def make_site(tmp_path: Path, docs: list[Document], columns: list[Column], build_date: dt.date,
              agencies: list[Agency] | None = None) -> Site:
    (tmp_path / "content").mkdir(parents=True, exist_ok=True)
    return Site(root=tmp_path, info=SiteInfo(name="测试市人民政府", base_url="https://www.example.gov.cn/"),
                agencies=agencies or [], topics=["综合政务", "城乡建设、环境保护", "其他"],
                genres=["通知", "行政规范性文件"], columns=columns, documents=docs,
                build_date=build_date)


def copy_media(tmp_path: Path, *names: str) -> None:
    (tmp_path / "content").mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(MEDIA / name, tmp_path / "content" / name)


class Lifecycle:
    """A library site: two agencies, an abolished, an expired, an amended document,
    a chain A → B → C, plus an interpretation column with three forms."""

    def __init__(self, tmp_path: Path, build_date: dt.date):
        self.agency_a = Agency("csbgt", "测试市人民政府办公厅", local_code=CODE_A)
        self.agency_b = Agency("cszjw", "测试市住房和城乡建设委员会", local_code=CODE_B)
        self.library = column("规范性文件", "gfxwj", KIND_LIBRARY)
        self.news = column("工作动态", "gzdt")
        self.video_col = column("视频", "sp", form="视频")
        self.image_col = column("图片", "tp", form="图片")
        self.text_col = column("文字", "wz", form="文字")
        self.zcjd = column("政策解读", "zcjd", KIND_INTERPRETATIONS,
                           children=[self.text_col, self.image_col, self.video_col])
        a, b = self.agency_a, self.agency_b
        lib = (self.library,)
        self.abolished = doc(f"{CODE_A}/2018-00001", "测试市甲管理办法", cols=lib, agency=a,
                             doc_no="测府办发〔2018〕1号", topic="综合政务\\政务公开",
                             genre="行政规范性文件", validity="有效", abolished=D(2021, 3, 1),
                             published=D(2018, 2, 1))
        self.expiring = doc(f"{CODE_B}/2019-00001", "测试市乙试行办法", cols=lib, agency=b,
                            doc_no="测建发[2019]7号", topic="城乡建设、环境保护",
                            genre="行政规范性文件", validity="有效", valid_until=D(2021, 6, 30),
                            published=D(2019, 7, 1))
        self.amended = doc(f"{CODE_A}/2019-00002", "测试市丙实施细则", cols=lib, agency=a,
                           doc_no="测府办发﹝2019﹞5号", topic="综合政务", genre="行政规范性文件",
                           amended_by=f"{CODE_A}/2020-00003", published=D(2019, 3, 1))
        self.amending = doc(f"{CODE_A}/2020-00003", "测试市关于修改丙实施细则的决定", cols=lib,
                            agency=a, doc_no="测府办发〔2020〕3号", topic="综合政务",
                            genre="行政规范性文件", published=D(2020, 5, 1), effective=D(2020, 6, 1))
        self.chain_a = doc(f"{CODE_B}/2017-00010", "测试市丁办法（2017年版）", cols=lib, agency=b,
                           doc_no="测建发〔2017〕10号", topic="城乡建设、环境保护", genre="行政规范性文件",
                           replaced_by=f"{CODE_B}/2019-00011", published=D(2017, 4, 1))
        self.chain_b = doc(f"{CODE_B}/2019-00011", "测试市丁办法（2019年版）", cols=lib, agency=b,
                           doc_no="测建发〔2019〕11号", topic="城乡建设、环境保护", genre="行政规范性文件",
                           replaced_by=f"{CODE_B}/2020-00012", published=D(2019, 4, 1))
        self.chain_c = doc(f"{CODE_B}/2020-00012", "测试市丁办法（2020年版）", cols=lib, agency=b,
                           doc_no="测建发〔2020〕12号", topic="城乡建设、环境保护", genre="行政规范性文件",
                           published=D(2020, 4, 1))
        self.unplaced = doc(f"{CODE_A}/2020-00020", "测试市戊规定", cols=(self.news,), agency=a,
                            doc_no="测府令第3号", topic="其他", genre="行政规范性文件",
                            published=D(2020, 8, 1))
        self.notice = doc(f"{CODE_A}/2020-00030", "测试市关于召开会议的通知", cols=(self.news,),
                          agency=a, topic="综合政务", genre="通知", published=D(2020, 9, 1))
        policy = self.amending.index_no
        self.text = doc(f"{CODE_A}/2020-00101", "一文读懂修改决定", cols=(self.text_col,), agency=a,
                        topic="综合政务", interprets=policy, published=D(2020, 5, 2))
        self.image = doc(f"{CODE_A}/2020-00102", "一图读懂修改决定", cols=(self.image_col,), agency=a,
                         topic="综合政务", interprets=policy, published=D(2020, 5, 6),
                         media={"file": "poster.png", "alt": "修改决定要点图解", "text": "修改决定共三条要点。"})
        self.video = doc(f"{CODE_A}/2020-00103", "视频解读修改决定", cols=(self.video_col,), agency=a,
                         topic="综合政务", interprets=policy, published=D(2020, 5, 4),
                         media={"file": ["jd.webm", "jd.mp4"], "poster": "poster.png",
                                "captions": "jd.vtt", "alt": "修改决定视频解读"})
        copy_media(tmp_path, "jd.webm", "jd.mp4", "poster.png", "jd.vtt")
        self.docs = [self.abolished, self.expiring, self.amended, self.amending, self.chain_a,
                     self.chain_b, self.chain_c, self.unplaced, self.notice, self.text, self.image,
                     self.video]
        self.site = make_site(tmp_path, self.docs, [self.library, self.news, self.zcjd], build_date,
                              agencies=[a, b])


def render(template: str, context: dict, page_path: str, site: Site, extra_templates=None) -> str:
    """Render a theme template as build.py does: the lead's environment, site globals, page_path.

    extra_templates: {name: source} of test-only templates (e.g. a document page
    stand-in that includes the partials).
    """
    env = make_environment([THEME], {}, site_globals(site))
    if extra_templates:
        env.loader = ChoiceLoader([DictLoader(extra_templates), env.loader])
    return env.get_template(template).render(page_path=page_path, **context)


def render_partial(name: str, context: dict, page_path: str, site: Site) -> str:
    return render(f"partials/{name}", context, page_path, site)


# --- A site written to disk, for the real loader and build -------------------------------

FEATURES = ["gkssg.features.lifecycle", "gkssg.features.interpretations", "gkssg.checks.lifecycle", "gkssg.features.library", "gkssg.features.feeds"]
CODE = "11500000009275780L"

CATALOG = """\
site:
  name: 测试站点
  base_url: https://www.example.gov.cn/
  site_code: "5000000001"
agencies:
  - id: cqszfbgt
    name: 重庆市人民政府办公厅
    credit_code: 11500000009275780L
    folders: [content/cq]
columns:
  - name: 政务公开
    slug: zwgk
    children:
      - name: 政府信息公开
        slug: zfxxgk
        children:
          - name: 法定主动公开内容
            slug: fdzdgknr
            children:
              - name: 规范性文件
                slug: gfxwj
                kind: library
          - name: 政策解读
            slug: zcjd
            kind: interpretations
            children:
              - {name: 文字, slug: wz, form: 文字}
              - {name: 视频, slug: sp, form: 视频}
"""


def md(title: str, serial: str, year: int, published: str, extra: str = "", path: str = "规范性文件",
       genre: str = "行政规范性文件") -> str:
    return f"""---
标题: {title}
索引号: {CODE}/{year}-{serial}
发文字号: 测试发〔{year}〕{int(serial)}号
发布机构: 重庆市人民政府办公厅
主题分类: 综合政务
体裁分类: {genre}
成文日期: {published}
发布日期: {published}
有效性: 有效
公开路径:
  - {path}
{extra}---
测试正文。
"""


def lifecycle_site(root: Path) -> Path:
    files = {
        "content/cq/expiring.md": md("测试用试行办法甲", "00001", 2019, "2019-07-01", "有效期至: 2021-06-30\n"),
        "content/cq/abolished.md": md("测试用管理办法乙", "00002", 2018, "2018-02-01", "废止日期: 2021-03-01\n"),
        "content/cq/amended.md": md("测试用实施细则丙", "00003", 2019, "2019-03-01", f"修改文件: {CODE}/2020-00004\n"),
        "content/cq/amending.md": md("测试用修改决定丁", "00004", 2020, "2020-05-01"),
        "content/cq/jd-text.md": md("测试用文字解读", "00005", 2020, "2020-05-01", f"解读对象: {CODE}/2020-00004\n",
                                    path="政策解读>文字", genre="通知"),
        "content/cq/jd-video.md": md("测试用视频解读", "00006", 2020, "2020-05-01",
                                     f"解读对象: {CODE}/2020-00004\n媒体:\n  file: [jd.webm, jd.mp4]\n"
                                     "  poster: poster.png\n  captions: jd.vtt\n  alt: 测试视频\n",
                                     path="政策解读>视频", genre="通知"),
    }
    write_site(root, files, CATALOG)
    for name in ("jd.webm", "jd.mp4", "poster.png", "jd.vtt"):
        shutil.copy(MEDIA / name, root / "content" / "cq" / name)
    return root
