"""Round 35b: links to hidden files and files outside content/ by several spellings the rendered reading decodes
(escapes, entities, %2e, backslashes, a symlink out): what `check` says and whether the build copies anything."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import r35b_common as c  # noqa: E402

LINKS = ["[a](.secret/id.png)", "[a](\\.secret/id.png)", "[a](&#46;secret/id.png)", "[a](%2esecret/id.png)",
         "![a](.secret\\\\id.png)", "[a](../../outside.txt)", "[a](%2e%2e/%2e%2e/outside.txt)", "[a](..\\\\..\\\\outside.txt)",
         "[a](&#46;&#46;/&#46;&#46;/outside.txt)", "[a](link-out.txt)", '<a href="&#46;secret/id.png">a</a>']


def main():
    site = c.demo("hidden")
    (site / "content/qjqzf/.secret").mkdir()
    (site / "content/qjqzf/.secret/id.png").write_bytes(b"\x89PNG SECRET-HIDDEN")
    (site / "outside.txt").write_text("SECRET-OUTSIDE")
    os.symlink(site / "outside.txt", site / "content/qjqzf/link-out.txt")
    c.append_body(site, "\n\n".join(LINKS))
    chk = c.check(site)
    print("check rc", chk.returncode, c.codes(chk))
    for ln in chk.stdout.splitlines():
        if "GK72" in ln:
            print("  ", ln.strip()[:100])
    b = c.build(site, "--allow-drop")
    leaked = [p for p in (site / "public").rglob("*") if p.is_file() and b"SECRET-" in p.read_bytes()] \
        if (site / "public").exists() else []
    print("build rc", b.returncode, "secret bytes in output:", leaked)


if __name__ == "__main__":
    main()
