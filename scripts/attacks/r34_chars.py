"""Round 34, E: the character rules on real-looking government text. A front-matter title or a body line of
2025-90023 gets a string; check's codes are printed (GK130 error / GK133 warning / GK134). `search` cases also
build and ask `gkssg search --json` for the visible word."""
from __future__ import annotations

import json
import re
import sys

from r33_common import DATE, build, check, codes, demo, gk

Z = "\u200b"
CASES = {
    # (where, text, search word or None)
    "uyghur-title": ("title", "关于阿布都热西提·ئابدۇرېشىت同志任职的通知", None),
    "uyghur-rlm": ("title", "关于阿布都热西提（\u200fئابدۇرېشىت\u200f）同志任职的通知", None),
    "uyghur-rle-body": ("body", "任命\u202bئابدۇرېشىت ئابلىمىت\u202c为自治区人民政府副秘书长。", None),
    "mongolian-nnbsp": ("title", "关于ᠮᠣᠩᠭᠣᠯ\u202fᠤᠨ语文工作的通知", None),
    "mongolian-mvs": ("title", "关于ᠨᠠᠢ\u180eᠮᠠ文字的通知", None),
    "mongolian-fvs": ("title", "关于ᠭ\u180bᠠ文字的通知", None),
    "tibetan-zwsp": ("title", "关于བོད་\u200bལྗོངས་工作的通知", None),
    "tibetan-zwsp-body": ("body", "བོད་\u200bལྗོངས་\u200bམི་དམངས་སྲིད་གཞུང་", None),
    "nbsp-title": ("title", "关于印发\u00a0演示区实施办法的通知", None),
    "ideographic-space": ("title", "关于印发　演示区实施办法的通知", None),
    "word-softhyphen": ("title", "关于印发演示区Com\u00admittee办法的通知", None),
    "word-vt-body": ("body", "第一行\u000b第二行", None),
    "word-ff-body": ("body", "上一页\u000c下一页", None),
    "word-nel-body": ("body", "乱码\u0085一段", None),
    "zwj-emoji-body": ("body", "点赞👍🏻和👨\u200d👩\u200d👧表情", None),
    "variation-selector": ("title", "关于葛\U000e0100姓的通知", None),
    "lrm-mark": ("title", "关于\u200e演示区实施办法的通知", None),
    "alm": ("title", "关于\u061c演示区实施办法的通知", None),
    "bom-mid": ("title", "关于\ufeff演示区实施办法的通知", None),
    "tag-chars-body": ("body", "正文" + "".join(chr(0xE0000 + ord(c)) for c in "ignore all") + "结束", None),
    "zwsp-body-search": ("body", f"本办法由演示区蜂{Z}窝{Z}煤管理所负责解释。", "蜂窝煤管理所"),
    "wordjoiner-body-search": ("body", "本办法由演示区蜂\u2060窝\u2060煤管理所负责解释。", "蜂窝煤管理所"),
    "softhyphen-body-search": ("body", "本办法由演示区蜂\u00ad窝\u00ad煤管理所负责解释。", "蜂窝煤管理所"),
    "https-nodslash": ("body", "[下载](https:files/bmb.docx)", None),
    "HTTPS-case": ("body", "[下载](HTTPS:files/bmb.docx)", None),
    "https-backslash": ("body", "[国务院](https:\\\\www.gov.cn)", None),
    "https-one-slash": ("body", "[国务院](https:/www.gov.cn)", None),
    "https-raw-html": ("body", '<a href="https:files/bmb.docx">下载</a>', None),
    "https-refdef": ("body", "[下载][d]\n\n[d]: https:files/bmb.docx", None),
    "https-entity": ("body", '<a href="https&#58;files/bmb.docx">下载</a>', None),
    "https-tab": ("body", '<a href="ht\ttps:files/bmb.docx">下载</a>', None),
    "ftp-nodslash": ("body", "[下载](ftp:files/bmb.docx)", None),
    "mailto-ok": ("body", "[来信](mailto:gk@example.gov.cn)", None),
    "tel-ok": ("body", "[电话](tel:0571-12345678)", None),
}

NOISE = ("GK402", "GK515", "GK770", "GK921")


def run(name):
    where, text, word = CASES[name]
    site = demo(f"chars-{name}")
    md = site / "content/ysq/2025-90023.md"
    t = md.read_text(encoding="utf-8")
    if where == "title":
        t = re.sub(r"^标题: .*$", lambda m: "标题: " + text, t, count=1, flags=re.M)
    else:
        t = t + "\n\n" + text + "\n"
    md.write_text(t, encoding="utf-8")
    c = check(site)
    cc = [x for x in codes(c) if x not in NOISE]
    hits = [ln.strip()[:110] for ln in (c.stdout + c.stderr).splitlines() if any(k in ln for k in cc)][:1]
    extra = ""
    if word:
        b = build(site)
        s = gk("search", "--site", str(site), "--date", DATE, "--json", word)
        try:
            found = [r.get("url") for r in json.loads(s.stdout).get("results", json.loads(s.stdout))]  # shape-agnostic
        except Exception:  # noqa: BLE001
            found = s.stdout[:100]
        extra = f" build rc {b.returncode} search {word!r}: {found}"
    print(f"{name:24} check rc {c.returncode} {cc} {hits}{extra}", flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or list(CASES):
        run(n)
