"""Hostile round 23, claim 2: a withheld document's facts reached through `doc.derived`.

W (依申请公开) names a public P as its 替代文件: P.derived.lifecycle.replaces holds DocRef(W's 索引号);
V (发布日期 2027-05-05, after the build date) names P as its 修改文件: P.derived.lifecycle.amends holds V's.
(A public 解读 of a future policy, whose DocRef carries the policy's 发布日期, is a GK821 error: no build.)
A document.html override prints both; the output is searched for W's index number and F's date.
"""

import re

from scripts.attacks.r21_common import build, generate, in_block, override, say

site = generate("r23-derived", 12)
docs = sorted((site / "content").rglob("*.md"))
texts = {p: p.read_text(encoding="utf-8") for p in docs}
index = {p: re.search(r"^索引号: (.+)$", t, re.M).group(1) for p, t in texts.items()}
p_doc, w_doc, v_doc = docs[:3]
W_INDEX, V_INDEX = index[w_doc], index[v_doc]
texts[w_doc] = texts[w_doc].replace("公开属性: 主动公开", "公开属性: 依申请公开").replace(
    "---\n\n", f"替代文件: {index[p_doc]}\n---\n\n", 1)
texts[v_doc] = re.sub(r"^发布日期: .+$", "发布日期: 2027-05-05", texts[v_doc], count=1, flags=re.M).replace(
    "---\n\n", f"修改文件: {index[p_doc]}\n---\n\n", 1)
for p in (w_doc, v_doc):
    p.write_text(texts[p], encoding="utf-8")
override(site, "document.html", in_block("document.html", (
    "<p id=leak>{% for r in doc.derived.lifecycle.replaces %}R:{{ r.index_no }}|{{ r.public }};{% endfor %}"
    "{% for r in doc.derived.lifecycle.amends %}A:{{ r.index_no }}|{{ r.public }};{% endfor %}"
    "{% set i = doc.derived.interpretation.interprets %}{% if i %}I:{{ i.index_no }}|{{ i.date }}|{{ i.form }}"
    "|{{ i.public }}{% endif %}</p>")))
rc, out = build(site)
say("build rc", rc)
hits_w, hits_v = [], []
for page in (site / "public").rglob("*.html"):
    text = page.read_text(encoding="utf-8")
    if W_INDEX in text:
        hits_w.append(page.relative_to(site / "public").as_posix())
    if V_INDEX in text:
        hits_v.append(page.relative_to(site / "public").as_posix())
say("withheld W index", W_INDEX, "found in", hits_w)
say("future (2027-05-05) V index", V_INDEX, "found in", hits_v)
for name in hits_w[:1] + hits_v[:1]:
    text = (site / "public" / name).read_text(encoding="utf-8")
    say(" ", name, re.search(r"<p id=leak>.*?</p>", text).group())
say("BROKEN" if hits_w or hits_v else "holds")
