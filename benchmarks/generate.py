"""Deterministic synthetic gkssg sites of any size, for benchmarks and search tests.

    python benchmarks/generate.py N OUTDIR [--seed S] [--build-date YYYY-MM-DD]

writes OUTDIR/catalog.yaml (the demo catalogue's site block and column tree, with
fictional agencies of the fictional 演示市) and N documents under
OUTDIR/content/<agency>/<year>/<serial>.md. Each document has valid front matter —
索引号 with GB 32100 check characters, 发文字号 in GB/T 9704 form, topics and
genres from the catalogue — and a body of about 4,000 characters sampled from the
demo documents. The mix covers every column: 规范性文件库 documents (some 失效 or
废止 with replacement chains, some 已修改), 政府规章, 政策解读 in 文字/图片/视频 form
with their (tiny, valid) PNG/MP4 media, annual reports with consistent tables, a
few 依申请公开 and future-dated documents, and one fresh document per column at
the end so no column is stale on the build date.

Documents are written one unit at a time (a unit is a document, a policy with its
interpretation, or a replacement chain), so memory stays flat for N = 1,000,000.
The same N, seed and build date always give byte-identical files. The site is
checked and built with `--date BUILD_DATE` (see OUTDIR/generated.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import struct
import sys
import zlib
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402

from benchmarks.synth_text import BodyContext, BodyWriter, cn_date, load_pool  # noqa: E402
from gkssg.codes import credit_code_check_char, org_code_check_char  # noqa: E402
from gkssg.load.config import DEFAULT_TOPICS, load_catalog  # noqa: E402
from gkssg.model import KIND_INTERPRETATIONS, KIND_LIBRARY, KIND_LIST  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
GENERATOR_VERSION = 2
DEFAULT_BUILD_DATE = dt.date(2026, 11, 20)
FIRST_DATE = dt.date(2015, 1, 1)
INDEX_NO_PATTERN = r"^(?P<code>[0-9A-Z]{18}|ZBJG\d{4})/(?P<year>\d{4})-(?P<serial>\d{5})$"


@dataclass(frozen=True)
class SynthAgency:
    """A fictional agency: id, name, 机关代字 and the topic most of its documents carry."""

    id: str
    name: str
    prefix: str  # 机关代字 of its 发文字号
    topic: str
    local_code: str = ""  # ZBJG…, for the two agencies without a credit code

    def credit_code(self, number: int) -> str:
        """A well-formed 统一社会信用代码: 11 (机关) + 500099 + organisation code + check."""
        if self.local_code:
            return ""
        # Letters in the organisation code: a 17-digit run (11500099 + 9 digits) passes the
        # Luhn test one time in ten, and gkssg's GK603 then takes a cited 索引号 for a bank card.
        org8 = f"MB{70050 + number * 137:06d}"
        body = "11500099" + org8 + org_code_check_char(org8)  # GB 11714 check in characters 9–17
        return body + credit_code_check_char(body)  # GB 32100-2015 check character


AGENCIES = [
    SynthAgency("yszf", "演示市人民政府", "演府发", "综合政务"),
    SynthAgency("yszfbgt", "演示市人民政府办公厅", "演府办发", "综合政务\\政务公开"),
    SynthAgency("ysfgw", "演示市发展和改革委员会", "演发改发", "国民经济管理、国有资产监管"),
    SynthAgency("ysjw", "演示市教育委员会", "演教发", "科技、教育"),
    SynthAgency("yscz", "演示市财政局", "演财发", "财政、金融、审计"),
    SynthAgency("ysrs", "演示市人力资源和社会保障局", "演人社发", "劳动、人事、监察"),
    SynthAgency("ysgz", "演示市规划和自然资源局", "演规资发", "国土资源、能源"),
    SynthAgency("yshj", "演示市生态环境局", "演环发", "城乡建设、环境保护"),
    SynthAgency("yszj", "演示市住房和城乡建设委员会", "演建发", "城乡建设、环境保护"),
    SynthAgency("ysjt", "演示市交通局", "演交发", "工业、交通"),
    SynthAgency("ysny", "演示市农业农村委员会", "演农发", "农业、林业、水利"),
    SynthAgency("yssw", "演示市商务委员会", "演商务发", "商贸、海关、旅游"),
    SynthAgency("yswj", "演示市卫生健康委员会", "演卫发", "卫生、体育"),
    SynthAgency("ysyj", "演示市应急管理局", "演应急发", "市场监管、安全生产监管"),
    SynthAgency("yssj", "演示市市场监督管理局", "演市监发", "市场监管、安全生产监管"),
    SynthAgency("ysmz", "演示市民政局", "演民发", "民政、扶贫、救灾"),
    SynthAgency("ystj", "演示市统计局", "演统发", "国民经济管理、国有资产监管"),
    SynthAgency("yssf", "演示市司法局", "演司法发", "公安、安全、司法"),
    SynthAgency("ysxq", "演示新区管理委员会", "演新区管发", "综合政务", local_code="ZBJG0001"),
    SynthAgency("ysqzf", "演示市演示区人民政府", "演区府发", "综合政务", local_code="ZBJG0002"),
]
GOVERNMENT = AGENCIES[0]  # issues 政府规章 (演示市人民政府令第N号)

# Genre of an ordinary document, by words in its column's name.
COLUMN_GENRES = [
    ("规划", ["规划", "通知"]), ("统计", ["公告", "报告"]), ("许可", ["公告", "通知"]),
    ("处罚", ["决定", "公告"]), ("强制", ["决定", "公告"]), ("预算", ["报告"]), ("收费", ["通知", "公告"]),
    ("采购", ["公告"]), ("建设项目", ["批复", "公告"]), ("应急", ["方案", "通知"]), ("招考", ["公告"]),
    ("机构", ["其他"]), ("领导", ["其他"]), ("联系", ["其他"]), ("制度", ["通知", "意见"]),
    ("重要政策", ["通知", "意见", "方案"]), ("爱国卫生", ["工作动态"]), ("健康", ["工作动态"]),
    ("法治政府", ["报告"]), ("债务", ["公告"]), ("负面清单", ["通知"]), ("法律", ["其他"]),
    ("法规", ["其他"]), ("部门规章", ["其他"]),
]
ACTIONS = ["关于印发", "关于做好", "关于进一步加强", "关于开展", "关于公布", "关于调整", "关于推进", "关于实施"]


def png_bytes() -> bytes:
    """A valid 1×1 grey PNG (placeholder for 一图读懂 images and video posters)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def mp4_bytes() -> bytes:
    """A well-formed ISO BMFF (MP4) file: ftyp + moov/mvhd, no media tracks (placeholder)."""
    ftyp = struct.pack(">I4s4sI4s4s", 24, b"ftyp", b"isom", 0x200, b"isom", b"mp41")
    mvhd_body = (struct.pack(">IIIII", 0, 0, 0, 1000, 0) + struct.pack(">IH", 0x00010000, 0x0100)
                 + b"\x00" * 10 + struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
                 + b"\x00" * 24 + struct.pack(">I", 1))
    mvhd = struct.pack(">I4s", 8 + len(mvhd_body), b"mvhd") + mvhd_body
    return ftyp + struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
PNG = png_bytes()
MP4 = mp4_bytes()


@dataclass
class Doc:
    """One document being written: front matter (ordered, Chinese keys) and files beside it."""

    agency: SynthAgency
    index_no: str
    folder: str  # content/<agency>/<year>
    stem: str
    meta: dict = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # name beside the .md → bytes


class Generator:
    """Writes one synthetic site; every random choice comes from one seeded Random."""

    def __init__(self, out: Path, n: int, seed: int = 1, build_date: dt.date = DEFAULT_BUILD_DATE,
                 body_chars: int | None = None):
        self.out = Path(out)
        self.body_chars = body_chars  # None: about 4,000 characters a body
        self.n = n
        self.seed = seed
        self.rng = random.Random(seed)
        self.build_date = build_date
        self.catalog = load_catalog(REPO)[0]  # the site catalog.yaml describes
        self.writer = BodyWriter(load_pool(REPO))
        self.codes = {a.id: a.local_code or a.credit_code(i) for i, a in enumerate(AGENCIES)}
        self.serials: dict[tuple[str, int], int] = {}
        self.doc_nos: dict[tuple[str, int], int] = {}
        self.recent_public: deque[str] = deque(maxlen=64)  # doc: link targets
        self.written = 0
        self.edit_sample = ""  # an ordinary published document (bench_build.py's one-document edit)
        self.dirs: set[Path] = set()
        self.columns = self._columns()

    # --- catalogue ---------------------------------------------------------------

    def _columns(self) -> dict[str, list[str]]:
        """Leaf columns by role, as full path texts ('政务公开>政府信息公开>…')."""
        roles: dict[str, list[str]] = {"list": [], "library": [], "rules": [], "interp": [], "reports": []}
        for root in self.catalog.columns:
            for column in root.walk():
                if column.children:
                    continue
                path = column.path_text
                if column.kind == KIND_LIBRARY:
                    roles["library"].append(path)
                elif column.kind == KIND_INTERPRETATIONS:
                    roles["interp"].append(path)
                elif column.kind == "reports":
                    roles["reports"].append(path)
                elif column.kind == KIND_LIST and column.name == "政府规章":
                    roles["rules"].append(path)
                elif column.kind == KIND_LIST:
                    roles["list"].append(path)
        return roles

    def write_catalog(self) -> None:
        data = yaml.safe_load((REPO / "catalog.yaml").read_text(encoding="utf-8"))
        data["site"].update(name="演示市人民政府 政府信息公开（合成测试站点）",
                            sponsor="演示市人民政府办公厅（合成数据，非真实机关）",
                            organizer="演示市大数据发展局（合成数据，非真实机关）",
                            contact="合成测试站点，无真实联系电话；电子邮箱 demo@example.gov.cn",
                            index_no_pattern=INDEX_NO_PATTERN)
        data["agencies"] = [
            {"id": a.id, "name": a.name, **({"local_code": a.local_code} if a.local_code
                                           else {"credit_code": self.codes[a.id]}),
             "folders": [f"content/{a.id}"]} for a in AGENCIES]
        header = ("# 合成测试站点（benchmarks/generate.py 生成，请勿手工修改）。\n"
                  "# 栏目树和站点信息取自本仓库的演示 catalog.yaml；机构均为虚构的“演示市”机构，\n"
                  "# 统一社会信用代码按 GB 32100 校验规则生成，不属于任何真实机关。\n")
        text = header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (self.out / "catalog.yaml").write_text(text, encoding="utf-8")
        for agency in data["agencies"]:  # a declared folder is there, with documents or not yet (GK019)
            for folder in agency["folders"]:
                (self.out / folder).mkdir(parents=True, exist_ok=True)
        for key in ("conac_badge", "police_emblem"):  # the footer's images are files of the site
            if data["site"].get(key):
                image = self.out / data["site"][key]
                image.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(REPO / data["site"][key], image)

    # --- identifiers -------------------------------------------------------------

    def _index_no(self, agency: SynthAgency, year: int) -> tuple[str, str]:
        key = (agency.id, year)
        self.serials[key] = self.serials.get(key, 0) + 1
        serial = f"{self.serials[key]:05d}"
        return f"{self.codes[agency.id]}/{year}-{serial}", serial

    def _doc_no(self, agency: SynthAgency, year: int, order: bool = False) -> str:
        key = (agency.id + ("令" if order else ""), year if not order else 0)
        self.doc_nos[key] = self.doc_nos.get(key, 0) + 1
        if order:
            return f"{agency.name}令第{self.doc_nos[key]}号"
        return f"{agency.prefix}〔{year}〕{self.doc_nos[key]}号"  # GB/T 9704-2012

    # --- dates -------------------------------------------------------------------

    def _date_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def _written_before(self, published: dt.date) -> dt.date:
        return published - dt.timedelta(days=self.rng.randint(0, 15))

    # --- one document ------------------------------------------------------------

    def new_doc(self, agency: SynthAgency, published: dt.date, paths: list[str], genre: str,
                title: str | None = None, doc_no: bool | str = True, topic: str | None = None,
                written: dt.date | None = None) -> Doc:
        written = written or self._written_before(published)
        index_no, serial = self._index_no(agency, published.year)
        if doc_no is True:
            doc_no = self._doc_no(agency, written.year) if genre not in ("工作动态", "其他") else ""
        subject = self.rng.choice(self.writer.pool.phrases)
        title = title or f"{agency.name}{self.rng.choice(ACTIONS)}{subject}的{genre if genre in ('通知', '意见', '公告', '通告', '决定', '批复', '报告', '方案', '规划') else '通知'}"
        if genre == "工作动态":
            title = f"{agency.name}{subject}"
        meta = {
            "标题": title,
            "索引号": index_no,
            **({"发文字号": doc_no} if doc_no else {}),
            "发布机构": agency.name,
            "主题分类": topic or (agency.topic if self.rng.random() < 0.8 else self.rng.choice(DEFAULT_TOPICS)),
            "体裁分类": genre,
            "成文日期": written,
            "发布日期": published,
        }
        doc = Doc(agency, index_no, f"content/{agency.id}/{published.year}", serial, meta)
        doc.meta["公开属性"] = "主动公开"
        doc.meta["公开路径"] = paths
        first = self.writer.sentence(self.rng, written.year)
        doc.meta["关键词"] = "、".join(p[:8].strip(",，、；：") for p in self.rng.sample(self.writer.pool.phrases, 2))
        doc.meta["内容概述"] = first[:80]
        return doc

    def write(self, doc: Doc, body_target: int | None = None) -> None:
        meta = doc.meta
        written = meta["成文日期"]
        ctx = BodyContext(agency=doc.agency.name, title=meta["标题"], doc_no=meta.get("发文字号", ""),
                          year=written.year, date_text=cn_date(written.year, written.month, written.day),
                          units=[a.name.removeprefix("演示市") for a in self.rng.sample(AGENCIES, 4)],
                          with_table=self.rng.random() < 0.4,
                          links=tuple(self.recent_public) if self.rng.random() < 0.15 else ())
        mode = self.body_chars or 4000
        target = body_target or int(self.rng.triangular(0.7 * mode, 1.4 * mode, mode))
        body = self.writer.body(self.rng, ctx, target)
        folder = self.out / doc.folder
        if folder not in self.dirs:
            folder.mkdir(parents=True, exist_ok=True)
            self.dirs.add(folder)
        for name, data in doc.files.items():
            (folder / name).write_bytes(data)
        (folder / f"{doc.stem}.md").write_text("---\n" + _front_matter(meta) + "---\n\n" + body, encoding="utf-8")
        self.written += 1
        if meta.get("公开属性") == "主动公开" and meta["发布日期"] <= self.build_date:
            self.recent_public.append(doc.index_no)
            if not self.edit_sample and self.written > self.n // 2 and "有效性" not in meta \
                    and "解读对象" not in meta and "年报数据" not in meta:
                self.edit_sample = f"{doc.folder}/{doc.stem}.md"  # benchmarks edit this one

    # --- units: what gets written together ------------------------------------------

    def agency(self) -> SynthAgency:
        return self.rng.choice(AGENCIES)

    def genre_for(self, path: str) -> str:
        for word, genres in COLUMN_GENRES:
            if word in path.rsplit(">", 1)[-1]:
                return self.rng.choice(genres)
        return self.rng.choice(["通知", "意见", "通告", "公告", "方案"])

    def ordinary(self, published: dt.date, path: str | None = None, **meta) -> list[Doc]:
        path = path or self.rng.choice(self.columns["list"])
        paths = [path]
        if "重要政策" in path and self.rng.random() < 0.5:
            paths.append("政务公开>政府信息公开目录>政策文件>其他文件")
        doc = self.new_doc(self.agency(), published, paths, self.genre_for(path))
        # a document not public at the build date may name no attachment (GK726 error, GK727 warning);
        # the draw is made for every document so the others stay as they were
        if self.rng.random() < 0.04 and meta.get("公开属性", "主动公开") == "主动公开" and published <= self.build_date:
            doc.files[f"{doc.stem}-fj1.pdf"] = PDF
            doc.meta["附件"] = [{"name": "附件1", "file": f"{doc.stem}-fj1.pdf"}]
        doc.meta.update(meta)
        return [doc]

    def library(self, published: dt.date, validity: str = "有效", path: str | None = None) -> Doc:
        paths = [path or self.rng.choice(self.columns["library"])]
        if self.rng.random() < 0.3:
            paths.append("政务公开>政府信息公开目录>政策文件>其他文件")
        doc = self.new_doc(self.agency(), published, paths, "行政规范性文件")
        doc.meta["有效性"] = validity
        if validity == "有效" and self.rng.random() < 0.3:
            doc.meta["施行日期"] = published + dt.timedelta(days=self.rng.randint(0, 30))
            doc.meta["有效期至"] = doc.meta["施行日期"] + dt.timedelta(days=365 * 5)
        return doc

    def library_chain(self, length: int, abolish: bool) -> list[Doc]:
        """A → B (→ C): each older version 失效 (or 废止) and replaced by the next."""
        span = (self.build_date - FIRST_DATE).days
        step = max(1, span // (length + 1))
        dates = [FIRST_DATE + dt.timedelta(days=self.rng.randint(i * step, (i + 1) * step - 1))
                 for i in range(length)]
        docs = [self.library(date) for date in dates]
        for old, new in zip(docs, docs[1:]):
            old.meta["替代文件"] = new.index_no
            if abolish and old is docs[0]:
                old.meta["有效性"] = "废止"
                old.meta["废止日期"] = new.meta["发布日期"]
            else:
                old.meta["有效性"] = "失效"
            old.meta.pop("有效期至", None)
            old.meta.pop("施行日期", None)
        return docs

    def library_expired(self) -> list[Doc]:
        published = self._date_between(FIRST_DATE, self.build_date - dt.timedelta(days=3 * 365))
        doc = self.library(published, "失效")
        doc.meta.pop("施行日期", None)
        doc.meta["有效期至"] = published + dt.timedelta(days=2 * 365)
        return [doc]

    def library_amended(self) -> list[Doc]:
        first = self._date_between(FIRST_DATE, self.build_date - dt.timedelta(days=400))
        old, new = self.library(first, "已修改"), self.library(self._date_between(first + dt.timedelta(days=30), self.build_date))
        old.meta.pop("有效期至", None)
        old.meta.pop("施行日期", None)
        old.meta["修改文件"] = new.index_no
        return [old, new]

    def rule(self, published: dt.date) -> list[Doc]:
        written = self._written_before(published)
        doc = self.new_doc(GOVERNMENT, published, [self.rng.choice(self.columns["rules"])], "规章",
                           doc_no=self._doc_no(GOVERNMENT, written.year, order=True), written=written,
                           title=f"演示市{self.rng.choice(self.writer.pool.phrases)}办法")
        doc.meta["有效性"] = "有效"
        doc.meta["施行日期"] = published + dt.timedelta(days=30)
        return [doc]

    def interpretation(self, published: dt.date, column: str | None = None) -> list[Doc]:
        """A policy and its 政策解读, published the same day (同步发布), media included."""
        column = column or self.rng.choice(self.columns["interp"])
        parent = column.rsplit(">", 1)[0]
        form = column.rsplit(">", 1)[1] if column.endswith(("文字", "图片", "视频")) else \
            self.rng.choices(["文字", "图片", "视频"], [6, 3, 2])[0]
        if parent.endswith("政策解读"):  # 政策解读>文字|图片|视频 → policy in the library or 政策文件
            policy = self.library(published) if self.rng.random() < 0.5 else \
                self.ordinary(published, "政务公开>政府信息公开目录>政策文件>其他文件")[0]
        else:  # 疫情防控>政策解读 ↔ 疫情防控>重要政策
            policy = self.ordinary(published, parent + ">重要政策")[0]
        agency = policy.agency
        title = f"一图读懂《{policy.meta['标题']}》" if form == "图片" else \
            f"《{policy.meta['标题']}》政策解读" + ("（视频）" if form == "视频" else "")
        doc = self.new_doc(agency, published, [column], "政策解读", title=title, doc_no=False,
                           written=published, topic=policy.meta["主题分类"])
        doc.meta["解读对象"] = policy.index_no
        doc.meta["解读形式"] = form
        if form == "图片":
            doc.files[f"{doc.stem}-jd.png"] = PNG
            doc.meta["媒体"] = {"file": f"{doc.stem}-jd.png", "alt": f"一图读懂：{policy.meta['标题']}的主要内容"}
        elif form == "视频":
            doc.files[f"{doc.stem}-jd.mp4"] = MP4
            doc.files[f"{doc.stem}-jd-poster.png"] = PNG
            doc.meta["媒体"] = {"file": f"{doc.stem}-jd.mp4", "poster": f"{doc.stem}-jd-poster.png",
                              "alt": f"视频解读：{policy.meta['标题']}"}
        return [policy, doc]

    def random_unit(self, remaining: int) -> list[Doc]:
        r = self.rng.random()
        published = self._date_between(FIRST_DATE, self.build_date)
        if r < 0.01:  # 依申请公开: never published
            return self.ordinary(published, 公开属性="依申请公开")
        if r < 0.02:  # scheduled: published after the build date
            return self.ordinary(self.build_date + dt.timedelta(days=self.rng.randint(1, 60)))
        if r < 0.14:
            return [self.library(published)]
        if r < 0.16:
            return self.rule(published)
        if remaining >= 3 and r < 0.19:
            return self.library_chain(self.rng.choice([2, 2, 3]), abolish=self.rng.random() < 0.4)
        if r < 0.205:
            return self.library_expired()
        if remaining >= 2 and r < 0.22:
            return self.library_amended()
        if remaining >= 2 and r < 0.32:
            return self.interpretation(published)
        return self.ordinary(published)

    def fresh_units(self):
        """One recent document per leaf column: nothing is stale on the build date."""
        def recent() -> dt.date:
            return self.build_date - dt.timedelta(days=self.rng.randint(0, 9))
        for path in self.columns["list"]:
            yield 1, lambda p=path: self.ordinary(recent(), p)
        for path in self.columns["library"]:
            yield 1, lambda p=path: [self.library(recent(), path=p)]
        for _path in self.columns["rules"]:  # one 规章 per rules column; rule() picks its column itself
            yield 1, lambda: self.rule(recent())
        for path in self.columns["interp"]:
            yield 2, lambda p=path: self.interpretation(recent(), p)
        # At least one document of each kind the publishing gate keeps out of the output.
        yield 1, lambda: self.ordinary(recent(), 公开属性="依申请公开")
        yield 1, lambda: self.ordinary(self.build_date + dt.timedelta(days=self.rng.randint(1, 60)))

    # --- annual reports -------------------------------------------------------------

    def reports(self, count: int) -> list[Doc]:
        """`count` annual reports (2021 format), latest years first, consistent R1–R6."""
        years = range(self.build_date.year - 1, FIRST_DATE.year, -1)
        slots = [(year, agency) for year in years for agency in AGENCIES][:count]
        docs = []
        carry: dict[str, dict[str, int]] = {}
        for year, agency in sorted(slots, key=lambda s: (s[1].id, s[0])):
            published = dt.date(year + 1, 1, 1) + dt.timedelta(days=self.rng.randint(5, 80))
            data, carry[agency.id] = annual_data(self.rng, carry.get(agency.id))
            doc = self.new_doc(agency, published, [self.columns["reports"][0]], "年度报告", doc_no=False,
                               title=f"{agency.name}{year}年政府信息公开工作年度报告", written=published,
                               topic="综合政务\\政务公开")
            doc.meta.update({"年度": year, "年报格式": 2021, "年报数据": data})
            docs.append(doc)
        return docs

    # --- the whole site --------------------------------------------------------------

    def run(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.write_catalog()
        fresh = list(self.fresh_units())
        fresh_needed = sum(size for size, _ in fresh)
        for doc in self.reports(min(len(AGENCIES) * 10, self.n // 200)):
            self.write(doc, body_target=1500)
        while self.n - self.written > fresh_needed:
            for doc in self.random_unit(self.n - self.written - fresh_needed):
                self.write(doc)
        for size, make in fresh:
            if self.n - self.written >= size:
                for doc in make():
                    self.write(doc)
        while self.written < self.n:  # sites too small for a document per column
            for doc in self.ordinary(self._date_between(FIRST_DATE, self.build_date)):
                self.write(doc)
        manifest = {"generator": GENERATOR_VERSION, "documents": self.n, "seed": self.seed,
                    "build_date": self.build_date.isoformat(), "edit_sample": self.edit_sample}
        (self.out / "generated.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                                 encoding="utf-8")


T3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
T3_OUTCOMES = {
    "予以公开": None, "部分公开": None,
    "不予公开": ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
             "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"],
    "无法提供": ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
    "不予处理": ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
             "要求行政机关确认或重新出具已获取信息"],
    "其他处理": ["逾期不补正", "逾期未缴费", "其他"],
}
T4_BLOCKS = ["行政复议", "未经复议直接起诉", "复议后起诉"]
T4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结"]


def annual_data(rng: random.Random, carried: dict[str, int] | None) -> tuple[dict, dict[str, int]]:
    """年报数据 (2021 format) whose tables satisfy R1–R4, and R6 against last year's carry-over."""
    scale = {"自然人": 400, "商业企业": 60, "科研机构": 8, "社会公益组织": 6, "法律服务机构": 20, "其他": 4}

    def row(values: dict[str, int]) -> dict[str, int]:
        return {**values, "总计": sum(values.values())}

    t3: dict = {}
    totals = {c: 0 for c in T3_COLUMNS}
    for key, subs in T3_OUTCOMES.items():
        items = {key: None} if subs is None else {sub: None for sub in subs}
        group = {}
        for name in items:
            factor = 1.0 if name in ("予以公开",) else 0.15
            values = {c: rng.randint(0, max(1, int(scale[c] * factor))) for c in T3_COLUMNS}
            for c in T3_COLUMNS:
                totals[c] += values[c]
            group[name] = row(values)
        t3[key] = group[key] if subs is None else group
    previous = carried or {c: rng.randint(0, scale[c] // 10) for c in T3_COLUMNS}
    forward = {c: rng.randint(0, scale[c] // 10) for c in T3_COLUMNS}
    # R1: 本年新收 + 上年结转 = 总计 + 结转下年度, so 本年新收 is what balances the column.
    received = {c: max(0, totals[c] + forward[c] - previous[c]) for c in T3_COLUMNS}
    forward = {c: received[c] + previous[c] - totals[c] for c in T3_COLUMNS}
    data = {
        "主动公开": {
            "规章": {"本年制发件数": "auto", "本年废止件数": "auto", "现行有效件数": "auto"},
            "行政规范性文件": {"本年制发件数": "auto", "本年废止件数": "auto", "现行有效件数": "auto"},
            "行政许可": {"本年处理决定数量": rng.randint(100, 90000)},
            "行政处罚": {"本年处理决定数量": rng.randint(10, 9000)},
            "行政强制": {"本年处理决定数量": rng.randint(0, 900)},
            "行政事业性收费": {"本年收费金额": round(rng.uniform(10, 9000), 2)},
        },
        "依申请公开": {"本年新收": row(received), "上年结转": row(previous), **t3,
                   "总计": row(totals), "结转下年度": row(forward)},
        "复议诉讼": {block: row({c: rng.randint(0, 20) for c in T4_COLUMNS}) for block in T4_BLOCKS},
    }
    return data, forward


class _Dumper(yaml.SafeDumper):
    """Front matter as staff write it: no YAML anchors (&id001) when two dates are equal."""

    def ignore_aliases(self, data) -> bool:
        return True


def _front_matter(meta: dict) -> str:
    return yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000,
                     default_flow_style=None)


def generate(out: Path, n: int, seed: int = 1, build_date: dt.date = DEFAULT_BUILD_DATE,
             body_chars: int | None = None) -> Path:
    """Write a synthetic site of `n` documents into `out` (created if missing)."""
    Generator(out, n, seed, build_date, body_chars).run()
    return Path(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("out", type=Path, help="output folder (the site root)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-date", type=dt.date.fromisoformat, default=DEFAULT_BUILD_DATE,
                        help=f"the date the site is checked and built on (default {DEFAULT_BUILD_DATE})")
    parser.add_argument("--body-chars", type=int, help="the commonest length of a body in characters (default "
                        "about 4,000, ~12 KB; 700 makes ~2 KB documents)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if (args.out / "content").exists():
        parser.error(f"{args.out}/content already exists; choose an empty folder")
    generate(args.out, args.n, args.seed, args.build_date, args.body_chars)
    print(f"{args.n} documents written to {args.out} (seed {args.seed}, build date {args.build_date})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
