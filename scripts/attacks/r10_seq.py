"""Round 10: sequences of edits on one site (each built with `gkssg build`, compared with a clean build:
rc, findings, output; a failed build leaves the output as it was), and non-public partners' body edits
(their text must reach no output byte). Run: python r10_seq.py [sequence numbers]."""
from __future__ import annotations

import sys
import time

import r6_common
from r10_build import image_interp
from r10_common import DATE, body_edit, build, clean, codes, differ, doc, fresh, leaks, said_fast, site, sub, verdict


def marker_edit(i: int, marker: str):
    return lambda s: sub(doc(s, i), "## 一、总体要求\n", f"## 一、总体要求\n\n{marker}\n")


def run(name: str, n: int, prepare, steps, marker: str = "") -> bool:
    d = fresh(name)
    s = site(d, n, 150)
    if prepare:
        prepare(s)
    out = d / "out"
    time.sleep(2.5)
    rc, o, e = build(s, out)
    assert rc == 0, codes(o, e)
    ok = True
    for k, step in enumerate(steps):
        before = r6_common.tree(out)
        step(s)
        rc, o, e = build(s, out, DATE, "-v")
        crc, ccodes, cout = clean(s, out)
        diff = differ(out, cout) if crc == 0 else ([] if r6_common.tree(out) == before else ["<failed build changed output>"])
        leak = leaks(s, out, marker) if marker else []
        ok &= verdict(f"{name} step {k}", rc == crc and codes(o, e) == ccodes and not diff and not leak and "Traceback" not in e,
                      f"rc={rc}/{crc} {said_fast(o, e)}; findings same: {codes(o, e) == ccodes}; differs {diff[:4]}; leaks {leak[:4]}",
                      "= clean, no leak")
        time.sleep(1.1)
    return ok


def restore_image(s):
    p = doc(s, 9)
    p.write_text(p.read_text(encoding="utf-8").rstrip("\n") + "\n\n![一图读懂](tujie.png)\n", encoding="utf-8")
    body_edit(p, "A")


SEQS = {
    1: ("image interp: break, fix, break alt, drop 解读形式 + fix", 30, image_interp, [
        lambda s: sub(doc(s, 9), "\n![一图读懂](tujie.png)\n", "\n"),
        restore_image,
        lambda s: sub(doc(s, 9), "![一图读懂](tujie.png)", "![](tujie.png)"),
        lambda s: (sub(doc(s, 9), "![](tujie.png)", "![一图读懂](tujie.png)"), body_edit(doc(s, 9), "B")),
        lambda s: (sub(doc(s, 9), "解读形式: 图片\n", ""), body_edit(doc(s, 9), "C")),
    ], ""),
    2: ("依申请公开 replacing d24: body edits with a marker", 30,
        lambda s: sub(doc(s, 24), "公开属性: 主动公开", "公开属性: 依申请公开"),
        [marker_edit(24, "机密标记甲乙丙一"), marker_edit(24, "机密标记甲乙丙一二"), lambda s: body_edit(doc(s, 20), "D")],
        "机密标记甲乙丙"),
    3: ("future replacing d24: body edits with a marker", 30,
        lambda s: __import__("r7_common").set_field(doc(s, 24), "发布日期", "2027-02-01"),
        [marker_edit(24, "未来标记丁戊己一"), lambda s: (body_edit(doc(s, 20), "E"), marker_edit(24, "未来标记丁戊己二")(s))],
        "未来标记丁戊己"),
    4: ("future policy d18 of a future interp d19: body edits with markers", 30,
        lambda s: (__import__("r7_common").set_field(doc(s, 18), "发布日期", "2027-02-01"),
                   __import__("r7_common").set_field(doc(s, 19), "发布日期", "2027-02-02")),
        [marker_edit(19, "未来解读庚辛一"), marker_edit(18, "未来解读庚辛二"), lambda s: body_edit(doc(s, 9), "F")],
        "未来解读庚辛"),
    5: ("interp, policy, both: alternating body edits", 30, None, [
        lambda s: body_edit(doc(s, 9), "G"), lambda s: body_edit(doc(s, 8), "H"),
        lambda s: (body_edit(doc(s, 9), "I"), body_edit(doc(s, 8), "J")),
        lambda s: (body_edit(doc(s, 20), "K"), body_edit(doc(s, 24), "L"), body_edit(doc(s, 9), "M"), body_edit(doc(s, 5), "N")),
    ], ""),
    6: ("依申请公开 行政规范性文件 d10: body edits with a marker", 30,
        lambda s: sub(doc(s, 10), "公开属性: 主动公开", "公开属性: 依申请公开"),
        [marker_edit(10, "规范性机密壬癸一"), marker_edit(10, "规范性机密壬癸二")], "规范性机密壬癸"),
    7: ("future 行政规范性文件 d15 (2026-12-31): body edits with a marker", 30,
        lambda s: __import__("r7_common").set_field(doc(s, 15), "发布日期", "2026-12-31"),
        [marker_edit(15, "年末规范子丑一"), marker_edit(15, "年末规范子丑二")], "年末规范子丑"),
}


def main() -> int:
    ok = True
    for k, (_name, n, prepare, steps, marker) in SEQS.items():
        if sys.argv[1:] and str(k) not in sys.argv[1:]:
            continue
        ok &= run(f"r10s{k}", n, prepare, steps, marker)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
