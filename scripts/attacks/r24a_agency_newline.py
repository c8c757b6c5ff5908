"""An agency id with a trailing newline ("ysjw\\n" in YAML double quotes): config's _SLUG check uses re.match
with `$`, which also matches before a final newline. Its 分类浏览 pages (front and deep) get a newline in their
file name. Is it refused (GK007), or published with a broken name?

    PYTHONPATH=$PWD python scripts/attacks/r24a_agency_newline.py
"""
from pathlib import Path

from r24a_common import build, crawl, excerpt, generate, page_size, say

site = generate("nlid", 40)
page_size(site, 2)
cat = Path(site) / "catalog.yaml"
text = cat.read_text(encoding="utf-8")
assert "- id: ysjw\n" in text
cat.write_text(text.replace("- id: ysjw\n", '- id: "ysjw\\n"\n', 1), encoding="utf-8")
rc, out = build(site)
pub = Path(site) / "public"
odd = sorted(p.relative_to(pub).as_posix() for p in pub.rglob("*") if "\n" in p.name) if rc == 0 else []
broken, orphans = crawl(pub) if rc == 0 else ([], [])
verdict = "BROKEN" if odd or "Traceback" in out else "holds "
say(f"{verdict}\tagency id 'ysjw\\n'\trc={rc}\tfiles with a newline: {odd[:4]} ({len(odd)})\tbroken={broken[:3]}"
    f"\t{excerpt(out[-300:], 300) if rc else ''}")
