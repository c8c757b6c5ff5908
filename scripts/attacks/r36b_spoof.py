"""Round 36b: a link the author gives the class of a footnote's own link (footnote-ref / footnote-backref,
render/targets._GENERATED) is skipped by every link check, though the page keeps it as written (class is allowed).
A missing attachment, an IPv4 host, a doc: link to no document, an image naming a document, a file: link:
`check` and `build` pass, the page has the dead link.
Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_spoof.py"""
from __future__ import annotations

import re

from r36b_common import OLD, build, check, codes, demo, set_body, traceback

BODY = """正文第一行。

[报名表](files/缺少报名表.docx){: .footnote-ref }

<a class="footnote-backref" href="http://192.0.2.7/a.pdf">附件二</a>

[通知](doc:不存在的索引号){: .footnote-ref }

[解读](没有这篇.md){: .footnote-ref }

<a class="x footnote-ref" href="file:///C:/Users/a.pdf">本地文件</a>

<a class="footnote-ref" href="https:files/bmb.docx">附件三</a>
"""
PLAIN = re.sub(r"\{: \.footnote-ref \}|class=\"[^\"]*\" ", "", BODY)


def main():
    for name, body in (("spoof", BODY), ("plain", PLAIN)):
        site = demo("spoof-" + name)
        set_body(site, body)
        c = check(site)
        old = check(site, repo=OLD)
        b = build(site)
        page = (site / "public").rglob("*2017-00861*.html")
        html = "".join(p.read_text(encoding="utf-8") for p in page)
        links = sorted(set(re.findall(r"<a [^>]*(?:footnote|缺少|192\.0\.2|bmb|本地)[^>]*>[^<]*", html)))
        print(f"{name}: check rc {c.returncode} GK7xx {[x for x in codes(c) if x.startswith('GK7')]}"
              f" | build rc {b.returncode} | tb {traceback(c) or traceback(b)}"
              f" | old check rc {old.returncode} {[x for x in codes(old) if x.startswith('GK7')]}")
        for link in links:
            print("   page:", link)


if __name__ == "__main__":
    main()
