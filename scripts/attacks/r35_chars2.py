"""Round 35, characters (2): GK140 on <svg>/<math>/<input> (the page drops their text), a file named with U+2028 or
U+FE0F that check passes: built, is it published under that name?"""
from __future__ import annotations

import shutil

import r35_chars
from r35_common import build, codes, demo, findings_of, md, row


def main():
    site = demo("chars2")
    r35_chars.ORIG = md(site).read_text(encoding="utf-8")
    for body in ("<svg><text>矢量图文字</text></svg>", "<math><mi>x</mi><mo>=</mo><mn>2</mn></math>", "<input value=\"庚\">",
                 "<textarea>申请说明</textarea>"):
        c = r35_chars.run(site, body)
        from gkssg.render.markdown import markdown_fragment
        html = markdown_fragment(body)[0]
        got = "GK140" in codes(c)
        row(f"GK140: {body[:30]} (page keeps {html!r})", "holds" if got else "BROKEN",
            f"check rc {c.returncode}, GK140 {'yes ' + findings_of(c, 'GK140')[0][-60:] if got else 'no'}")
    for label, name in (("U+2028", "申报\u2028表.pdf"), ("U+FE0F", "申报\ufe0f表.pdf"), ("U+206F", "申报\u206f表.pdf")):
        c = r35_chars.run(site, f"附件：[申报表](files/{name})")
        p = site / "content/ysq/files" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        doc = md(site)
        r35_chars.set_body(doc, r35_chars.BODY + f"附件：[申报表](files/{name})")
        b = build(site)
        published = [str(x.relative_to(site / "public")) for x in (site / "public").rglob("*") if name in x.name]
        row(f"GK724: a linked file named with {label}, built", "BROKEN" if published else "holds",
            f"build rc {b.returncode} {codes(b)}, published {[ascii(x) for x in published]}")
        p.unlink()
    shutil.rmtree(site)


if __name__ == "__main__":
    main()
