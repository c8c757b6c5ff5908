"""Claim 3: a withheld document's body through a template route. A public document's `body_reader`
(load/content.read_body, reachable as an attribute of any Document in the sandbox) reads the body of
whatever object it is handed from `origin` once its bytes hash to `digest`; Jinja2's `namespace(...)` global
makes such an object. The theme's author knows (or computes once, outside gkssg) the file's path and SHA-256.

Site: 24 generated documents plus content/ysgz/2026/90001.md (公开属性: 依申请公开, title and body carry
R21SECRET) and 90002.md (发布日期 2027-06-01, R21FUTURE). 404.html:
`{{ site.documents[0].body_reader(namespace(origin=PATH, digest=SHA)) }}`. A leak = the marker in any output byte.

    PYTHONPATH=$PWD python scripts/attacks/r21_leak.py
"""

import hashlib

from r21_common import build, excerpt, generate, in_block, override, say

SRC = "content/ysgz/2026/00002.md"


def withheld(site, name, marker, disclosure="依申请公开", published=None):
    text = (site / SRC).read_text(encoding="utf-8")
    text = text.replace("2026-00002", "2026-" + name).replace("〔2026〕2号", "〔2026〕" + name + "号")
    text = text.replace("标题: ", f"标题: {marker}", 1).replace("公开属性: 主动公开", "公开属性: " + disclosure)
    if published:
        text = text.replace("发布日期: 2026-11-24", "发布日期: " + published)
    text += f"\n{marker} 正文。\n"
    path = site / "content/ysgz/2026" / (name + ".md")
    path.write_text(text, encoding="utf-8")
    return path


def main():
    site = generate("leak")
    secrets = {"R21SECRET": withheld(site, "90001", "R21SECRET"),
               "R21FUTURE": withheld(site, "90002", "R21FUTURE", "主动公开", "2027-06-01")}
    rc, out = build(site)
    assert rc == 0, out
    hits = [str(p) for p in (site / "public").rglob("*") if p.is_file() and b"R21" in p.read_bytes()]
    assert not hits, hits
    snippet = "".join(
        f'<pre class="r21">{{{{ site.documents[0].body_reader(namespace(origin="{p}", '
        f'digest="{hashlib.sha256(p.read_bytes()).hexdigest()}")) }}}}</pre>' for p in secrets.values())
    override(site, "404.html", in_block("404.html", snippet))
    rc, out = build(site)
    found = {m: sorted(p.relative_to(site / "public").as_posix() for p in (site / "public").rglob("*")
                       if p.is_file() and m.encode() in p.read_bytes()) for m in secrets}
    verdict = "BROKEN" if any(found.values()) else "holds"
    say(f"body_reader+namespace\trc {rc}\t{verdict}\t{found}\t{excerpt(out[-200:], 200)}")


if __name__ == "__main__":
    main()
