"""Round 13: phrases planted in a small sitegen site (r6_common.site: d000011 依申请公开, d000012 dated 2027),
asked with window.gkssgCopiesFrom = 0 and with search.js's default, against `gkssg search`:
- 4-character phrases present only in d000011 (依申请公开) or only in d000012 (future): never found;
- a phrase straddling punctuation, a line break, the title/body boundary, a table cell boundary;
- its bigrams apart in many documents but the phrase in one;
- repeated characters (公公公公), traditional (政務公開), full-width letters/digits (ＡＢ公开2025);
- with year / topic filters, a second word, by date, pages 1–3; count honest; no console error.

Run: python scripts/attacks/r13_planted.py [N]
"""
from __future__ import annotations

import sys
from pathlib import Path

import r6_common
from r6_common import DATE, GEN, build
from r13_common import Page, compare, index_of, verdict


def plant(s: Path, n: int) -> None:
    g = s / GEN

    def add(name: str, text: str, title: str | None = None) -> None:
        f = g / name
        t = f.read_text(encoding="utf-8")
        if title:
            t = t.replace("标题: ", "标题: " + title, 1)
        f.write_text(t.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")

    add("d000011.md", "本段含有秘密词汇蝴蝶兰花开时节。")          # 依申请公开 only
    add("d000012.md", "本段含有未来词汇海棠果实累累。")            # future only
    add("d000003.md", "本机关要求鲸鱼，海豚共同保护。")             # 鲸鱼海豚 across a comma
    add("d000004.md", "第一行写到鹦鹉\n紧接着八哥飞来。")           # 鹦鹉八哥 across a line break
    add("d000005.md", "| 列一 | 列二 |\n|---|---|\n| 红枫 | 银杏 |\n")  # 红枫银杏 across a table cell
    add("d000006.md", "正文第一句。", title="猎豹")                # 猎豹正文 across title/body
    add("d000007.md", "公公公公公婆婆。政務公開工作。ＡＢ公开２０２５事项。")
    add("d000008.md", "麒麟凤凰同在一句里。")                      # the phrase in one document
    for i in range(20, min(n, 50)):                                # its bigrams apart in many
        add(f"d{i:06d}.md", "麒麟出现在这里。此处另有凤凰一词。凤凰麒麟。")


QUERIES = ["蝴蝶兰花", "兰花开时", "海棠果实", "果实累累", "鲸鱼海豚", "鹦鹉八哥", "红枫银杏", "猎豹正文",
           "麒麟凤凰", "麒麟凤凰同", "公公公公", "公公公", "政務公開", "政务公开", "ＡＢ公开2025", "ab公开２０２５",
           "麒麟凤凰 一句", "凤凰麒麟"]


def main(n: int) -> bool:
    where = r6_common.fresh("planted")
    s = r6_common.site(where, n, body_chars=200)
    plant(s, n)
    out = where / "out"
    rc, o, e = build(s, out, DATE)
    if rc != 0:
        print(o[-500:], e[-1500:])
        return False
    ix = index_of(s, DATE)
    ok = True
    from gkssg.search.query import Filters, search
    for q in QUERIES:
        total, res = search(ix, q, Filters(), limit=None)
        print(q, total, [r.url.split("/")[-1] for r in res[:4]], [r.relaxed for r in res[:2]], flush=True)
    for hidden in ("蝴蝶兰花", "兰花开时", "海棠果实", "果实累累", "蝴蝶兰", "海棠果"):
        total, res = search(ix, hidden, Filters(), limit=None)
        ok &= verdict(f"command {hidden}", total == 0, f"{total}", "0 (not public)")
    for c in ("0", "default"):
        page = Page(out, None if c == "default" else int(c))
        try:
            for q in QUERIES:
                mism = []
                for f, sort in (({}, "relevance"), ({}, "date"), ({"year": "2024"}, "relevance"),
                                ({"topic": "综合政务"}, "relevance")):
                    d = compare(ix, out, page, q, f, sort)
                    if d:
                        mism.append((f, sort, d))
                ok &= verdict(f"copies={c} {q}", not mism, f"{mism[:2]}", "= command, count honest")
        finally:
            page.close()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(int(sys.argv[1]) if sys.argv[1:] else 80) else 1)
