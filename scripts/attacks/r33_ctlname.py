"""Round 33, C: a file whose name holds ESC ] 0 ; … BEL / U+009B / U+202E, linked from a public body by percent-
encoding (`[附件](files/a%1B%5D0%3BPWN%07b.pdf)`) or listed as 附件 in single quotes (raw bidi): check, build;
the output file names, the page's href, the bundle's file list and manifest; and the terminal of check/build/bundle."""
from __future__ import annotations

import re
import sys
import tarfile

from r33_common import DATE, build, check, codes, demo, gk, has_ctrl

CASES = {
    "esc-pct": ("a\x1b]0;PWN\x07b.pdf", "[附件](files/a%1B%5D0%3BPWN%07b.pdf)"),
    "csi8-pct": ("c\u009b2Jd.pdf", "[附件](files/c%C2%9B2Jd.pdf)"),
    "bidi-raw": ("e\u202efdp.pdf", "[附件](files/e\u202efdp.pdf)"),
    "esc-att": ("g\x1bh.pdf", None),
}


def main(names):
    for name in names:
        fname, link = CASES[name]
        site = demo(f"ctlname-{name}")
        ysq = site / "content/ysq"
        (ysq / "files" / fname).write_bytes((ysq / "files/ysfa.pdf").read_bytes())
        md = ysq / "2025-90023.md"
        t = md.read_text(encoding="utf-8")
        if link:
            t += "\n\n" + link + "\n"
        else:  # 附件 listed with a double-quoted escape
            t = t.replace("  - {name: 报名表（DOCX）, file: files/bmb.docx}",
                          "  - {name: 报名表（DOCX）, file: files/bmb.docx}\n  - {name: 另一个, file: \"files/g\\eh.pdf\"}")
        md.write_text(t, encoding="utf-8")
        c = check(site)
        b = build(site)
        term = c.stdout + c.stderr + b.stdout + b.stderr
        out_names = sorted(p.name for p in (site / "public/files/ysq/files").iterdir()) if b.returncode == 0 else []
        odd = [n for n in out_names if has_ctrl(n)]
        href = ""
        if b.returncode == 0:
            page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
            m = re.search(r'<a[^>]*>附件</a>', page)
            href = repr(m.group()) if m else ""
        bd = gk("bundle", "--site", str(site), "--date", DATE, "--out", str(site / "dist") + "/") if b.returncode == 0 else None
        tar_odd = []
        if bd is not None and bd.returncode == 0:
            f = next((site / "dist").glob("*.tar.gz"))
            with tarfile.open(f) as tar:
                tar_odd = [m.name for m in tar.getmembers() if has_ctrl(m.name)][:3]
                man = [m for m in tar.getmembers() if m.name.endswith("manifest.json")]
                raw_in_manifest = has_ctrl(tar.extractfile(man[0]).read().decode("utf-8")) if man else "no manifest"
        else:
            raw_in_manifest = None
        term += (bd.stdout + bd.stderr) if bd is not None else ""
        print(f"{name:9} check rc {c.returncode} {codes(c)[:6]} build rc {b.returncode}; terminal raw {has_ctrl(term)}\n"
              f"   output names with controls {[repr(n) for n in odd]}; href {href}\n"
              f"   bundle rc {bd.returncode if bd else None}; tar members with controls {[repr(n) for n in tar_odd]}; "
              f"manifest raw {raw_in_manifest}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(CASES))
