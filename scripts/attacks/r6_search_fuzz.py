"""Round 6, target 1 (search/oneedit.py + search/incremental.py `bodies_only`): public body edits on a site
above SMALL_INDEX (200), where the public-edit path updates the search index in place from the kept records.
The tests tried three appended sentences; here edits that shift positions, add or remove a term from the whole
site, change only a few characters (same stored length), bring traditional characters, a 发文字号, digits and
Latin words, raw HTML, empty the body, edit two documents at once, and restore an original. After every
step the output (search index included) must be byte-identical to a clean build's.

Run: python scripts/attacks/r6_search_fuzz.py [STEPS]
"""
from __future__ import annotations

import random
import re
import shutil
import sys

from r6_common import DATE, GEN, build, differ, fresh, said_fast, site, verdict

LINK = re.compile(r"\n参见\[相关文件\]\(doc:[^)]*\)。\n")


def public_plain(s) -> list:
    found = []
    for p in sorted((s / GEN).glob("*.md")):
        t = p.read_text(encoding="utf-8")
        if "公开属性: 主动公开" in t and not re.search(r"^(替代文件|修改文件|解读对象|废止|有效期至|体裁分类: 政策解读)", t, re.M) \
                and p.stem not in ("d000012",):
            found.append(p)
    return found


def split(text: str) -> tuple[str, str]:
    head, _, body = text.partition("\n---\n")
    return head + "\n---\n", body


def main(steps: int) -> list[str]:
    w = fresh("search_fuzz")
    s = site(w, n=240, body_chars=200)
    out = w / "www"
    rc, o, e = build(s, out)
    assert rc == 0, (o, e)
    rng = random.Random(6)
    docs = public_plain(s)
    originals = {p: p.read_text(encoding="utf-8") for p in docs}

    def body_edit(p, fn):
        head, body = split(p.read_text(encoding="utf-8"))
        p.write_text(head + fn(body), encoding="utf-8")

    edits = {
        "insert_early": lambda p: body_edit(p, lambda b: b.replace("## 一、总体要求\n", "## 一、总体要求\n\n新增前言一句。\n", 1)),
        "new_rare_term": lambda p: body_edit(p, lambda b: b + "\n鲲鹏翱翔饕餮耄耋。\n"),
        "remove_rare_term": lambda p: [body_edit(q, lambda b: b.replace("\n鲲鹏翱翔饕餮耄耋。\n", "")) for q in docs
                                       if "鲲鹏" in q.read_text(encoding="utf-8")],
        "traditional": lambda p: body_edit(p, lambda b: b + "\n這是繁體字說明，關於機構改革。\n"),
        "doc_no_in_body": lambda p: body_edit(p, lambda b: b + "\n根据渝府办发〔2022〕1号文件精神办理。\n"),
        "latin_digits": lambda p: body_edit(p, lambda b: b + "\nGDP 2025 增长 5.2%，COVID-19 Omicron。\n"),
        "raw_html": lambda p: body_edit(p, lambda b: b + '\n<span class="x">内嵌标记文字</span>\n'),
        "same_length_swap": lambda p: body_edit(p, lambda b: b.replace("政务", "务政", 1)),
        "replace_all": lambda p: body_edit(p, lambda b: "全文替换为一句话。\n" + "".join(LINK.findall(b))),
        "only_link": lambda p: body_edit(p, lambda b: "".join(LINK.findall(b)) or "\n"),
        "two_docs": lambda p: [body_edit(q, lambda b: b + "\n两篇同时修改。\n") for q in rng.sample(docs, 2)],
        "restore": lambda p: [q.write_text(originals[q], encoding="utf-8") for q in docs
                              if q.read_text(encoding="utf-8") != originals[q]][:1],
    }
    names = list(edits)
    bad = []
    for step in range(steps):
        kind = names[step % len(names)]
        p = rng.choice(docs)
        edits[kind](p)
        rc, o, e = build(s, out, DATE, "-v")
        path = said_fast(o, e)
        clean = w / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        rc2, o2, e2 = build(s, clean, DATE, "--clean")
        d = differ(out, clean)
        if not verdict(f"step {step}: {kind} on {p.name}", rc == rc2 and not d,
                       f"exit {rc}/{rc2} via {path}; {len(d)} files differ {d[:4]}", "byte-identical to a clean build"):
            bad.append(f"{step}:{kind}")
    return bad


if __name__ == "__main__":
    print("findings:", main(int(sys.argv[1]) if len(sys.argv) > 1 else 12))
