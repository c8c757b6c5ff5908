"""Round 34, F: joint_form and catalog aliases. Real-looking queries on tests/real, `gkssg search --json` of this
checkout vs the checkout before the real33 merge (b2241a7^1, unpacked at $OLD): result count and first title;
a line per query where they differ. Also the static index's Python reader (tests/search_reader.py, which the
browser tests hold to search.js) vs the CLI for the same queries."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from r33_common import DATE, PY, REPO, WORK, attack_sites

OLD = Path(os.environ.get("OLD", "/tmp/h34/old"))
QUERIES = [
    "内蒙古依申请公开办法", "内蒙古自治区依申请公开", "广安区城市精细化管理细则", "龙游2022政府信息公开工作报告",
    "海南博鳌乐城", "海南博鳌乐城国际医疗旅游先行区", "湖北巴东县地质灾害", "湖北巴东", "辽宁曾培炎", "四川温家宝",
    "西藏审计厅年度报告", "西藏国资委", "西藏国有资产监督管理委员会", "云南民政厅", "云南民政厅通知",
    "广东政府信息公开工作年度报告", "广东省人民政府年度报告", "怀远县防汛抗旱应急预案", "河池市政府投资项目管理办法",
    "河口县大面积停电事件应急预案", "河池政府投资项目管理办法", "重庆食品安全突发事件应急预案", "渝中区消防救援规划",
    "江西庐山市年度报告", "新疆乌恰县审计局", "新疆伊州区政府信息公开指南", "浙江龙游年度报告", "河南淅川森林火灾应急预案",
    "河北蔚县突发公共卫生事件", "山东梁山突发事件总体应急预案", "山东济宁市县同权", "安徽蒙城禁止燃放烟花爆竹",
    "福建安溪森林防火禁火令", "黑龙江五大连池", "陕西镇巴县工作规则", "甘肃武威政府信息公开", "甘肃民乐县应急预案",
    "贵州册亨县地质灾害应急预案", "广西柳城古砦仫佬族乡", "云南牟定突发环境事件应急预案", "湖南湘阴年度报告",
    "湖南岳阳云溪区政府性投资项目管理办法", "北京政务新媒体", "政务新媒体健康有序发展的意见", "上海合作",
    "天津港", "吉林大学", "香港澳门台湾同胞", "北京路街道", "山东路小学", "江苏靖江生态河湖行动实施方案",
    "浙江瑞安说理性行政处罚文书", "高青县行政规范性文件管理办法", "铜川市规范性文件清理结果",
]


def site_copy(name):
    return attack_sites.real_copy(WORK, name)


def search(code_root, site, q):
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    p = subprocess.run([PY, "-m", "gkssg", "search", "--site", str(site), "--date", DATE, "--json", "--limit", "50", q],
                       capture_output=True, text=True, env=env, timeout=300)
    try:
        data = json.loads(p.stdout)
    except ValueError:
        return None, (p.stdout + p.stderr)[-150:]
    rows = data if isinstance(data, list) else data.get("results", [])
    return rows, None


def main(qs):
    new_site, old_site = site_copy("search-new"), site_copy("search-old")
    for q in qs:
        n, ne = search(REPO, new_site, q)
        o, oe = search(OLD, old_site, q)
        if ne or oe:
            print(f"{q}: error new {ne} old {oe}", flush=True)
            continue
        nt = [r["title"][:28] for r in n]
        ot = [r["title"][:28] for r in o]
        lost = [t for t in ot if t not in nt]
        mark = "LESS" if len(n) < len(o) or lost else ("FIRST" if nt[:1] != ot[:1] else "")
        print(f"{q:24} new {len(n):2} old {len(o):2} {mark:5} new1 {nt[:1]} old1 {ot[:1]} lost {lost[:2]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or QUERIES)
