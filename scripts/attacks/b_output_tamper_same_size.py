"""Attack B: a page of the live output is changed in place keeping its size (a same-length
`sed -i`, a defacement, another tool writing there).  The next build of an unchanged site
must equal a clean build; gkssg's `unchanged()` only compares the manifest fingerprint and
the file SIZE in `out`, so the altered page is kept (hard-linked) forever.
Run: .venv/bin/python scripts/attacks/b_output_tamper_same_size.py"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b_alternate_sites_one_out import run  # noqa: E402
from b_kill9_build import sitegen  # noqa: E402
from b_two_sites_one_out import files  # noqa: E402


def main():
    tmp = Path(tempfile.mkdtemp(prefix="h4t-"))
    site = tmp / "site"
    sitegen.generate(site, 60)
    assert run(site, site / "public")[0] == 0
    page = sorted((site / "public/docs").glob("*.html"))[3]
    data = page.read_bytes()
    evil = data.replace("重庆市人民政府办公厅".encode(), "某某市人民政府办公厅".encode(), 1)
    assert len(evil) == len(data) and evil != data
    page.write_bytes(evil)  # same size
    # touch a document so the build is not a no-op
    d = site / sitegen.FOLDER / "d000010.md"
    d.write_text(d.read_text("utf-8").replace("## 一、总体要求", "## 一、总体要求（改）", 1), "utf-8")
    code, _ = run(site, site / "public")
    code2, _ = run(site, site / "public")  # and once more (the spare tree)
    ref = tmp / "ref"
    shutil.copytree(site, ref, ignore=shutil.ignore_patterns(".gkssg", "public", ".public*"))
    run(ref, ref / "public")
    got, want = files(site / "public"), files(ref / "public")
    differ = sorted(k for k in want if got.get(k) != want[k])
    print(f"exits {code},{code2}; pages differing from a clean build: {differ}")
    print("BAD: tampered page survived" if differ else "ok")
    shutil.rmtree(tmp, ignore_errors=True)
    return bool(differ)


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
