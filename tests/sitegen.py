"""A small deterministic generator of synthetic sites for the build-engine tests and timings.

`generate(root, n)` copies the demo site's catalog.yaml and content/ into
`root` and adds `n` documents of 重庆市人民政府办公厅 that pass every check:
valid 索引号, columns across the catalogue, tables, 规范性文件 with 有效期至,
replaced and abolished documents, 政策解读 linked to their policies, and
links between documents. (benchmarks/generate.py is the full benchmark generator.)

    python tests/sitegen.py DIR N [BODY_CHARS]
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODE = "11500000009275780L"
FOLDER = "content/cqszfbgt/gen"
PATHS = [
    "政府信息公开>法定主动公开内容>规划信息>专项规划",
    "政府信息公开>法定主动公开内容>规划信息>区域规划",
    "政府信息公开>法定主动公开内容>统计信息",
    "政府信息公开>法定主动公开内容>行政许可",
    "政府信息公开>法定主动公开内容>预算/决算",
    "政府信息公开>法定主动公开内容>政府采购",
    "政府信息公开目录>疫情防控>重要政策",
    "政府信息公开目录>市场准入负面清单",
]
LIBRARY = "政府信息公开>法定主动公开内容>履职依据>规范性文件"
INTERPRETATION = "政府信息公开目录>政策解读>文字"
TOPICS = ["综合政务", "财政、金融、审计", "农业、林业、水利", "卫生、体育"]
WORDS = "政务公开工作要点深化决策公开推进管理服务结果公开加强政策解读回应社会关切提升平台建设水平"


def index_no(i: int) -> str:
    return f"{CODE}/{2022 + i % 4}-{i // 4 + 1:05d}"


def published(i: int) -> dt.date:
    year = 2022 + i % 4
    return dt.date(year, 1, 1) + dt.timedelta(days=(i * 37) % 300)


def body(i: int, chars: int, rng: random.Random, n: int) -> str:
    parts = ["## 一、总体要求\n"]
    while sum(len(p) for p in parts) < chars:
        words = "".join(rng.choice(WORDS) for _ in range(120))
        parts.append(words + "。\n")
        if len(parts) % 6 == 0:
            parts.append(f"## {len(parts)}、具体措施\n")
    parts.append("\n| 项目 | 数量 | 说明 |\n| --- | ---: | --- |\n"
                 + "".join(f"| 项目{k} | {rng.randint(1, 999)} | 按期完成 |\n" for k in range(4)))
    if n > 1:
        parts.append(f"\n参见[相关文件](doc:{index_no((i + 1) % n)})。\n")
    return "\n".join(parts)


def document(i: int, n: int, chars: int, rng: random.Random) -> str:
    day = published(i)
    lines = ["---", f"标题: 重庆市人民政府办公厅关于{rng.choice(TOPICS)}工作的通知（{i}）",
             f"索引号: {index_no(i)}", f"发文字号: 渝府办发〔{day.year}〕{i // 4 + 1}号",
             "发布机构: 重庆市人民政府办公厅", f"主题分类: {TOPICS[i % len(TOPICS)]}",
             f"成文日期: {day.isoformat()}", f"发布日期: {day.isoformat()}", "公开属性: 主动公开"]
    if i % 10 == 9 and i > 0:
        lines += ["体裁分类: 政策解读", f"解读对象: {index_no(i - 1)}", "公开路径:", f"  - {INTERPRETATION}"]
    elif i % 5 == 0:
        lines += ["体裁分类: 行政规范性文件", "有效性: 有效", "公开路径:", f"  - {LIBRARY}"]
        if i % 15 == 0:
            lines.append(f"有效期至: {(day + dt.timedelta(days=400)).isoformat()}")
        if i % 25 == 0:
            lines.append(f"废止日期: {(day + dt.timedelta(days=200)).isoformat()}")
        if i % 20 == 0 and i + 4 < n:
            lines.append(f"替代文件: {index_no(i + 4)}")
    else:
        lines += ["体裁分类: 通知", "公开路径:", f"  - {PATHS[i % len(PATHS)]}"]
    return "\n".join(lines) + "\n---\n\n" + body(i, chars, rng, n)


def generate(root: Path, n: int, body_chars: int = 600, seed: int = 8) -> Path:
    """Write the demo site plus `n` generated documents into `root`; returns `root`."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "catalog.yaml", root / "catalog.yaml")
    shutil.copytree(REPO / "content", root / "content", dirs_exist_ok=True)
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        (folder / f"d{i:06d}.md").write_text(document(i, n, body_chars, rng), encoding="utf-8")
    return root


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 600)
