"""Round 32, target 2: control and invisible characters from YAML double-quoted escapes in every front matter and
catalog field. Phase 1 (in-process load_and_check, no cache): which (escape, field) pairs are findings. Phase 2: for
each escape, one site with every pair the check let through, built; the raw character searched in every output file
(search shards decompressed), and in the terminal text of check/build."""
from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import sys

import yaml

os.environ.setdefault("H31", "/tmp/h32")
from r31_common import REPO, WORK, attack_sites, build, check, ids_outside  # noqa: E402

sys.path.insert(0, str(REPO))
from gkssg.build.pipeline import load_and_check  # noqa: E402

ESC = [r"\0", r"\a", r"\b", r"\t", r"\n", r"\v", r"\f", r"\r", r"\e", r"\x85", r"\N", r"\_", r"\L", r"\P",
       r"\u2028", r"\u2029", r"\ufeff", r"\x7f", r"\x80", r"\x9b", r"\x9f", r"\u202e", r"\u200b", r"\u200d",
       r"\u2066", r"\u00ad", r"\ud800", r"\udfff", r"\U000E0041"]
A = "content/ysq/2025-90023.md"
M = "content/ysq/2025-90026.md"


def fm_replace(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


def add_field(text, line):
    return text.replace("\n公开属性:", f"\n{line}\n公开属性:", 1)


FIELDS = {
    "标题": (A, lambda t, e: fm_replace(t, "标题: 演示区2026年度考试录用公务员公告", f'标题: "演示区2026年度考试{e}录用公务员公告"')),
    "发文字号": (A, lambda t, e: add_field(t, f'发文字号: "演示{e}区府发〔2025〕9号"')),
    "关键词": (A, lambda t, e: add_field(t, f'关键词: ["公务员{e}招考"]')),
    "内容概述": (A, lambda t, e: add_field(t, f'内容概述: "招录{e}计划"')),
    "发布机构": (A, lambda t, e: fm_replace(t, "发布机构: 演示市演示区人民政府", f'发布机构: "演示市演示区{e}人民政府"')),
    "主题分类": (A, lambda t, e: fm_replace(t, "主题分类: 劳动、人事、监察", f'主题分类: "劳动、人事、{e}监察"')),
    "公开路径": (A, lambda t, e: fm_replace(t, "  - 法定主动公开内容>公务员招考", f'  - "法定主动公开内容>公务员{e}招考"')),
    "附件name": (A, lambda t, e: fm_replace(t, "{name: 报名表（DOCX）,", f'{{name: "报名表{e}（DOCX）",')),
    "附件file": (A, lambda t, e: fm_replace(t, "file: files/bmb.docx}", f'file: "files/bm{e}b.docx"}}')),
    "媒体alt": (M, lambda t, e: fm_replace(t, "  alt: 一图读懂演示区", f'  alt: "一图{e}读懂演示区')
                .replace("（演示素材）\n公开属性", "（演示素材）\"\n公开属性", 1)),
    "媒体file": (M, lambda t, e: fm_replace(t, "  file: media/yitu.png", f'  file: "media/yi{e}tu.png"')),
    "cat_name": ("catalog.yaml", lambda t, e: fm_replace(t, "    name: 演示市演示区人民政府", f'    name: "演示市演示区人民政府{e}"')),
    "cat_alias": ("catalog.yaml", lambda t, e: fm_replace(t, "aliases: [演示区人民政府,", f'aliases: ["演示区{e}人民政府",')),
    "cat_column": ("catalog.yaml", lambda t, e: fm_replace(t, "          - name: 依申请公开\n", f'          - name: "依申请{e}公开"\n')),
    "cat_desc": ("catalog.yaml", lambda t, e: fm_replace(t, "            description: 申请获取", f'            description: "申请{e}获取')
                 .replace("的信息：依申请公开指南、申请渠道、政府信息公开申请表。\n", "的信息：依申请公开指南、申请渠道、政府信息公开申请表。\"\n", 1)),
    "cat_way": ("catalog.yaml", lambda t, e: fm_replace(t, "              - way: 当面提交", f'              - way: "当面{e}提交"')),
}


def char_of(esc):
    try:
        return yaml.safe_load(f'"{esc}"')
    except Exception as error:  # noqa: BLE001
        return f"<yaml: {type(error).__name__}>"


def apply(site, pairs):
    for field, esc in pairs:
        rel, fn = FIELDS[field]
        p = site / rel
        p.write_text(fn(p.read_text(encoding="utf-8"), esc), encoding="utf-8")


def contents(p):
    data = p.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except OSError:
            pass
    return data


def raw_hits(out, ch):
    b = ch.encode("utf-8", "surrogatepass")
    hits = []
    for p in sorted(out.rglob("*")):
        if p.is_file() and not p.is_symlink() and b in contents(p):
            hits.append(p.relative_to(out).as_posix())
    return hits


def phase1(esc):
    let = []
    res = {}
    for field in FIELDS:
        site = attack_sites.demo_copy(WORK, "ctl-p1")
        ids_outside(site)
        try:
            apply(site, [(field, esc)])
        except AssertionError as e:
            res[field] = f"assert {e}"
            continue
        try:
            _, f = load_and_check(site, dt.date(2026, 12, 7))
            errs = sorted({x.code for x in f.items if x.severity == "error"})
        except Exception as error:  # noqa: BLE001
            errs = [f"EXC {type(error).__name__}: {error}"[:120]]
        res[field] = errs
        if not errs:
            let.append(field)
    return let, res


BASE = {}


def baseline_hits(ch):
    if "site" not in BASE:
        site = attack_sites.demo_copy(WORK, "ctl-base")
        ids_outside(site)
        build(site)
        BASE["site"] = site
    return set(raw_hits(BASE["site"] / "public", ch))


if __name__ == "__main__":
    escs = sys.argv[1:] or ESC
    for esc in escs:
        ch = char_of(esc)
        let, res = phase1(esc)
        print(f"== {esc} -> {ch!r}: errors per field: " + "; ".join(f"{k}:{','.join(v) if isinstance(v, list) else v}" for k, v in res.items()), flush=True)
        if not let or not isinstance(ch, str) or ch.startswith("<yaml"):
            continue
        name = "ctl-" + re.sub(r"[^a-z0-9]", "_", esc.lower())
        site = attack_sites.demo_copy(WORK, name)
        ids_outside(site)
        apply(site, [(f, esc) for f in let])
        c = check(site)
        term_c = ch in (c.stdout + c.stderr)
        r = build(site)
        term_b = ch in (r.stdout + r.stderr)
        hits = sorted(set(raw_hits(site / "public", ch)) - baseline_hits(ch)) if r.returncode == 0 else "build refused"
        print(f"   built {let}: check rc {c.returncode} build rc {r.returncode} {sorted(set(re.findall(r'GK[0-9]{3}', r.stdout + r.stderr)))}; "
              f"raw in terminal check/build {term_c}/{term_b}; raw in output: {hits if isinstance(hits, str) else (len(hits), hits[:8])}",
              flush=True)
        if r.returncode != 0:
            print("   ", (r.stdout + r.stderr)[-600:].replace("\n", " | "))
