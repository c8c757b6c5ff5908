"""Round 10, note N1: an image an UNCHANGED document shows is deleted (no .md changed): `check --changed`
(quick and slow alike) reports nothing for that document, though a full check fails it (GK722).
Run from scripts/attacks: python r10_image_deleted.py"""
import r6_common  # noqa
from r10_changed import base, doc_path, quick_or_fallback
root = base("imgdel", 40, lambda r: ((r / doc_path(3)).parent.joinpath("pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
                                      (r / doc_path(3)).write_text((r / doc_path(3)).read_text("utf-8") + "\n![示意图](pic.png)\n", "utf-8")))
(root / doc_path(3)).parent.joinpath("pic.png").unlink()
q, s = quick_or_fallback(root)
print("quick", q if isinstance(q, str) else sorted({(f.file, f.code) for f in q}))
print("slow", sorted({(f.file, f.code) for f in s}))
from test_check_changed_facts import DATE

from gkssg.build.pipeline import load_and_check
from gkssg.incremental.cache import BuildCache

cache = BuildCache.open(root)
try:
    print("full", sorted({(f.file, f.code) for f in load_and_check(root, DATE, cache=cache)[1].items if f.file.endswith("d000003.md")}))
finally:
    cache.close()
