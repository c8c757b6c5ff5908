"""Round 31, target 1: followed_target (077b82d) as the one reading of a URL for the sanitizer, the renderer and
the check. A withheld document (ZBJG0003/2022-90003 依申请公开, 2022-90001 不予公开, 2022-90002 dated 2027-03-01)
named by a public body (content/ysq/2025-90023.md) in every spelling and attribute: does its 索引号, title or file
name reach any output byte, or a doc:/javascript:/data: URL survive on a page?"""
from __future__ import annotations

import re
import sys

from r31_common import WORK, attack_sites, build, check, grep_tree, set_field, tail

H = "ZBJG0003/2022-90003"   # 依申请公开
N = "ZBJG0003/2022-90001"   # 不予公开
F = "ZBJG0003/2022-90002"   # future-dated
SRC = "content/ysq/2025-90023.md"
NEEDLES = ("ZBJG0003/2022-9000", "ZBJG0003-2022-9000", "2022-90003.md", "2022-90002.md", "2022-90001.md",
           "生态环境保护专项规划", "关于印发演示区老旧小区改造实施办法的通知", "促进小微企业发展若干措施",
           "doc:", "DOC:", "javascript:", "data:text")

V = {
    # attributes nh3 does not allow: dropped whatever they hold
    "attrs": (f'<img srcset="doc:{H} 1x"> <video poster="doc:{H}"></video> <svg><a xlink:href="doc:{H}">s</a>'
              f'<image href="doc:{H}"/></svg> <button formaction="doc:{F}">b</button> <table background="doc:{N}">'
              f'<tr><td>t</td></tr></table> <blockquote cite="doc:{H}">q</blockquote> <img longdesc="doc:{H}" src="media/yitu.png">'
              f' <math><mi xlink:href="doc:{F}">m</mi></math> <area href="doc:{H}">'),
    # spellings of the scheme
    "del-img": f'<img src="&#127;doc:{H}" alt="a"> <img src="d&#127;oc:{F}" alt="b">',
    "del-a": f'<a href="&#127;doc:{H}">a</a>',
    "nbsp-img": f'<img src="&nbsp;doc:{H}" alt="a"> <img src="&#x3000;doc:{F}" alt="b">',
    "bom-img": f'<img src="&#xFEFF;doc:{H}" alt="a"> <img src="d&#xAD;oc:{F}" alt="b">',
    "fullwidth": f'<a href="ｄｏｃ:{H}">a</a> <img src="ｄｏｃ:{F}" alt="b"> [c](ｄｏｃ:{N})',
    "pct": f'<a href="doc%3A{H}">a</a> <img src="doc%3a{F}" alt="b"> <a href="%64oc:{N}">c</a>',
    "ent-colon": f'<img src="doc&colon;{H}" alt="a"> <img src="doc&#x3A;{F}" alt="b"> <a href="doc&#58;{N}">c</a>',
    "nul": f'<img src="&#0;doc:{H}" alt="a"> <img src="doc&#0;:{F}" alt="b"> <a href="doc:{N}&#0;">c</a>',
    "longs": f'<a href="ſ:{H}">a</a> <img src="K:{F}" alt="b">',
    "kelvin-doc": f'<a href="doc:{H}">a</a> <a href="ſdoc:{N}">b</a>',
    "unquoted": f'<a href=doc:{H}>a</a> <img src=doc:{F} alt=b> <img src=2022-90001.md alt=c>',
    "single-quoted": f"<a href='doc:{H}'>a</a> <img src='2022-90002.md' alt='b'>",
    "js-tab": '<a href="java&#9;script:alert(1)">a</a> <a href="&#1;javascript:alert(1)">b</a> '
              '<img src="data&#9;:text/html,x" alt="c"> <a href="jav&#x0A;ascript&colon;alert(1)">d</a>',
    # relative names of the withheld sources
    "md-trail": '<a href="2022-90003.md ">a</a> <img src="2022-90002.md&#9;" alt="b"> <a href="2022-90001.md&#10;">c</a>',
    "md-case": "[a](2022-90003.MD) ![b](2022-90002.Md) [c](./2022-90001.md?x=1#y)",
    "md-pct": "[a](2022-90003%2Emd) ![b](2022-90002.m%64) [c](%32022-90001.md)",
    "md-dot": "[a](2022-90003.md.) ![b](2022-90002.md%20) [c](2022-90001.md/.)",
    "md-up": "[a](../ysq/2022-90003.md) ![b](files/../2022-90002.md) [c](../../content/ysq/2022-90001.md)",
    "md-bs": r'<a href=".\2022-90003.md">a</a> <img src="2022-90002.md\" alt="b"> [c](.\\2022-90001.md)',
    "md-abs": '<a href="/content/ysq/2022-90003.md">a</a> <img src="/ysq/2022-90002.md" alt="b">',
    # Markdown constructs
    "ref": f"[甲][r1] ![乙][r2] [丙][r3]\n\n[r1]: doc:{H}\n[r2]: 2022-90002.md\n[r3]: <doc:{N}> \"t\"",
    "ref-nextline": f"[甲][q1] ![乙][q2]\n\n[q1]:\n    doc:{H}\n[q2]:\n   2022-90002.md",
    "ref-quote": f"[甲][z1] ![乙][z2]\n\n> [z1]: doc:{H}\n> [z2]: 2022-90002.md",
    "footnote": f"正文[^1][^2]\n\n[^1]: 见[甲](doc:{H})\n[^2]: ![乙](2022-90002.md) <a href=\"do&#9;c:{N}\">丙</a>",
    "table": f"| a | b | c |\n|---|---|---|\n| [甲](doc:{H}) | ![乙](doc:{F}) | <img src=\"d&#10;oc:{N}\" alt=\"丙\"> |",
    "attr-list": f'[甲](doc:{H}){{: title="x" href="doc:{F}" }} ![乙](media/yitu.png){{: src="2022-90002.md" }}',
    "attr-list-block": f'段落\n{{: data-x="doc:{H}" title="doc&#9;:{F}" }}',
    "nested": f"[![乙](doc:{F})](doc:{H}) [[丙](doc:{N})](doc:{H})",
    "autolink": f"<doc:{H}> <DOC:{F}> <https://example.com/doc:{N}>",
    "html-block": f'<div markdown="1">[甲](doc:{H})</div>\n\n<div><a href="doc:{F}">乙</a><img src="2022-90001.md"></div>',
    "twohref": f'<a href="doc:{H}" href="doc:{F}">a</a> <a href="media/yitu.png" href="doc:{N}">b</a>',
    "comment": f'<!-- <a href="doc:{H}">a</a> --> <a href="doc:{F}"><!-- x -->b</a>',
    "cdata": f'<svg><![CDATA[<a href="doc:{H}">]]></svg> <math><mtext><a href="doc:{F}">m</a></mtext></math>',
    "title-gt": f'<a title="x>y" href="doc:{H}">a</a> <img alt="x>y" src="2022-90002.md"> <a title=\'"\' href="doc:{N}">c</a>',
    "anchor": f"[甲](doc:{H}#第二条) [乙](doc:{F}#) [丙](2022-90001.md#x)",
    "idn": f'<a href="d\u043ec:{H}">a</a> <a href="doc:ＺＢＪＧ0003/2022-90003">b</a> <a href="doc://xn--fiqs8s/{F}">c</a>',
    "space-index": f"[甲](doc: {H} ) <a href=\"doc:&#9;{F}\">乙</a> <a href=\"doc:{N}&#9;\">丙</a>",
}


def run(name: str, snippet: str) -> str:
    site = attack_sites.demo_copy(WORK, f"doc-{name}")
    set_field(site / "content/ysq/2022-90003.md", "公开属性", "依申请公开")
    set_field(site / "content/ysq/2022-90001.md", "公开属性", "不予公开")
    set_field(site / "content/ysq/2022-90002.md", "发布日期", "2027-03-01")
    md = site / SRC
    md.write_text(md.read_text(encoding="utf-8") + f"\n五、\n\n{snippet}\n\n六、尾\n", encoding="utf-8")
    c = check(site)
    codes = sorted(set(re.findall(r"GK7\d\d|GK1\d\d", c.stdout + c.stderr)))
    b = build(site)
    out = site / "public"
    if b.returncode != 0:
        return f"{name}: check rc {c.returncode} {codes}; build rc {b.returncode}: {tail(b, 300)!r}"
    page = (out / "docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
    m = re.search(r"五、(.*?)六、尾", page, re.S)
    shown = m.group(1) if m else "?"
    leaks = {}
    for k in NEEDLES:
        hits = [p.replace(str(out), "") for p in grep_tree(out, k)]
        hits = [h for h in hits if h not in BASE.get(k, ())]
        if k in ("doc:", "DOC:", "javascript:", "data:text"):
            hits = [h for h in hits if h.endswith("ZBJG0003-2025-90023.html") and k in shown]
        if hits:
            leaks[k] = hits[:4]
    return f"{name}: check rc {c.returncode} {codes}; build rc 0; page: {shown.strip()[:600]!r}\n   leaks {leaks}"


BASE: dict = {}


def baseline() -> None:
    """Where the needles are in the output of the same site with no snippet (the demo's own text)."""
    site = attack_sites.demo_copy(WORK, "doc-baseline")
    set_field(site / "content/ysq/2022-90003.md", "公开属性", "依申请公开")
    set_field(site / "content/ysq/2022-90001.md", "公开属性", "不予公开")
    set_field(site / "content/ysq/2022-90002.md", "发布日期", "2027-03-01")
    b = build(site)
    assert b.returncode == 0, tail(b)
    out = site / "public"
    for k in NEEDLES:
        BASE[k] = {p.replace(str(out), "") for p in grep_tree(out, k)}
    print("baseline:", {k: sorted(v)[:5] for k, v in BASE.items() if v}, flush=True)


if __name__ == "__main__":
    baseline()
    for n in sys.argv[1:] or list(V):
        print(run(n, V[n]), flush=True)
