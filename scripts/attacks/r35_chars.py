"""Round 35, characters: GK130's closed right-to-left pairs, GK133 in bodies (Tibetan, emoji), GK724's invisible
file names (characters outside INVISIBLE_RANGE), GK140 (false positives, misses), check's text/github reports
with a line break in a file name. One demo copy, one document changed a case, `gkssg check` each time."""
from __future__ import annotations

import shutil

from r35_common import DATE, codes, demo, findings_of, gk, md, row, set_body

BODY = "现将有关事项公示如下。\n\n"


def run(site, body=None, files=(), title=None):
    doc = md(site)
    doc.write_text(ORIG, encoding="utf-8")
    if body is not None:
        set_body(doc, BODY + body)
    if title is not None:
        doc.write_text(doc.read_text(encoding="utf-8").replace("标题: 演示区行政许可决定公示（2025年第5期）",
                                                                 "标题: " + title), encoding="utf-8")
    made = []
    for name in files:
        p = site / "content/ysq/files" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        made.append(p)
    c = gk("check", "--site", str(site), "--date", DATE)
    for p in made:
        p.unlink()
    return c


def main():
    global ORIG
    site = demo("chars")
    ORIG = md(site).read_text(encoding="utf-8")
    base = set(codes(run(site)))

    def new(c):
        return sorted(set(codes(c)) - base) or "none"

    # GK130
    c = run(site, "维吾尔族代表\u202bئابدۇرېھىم\u202c发言。")
    row("GK130: closed RLE…PDF around a Uyghur name (the feature)", "holds" if "GK130" not in codes(c) else "note",
        f"check rc {c.returncode}, new codes {new(c)}")
    c = run(site, "链接：[\u202bא](#) [ב](#)\u202c 依次为一、二。")
    row("GK130: RLE…PDF around two Hebrew-text links and the Markdown between them (R + neutrals only): the pair "
        "passes and the page shows the two links in swapped order", "note" if "GK130" not in codes(c) else "holds",
        f"check rc {c.returncode}, new codes {new(c)} (only neutral characters reorder; no digit or Latin/Chinese moves)")
    c = run(site, "金额\u202bא ¥ % + - ,\u202c元。")
    row("GK130: RLE…PDF with currency / percent / sign neutrals (ET, ES, CS) and one Hebrew letter",
        "note" if "GK130" not in codes(c) else "holds", f"check rc {c.returncode}, new codes {new(c)}")
    c = run(site, "金额\u202bא 2025\u202c元；\u2067א 12 \u2069；\u202bא\u202c\u202c。")
    row("GK130: pair around digits, an extra PDF after a closed pair", "holds" if "GK130" in codes(c) else "BROKEN",
        f"check rc {c.returncode}, {findings_of(c, 'GK130')[:1]}")
    c = run(site, "甲\u202bא\u2029ב\u202c乙；\u202bא\u0085\u202c；\u2068א\u2028\u2069。")
    row("GK130: a pair split by U+2029 / NEL / U+2028 (paragraph ends in the bidi algorithm, not \\n)",
        "holds" if "GK130" in codes(c) else "note", f"check rc {c.returncode}, new {new(c)}, {findings_of(c, 'GK130')[:1]}")
    c = run(site, title="关于\u202bא\u202c的公示")
    row("GK130: closed pair in the 标题 (the feature in a field)", "holds" if "GK130" not in codes(c) else "note",
        f"check rc {c.returncode}, new {new(c)}")
    c = run(site, title="关于\u202eא\u202c的公示")
    row("GK130: RLO…PDF (override) around Hebrew in the 标题", "holds" if "GK130" in codes(c) else "BROKEN",
        f"check rc {c.returncode}, new {new(c)}")
    # GK133
    c = run(site, "བོད\u200bཡིག\u200bསྐད")
    row("GK133: ZWSP between Tibetan letters (the feature)", "holds" if "GK133" not in codes(c) else "note",
        f"check rc {c.returncode}, new {new(c)}")
    c = run(site, "国务\u200b院办公厅；[链接\U000e0041\U000e0042](#)")
    row("GK133: ZWSP inside Chinese, tag characters in a link's text (body)", "holds" if "GK133" in codes(c) else "BROKEN",
        f"check rc {c.returncode}, {findings_of(c, 'GK133')[:1]}")
    c = run(site, "国务院☆\u200d★办公厅；༄\u200b国务院")
    row("GK133: ZWJ between two symbols of the emoji range (☆ U+2606, ★) and ZWSP after a Tibetan mark before Chinese",
        "note" if "GK133" not in codes(c) else "holds", f"check rc {c.returncode}, new {new(c)}, {findings_of(c, 'GK133')[:1]}")
    hidden = "".join(chr(0xE0100 + b) for b in b"secret")  # variation selectors supplement: 'emoji smuggling'
    for label, text in (("variation selectors U+E0100… (data hidden after a character, 'emoji smuggling')", "国务院" + hidden),
                        ("U+FE01 variation selector after a Han character", "国务\ufe01院"),
                        ("U+206A–U+206F deprecated format characters (Cf)", "国务\u206a\u206f院"),
                        ("U+034F combining grapheme joiner", "国务\u034f院"),
                        ("U+3164 Hangul filler / U+2800 braille blank", "国务\u3164院\u2800办"),
                        ("U+1D173 musical format (Cf)", "国务\U0001d173院"),
                        ("U+180B Mongolian free variation selector", "国务\u180b院")):
        c = run(site, text)
        t = run(site, title="关于" + text + "的公示")
        seen = "GK133" in codes(c) or "GK130" in codes(c) or "GK134" in codes(c)
        row(f"GK133: {label} in a body and a 标题", "holds" if seen else "BROKEN",
            f"check rc {c.returncode}, body new {new(c)}, title new {new(t)}")
    # GK724
    for label, name in (("ZWSP", "申报\u200b表.pdf"), ("U+2028", "申报\u2028表.pdf"), ("tag character", "申报表\U000e0041.pdf"),
                        ("variation selector U+FE0F", "申报\ufe0f表.pdf"), ("U+E0101", "申报表\U000e0101.pdf"),
                        ("U+206F", "申报\u206f表.pdf"), ("U+3164 Hangul filler", "申报\u3164表.pdf"),
                        ("U+034F", "申报\u034f表.pdf"), ("NBSP / ideographic space", "申报\u00a0表\u3000.pdf")):
        c = run(site, f"附件：[申报表](files/{name})", files=[name])
        res = "holds" if "GK724" in codes(c) else ("note" if "NBSP" in label else "BROKEN")
        if "U+2028" in label and "GK724" not in codes(c):
            res = "note (not published: the link becomes <a data-unpublished> with no link finding; GK133 names the line)"
        row(f"GK724: published file name holding {label} ({ascii(name)})", res,
            f"check rc {c.returncode}, new {new(c)} {findings_of(c, 'GK724')[:1][0][:120] if findings_of(c, 'GK724') else ''}")
    # GK140
    for label, body, want in (
            ("<video> (the feature)", "<video src=\"a.mp4\"></video>", True),
            ("<FONT color=red> upper case", "<FONT color=red>红</FONT>", True),
            ("an HTML comment holding <video> (the sanitizer strips the comment; nothing of the reader's is lost)",
             "<!-- <video src=a.mp4> 旧版 -->", False),
            ("a backslash-escaped \\<font> (Markdown shows it as text)", "请勿使用 \\<font> 标签。", False),
            ("<video> inside an <img alt> value", "<img src=\"a.png\" alt=\"<video>\">", False),
            ("Word's <o:p> and <st1:chsdate …> (dropped, text kept)", "<st1:chsdate Year=\"2021\">2021年6月1日</st1:chsdate><o:p></o:p>", None),
            ("<center> written with a newline right after the name (the page keeps <center>)", "<center\n>居中</center>", False),
            ("<marquee> written with a newline right after the name", "<marquee\n>滚动</marquee>", True),
            ("<details> (the page keeps it)", "<details><summary>更多</summary>内容</details>", False)):
        c = run(site, body)
        got = "GK140" in codes(c)
        res = "holds" if want is None or got == want else ("BROKEN" if want else "note (false positive)")
        row(f"GK140: {label}", res, f"check rc {c.returncode}, GK140 {'yes' if got else 'no'}: "
            f"{findings_of(c, 'GK140')[:1][0][-90:] if got else ''}")
    # check's text / github report with a line break in a file name
    evil = site / "content/ysq" / "x\n::error file=catalog.yaml,line=1::伪造\n检查完成：0 个错误.md"
    evil.write_text("---\n标题: x\n---\n", encoding="utf-8")
    for fmt in ("text", "github"):
        c = gk("check", "--site", str(site), "--date", DATE, "--format", fmt)
        forged = [ln for ln in c.stdout.splitlines() if ln.startswith("::error file=catalog.yaml") or ln.startswith("检查完成：0")]
        row(f"check --format {fmt}: a file name with a line break forging a line/annotation",
            "BROKEN" if forged else "holds", f"rc {c.returncode}, forged lines {forged[:2]}")
    evil.unlink()
    shutil.rmtree(site)


if __name__ == "__main__":
    main()
