"""Round 34, E: bidi (GK130) and invisible (GK133) characters in fields other than the title: an attachment's name,
a media alt / text, 关键词, 发文字号, a relation; catalog.yaml's agency name (GK018); and in the body inside a code
span (a false positive?) and in a link's text / title."""
from __future__ import annotations

import sys

from r33_common import build, check, codes, demo

RLO, TAG = "\u202e", "".join(chr(0xE0000 + ord(c)) for c in "hi")


def fm(doc, old, new):
    def m(site):
        md = site / "content/ysq" / doc
        t = md.read_text(encoding="utf-8")
        assert old in t, old
        md.write_text(t.replace(old, new, 1), encoding="utf-8")
    return m


def body(text):
    return fm("2025-90023.md", "三、报名方式", text + "\n\n三、报名方式")


def catalog(site):
    cat = site / "catalog.yaml"
    t = cat.read_text(encoding="utf-8")
    i = t.index("name: ", t.index("content/ysq") - 400)
    cat.write_text(t[:i + 6] + "演示" + RLO + "府政" + t[i + 6:], encoding="utf-8")


CASES = {
    "attach-name-rlo": fm("2025-90003.md", "name: 演示区", f"name: {RLO}exe.docx演示区"),
    "attach-name-tag": fm("2025-90003.md", "name: 演示区", f"name: 演示{TAG}区"),
    "media-alt-rlo": fm("2025-90026.md", "alt: 一图读懂", f"alt: {RLO}一图读懂"),
    "media-text-rlo": fm("2024-90005.md", "text: 视频共9秒", f"text: {RLO}视频共9秒"),
    "docno-rlo": fm("2025-90003.md", "发文字号: 演示区府办发〔2025〕4号", f"发文字号: 演示区府办发〔2025〕{RLO}4号"),
    "docno-zwsp": fm("2025-90003.md", "发文字号: 演示区府办发〔2025〕4号", "发文字号: 演示区府办发〔2025〕\u200b4号"),
    "catalog-rlo": catalog,
    "body-code-span": body(f"攻击示例：`{RLO}` 是从右到左覆盖符。"),
    "body-link-title": body(f'[报名表](files/bmb.docx "说明{RLO}txt.exe")'),
    "body-tag-in-link": body(f"[报名{TAG}表](files/bmb.docx)"),
}


def run(name):
    site = demo(f"fields-{name}")
    CASES[name](site)
    c = check(site)
    b = build(site)
    cc = [x for x in codes(c) if x not in ("GK402", "GK515", "GK770", "GK921")]
    leaked = []
    if b.returncode == 0:
        for p in (site / "public").rglob("*"):
            if p.is_file() and p.suffix in (".html", ".json", ".xml", ".gz", ".txt", ".js"):
                data = p.read_bytes()
                if RLO.encode() in data or TAG.encode() in data:
                    leaked.append(p.relative_to(site / "public").as_posix())
    print(f"{name:18} check rc {c.returncode} {cc} build rc {b.returncode} raw in output: {leaked[:4]}"
          f"{' (+%d)' % (len(leaked) - 4) if len(leaked) > 4 else ''}", flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or list(CASES):
        run(n)
