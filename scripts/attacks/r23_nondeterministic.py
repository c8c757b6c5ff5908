"""Hostile round 23, claims 1 and 2: a template output that is not a function of the site and the date.

404.html shows `{{ site }}` (the object's repr, with its memory address), column.html `{{ lipsum(1) }}`
and a `random` draw. Neither is refused by the sandbox, so no two builds agree: the incremental build keeps
the last run's bytes, the clean build makes others. A title edit, then a compare.
"""

import re
from pathlib import Path

from scripts.attacks.r21_common import build, compare, generate, in_block, override, say

site = generate("r23-nondet", 10)
override(site, "404.html", in_block("404.html", "<p id=o>{{ site }}</p>"))
override(site, "column.html", in_block("column.html", "<p id=r>{{ lipsum(1, false, 3, 5) }} {{ range(9999) | random }}</p>"))
rc, out = build(site)
say("first build rc", rc)
doc = sorted(Path(site / "content").rglob("*.md"))[0]
doc.write_text(re.sub(r"^标题: ", "标题: 改", doc.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
verdict, rc, out, out2, differ = compare(site)
say(verdict)
page = (site / "public" / "404.html").read_text(encoding="utf-8")
say(" 404.html:", re.search(r"<p id=o>.*?</p>", page).group())
