"""Realistic Chinese bodies for synthetic documents, sampled from the demo content.

The sentences come from the repository's own content/ (real documents, see
docs/demo-content.md) with every real place name replaced by the fictional
演示市, so a synthetic document never speaks for a real agency. A body is
assembled from headings, paragraphs, numbered lists and Markdown tables until
it reaches its target length (about 4,000 characters).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

# Real names in the demo documents → the fictional city of the synthetic sites.
PLACES = [
    ("重庆两江新区", "演示新区"), ("两江新区", "演示新区"), ("重庆市", "演示市"), ("重庆", "演示市"),
    ("通辽市", "演示市"), ("通辽", "演示市"), ("黔江区", "演示区"), ("黔江", "演示区"),
    ("内蒙古自治区", "演示省"), ("内蒙古", "演示省"), ("自治区", "省"), ("奈曼旗", "演示县"),
    ("旗县市区", "区县"), ("渝", "演"), ("内政办发", "演政办发"), ("通党办字", "演党办字"),
    ("通政发", "演政发"), ("通政公字", "演政公字"),
]
CN_NUMBERS = "一二三四五六七八九十"
_ENUM = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]|^\d+[.、．]")
_LONG_DIGITS = re.compile(r"\d{7,}")  # never anything that looks like a phone or ID number
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?=年)")


def _demo_bodies(repo: Path) -> list[str]:
    bodies = []
    for path in sorted((repo / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        parts = text.split("\n---\n", 1)
        bodies.append(parts[1] if len(parts) == 2 else text)
    return bodies


def _localise(text: str) -> str:
    for real, fictional in PLACES:
        text = text.replace(real, fictional)
    return text


@dataclass
class Pool:
    """Sentences and short phrases (headings, table cells) to sample from."""

    sentences: list[str]
    phrases: list[str]


def load_pool(repo: Path) -> Pool:
    """Split the demo documents into sentences (。) and short heading-like phrases."""
    sentences: set[str] = set()
    phrases: set[str] = set()
    for body in _demo_bodies(repo):
        for line in body.splitlines():
            line = line.strip()
            if not line or line.startswith(("|", "#", "<", "*", "-")) or "公开路径" in line:
                if line.startswith("#"):
                    title = _localise(line.lstrip("#").strip())
                    title = re.sub(r"^[一二三四五六七八九十]+、", "", title)
                    if 4 <= len(title) <= 30 and not _LONG_DIGITS.search(title):
                        phrases.add(title)
                continue
            line = _localise(line)
            for number, piece in enumerate(line.split("。")):
                piece = piece.strip()
                if number == 0 and _ENUM.match(piece):
                    head = _ENUM.sub("", piece).strip()
                    if 4 <= len(head) <= 24:
                        phrases.add(head)  # “（一）深化营商环境信息公开。” → a heading
                        continue
                    piece = head
                if 12 <= len(piece) <= 220 and not _LONG_DIGITS.search(piece) and "|" not in piece:
                    sentences.add(piece + "。")
    return Pool(sorted(sentences), sorted(phrases))


def cn_index(number: int) -> str:
    """1 → 一, 11 → 十一 (section numbers up to 99)."""
    if number <= 10:
        return CN_NUMBERS[number - 1]
    tens, ones = divmod(number, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def cn_date(year: int, month: int, day: int) -> str:
    return f"{year}年{month}月{day}日"


@dataclass
class BodyContext:
    """What a body mentions: the issuing agency, its document number and date."""

    agency: str
    title: str
    doc_no: str
    year: int
    date_text: str  # 2021年6月6日
    units: list[str]  # names of other agencies (table cells: 牵头单位, 责任单位)
    with_table: bool = False
    links: tuple[str, ...] = ()  # index numbers the body may cite as doc: links


class BodyWriter:
    """Assembles Markdown bodies of a target length from a Pool."""

    def __init__(self, pool: Pool):
        self.pool = pool

    def sentence(self, rng: random.Random, year: int) -> str:
        return _YEAR.sub(str(year), rng.choice(self.pool.sentences))

    def paragraph(self, rng: random.Random, year: int, count: int) -> str:
        return "".join(self.sentence(rng, year) for _ in range(count))

    def table(self, rng: random.Random, ctx: BodyContext) -> str:
        kind = rng.randrange(3)
        if kind == 0:
            head = ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
            rows = [[str(i), rng.choice(self.pool.phrases), rng.choice(ctx.units),
                     "、".join(rng.sample(ctx.units, min(2, len(ctx.units)))),
                     f"{ctx.year}年{rng.randint(3, 12)}月底前"] for i in range(1, rng.randint(5, 12))]
        elif kind == 1:
            head = ["项目名称", "实施单位", "总投资（万元）", "本年计划（万元）", "进度"]
            rows = [[rng.choice(self.pool.phrases), rng.choice(ctx.units), f"{rng.randint(200, 900000):,}",
                     f"{rng.randint(50, 90000):,}", rng.choice(["前期", "在建", "竣工", "已投用"])]
                    for _ in range(rng.randint(4, 10))]
        else:
            head = ["指标", "单位", f"{ctx.year}年", f"{ctx.year - 1}年", "同比增长（%）"]
            rows = [[rng.choice(self.pool.phrases)[:12], rng.choice(["亿元", "万人", "件", "个", "%"]),
                     f"{rng.uniform(1, 9000):.1f}", f"{rng.uniform(1, 9000):.1f}", f"{rng.uniform(-20, 30):.1f}"]
                    for _ in range(rng.randint(4, 10))]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)

    def body(self, rng: random.Random, ctx: BodyContext, target: int) -> str:
        """A document body of about `target` characters."""
        year = ctx.year
        out = [ctx.agency, "", ctx.title, ""]
        if ctx.doc_no:
            out += [ctx.doc_no, ""]
        out += [rng.choice(["各区县（自治县）人民政府，市政府各部门，有关单位：", "各街道办事处，委机关各部门，各驻区机构：",
                            "各乡、镇人民政府，各街道办事处，区政府各部门，有关单位："]), ""]
        out += [self.paragraph(rng, year, rng.randint(2, 4)), ""]
        if ctx.links:
            cited = rng.choice(ctx.links)
            out += [f"本文件与[相关文件](doc:{cited})配套执行，{self.sentence(rng, year)}", ""]
        size = sum(len(part) for part in out)
        table_at = rng.randint(1, 3) if ctx.with_table else -1
        section = 0
        while size < target:
            section += 1
            block = [f"## {cn_index(section)}、{rng.choice(self.pool.phrases)}", ""]
            for sub in range(1, rng.randint(2, 4)):
                block += [f"### （{cn_index(sub)}）{rng.choice(self.pool.phrases)}", ""]
                block += [self.paragraph(rng, year, rng.randint(2, 5)), ""]
            if rng.random() < 0.35:
                block += [f"{i}. {self.sentence(rng, year)}" for i in range(1, rng.randint(3, 6))] + [""]
            if section == table_at:
                block += [self.table(rng, ctx), ""]
            out += block
            size += sum(len(part) for part in block)
            if section > 60:  # a pathological pool never loops forever
                break
        out += [ctx.agency, "", ctx.date_text, "", "（此件公开发布）", ""]
        return "\n".join(out)
