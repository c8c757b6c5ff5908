"""Round 36, row 7: the output folder GK120 compares with (public/ or --out DIR): foreign pages in docs/, docs/ a
symlink, a file, folders named *.html, the output a symlink, relative and trailing-slash spellings of --out, an
output built elsewhere. Each case: check --changed and check read the same folder (page_names); they must agree."""
from __future__ import annotations

import os
import shutil
import sys

from r36_common import committed, run, set_field, standard, verdict


def body_edit(site):
    path = site / "content/cq/2019-00001.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")


def main() -> int:
    broken = 0
    site = committed("out-foreign", standard())
    for n in range(30):
        (site / f"public/docs/foreign-{n}.html").write_text("<p>x</p>", encoding="utf-8")
    body_edit(site)
    broken += verdict("30 foreign pages in public/docs/ (48 pages, 18 kept); one body edit", site)["state"] == "BROKEN"

    site = committed("out-docs-symlink", standard())
    other = site.parent / "elsewhere"
    other.mkdir()
    for n in range(30):
        (other / f"p{n}.html").write_text("x", encoding="utf-8")
    shutil.rmtree(site / "public/docs")
    os.symlink(other, site / "public/docs")
    body_edit(site)
    broken += verdict("public/docs a symlink to a folder of 30 other pages", site)["state"] == "BROKEN"

    site = committed("out-docs-file", standard())
    shutil.rmtree(site / "public/docs")
    (site / "public/docs").write_text("not a folder", encoding="utf-8")
    for path in sorted((site / "content/qj").glob("*.md")):
        set_field(path, "发布日期", "2027-03-01")
    broken += verdict("public/docs a file; submission: 14 qj future-dated", site)["state"] == "BROKEN"

    site = committed("out-html-folders", standard())
    for n in range(30):
        (site / f"public/docs/d{n}.html").mkdir()
    body_edit(site)
    broken += verdict("30 folders named *.html in public/docs/", site)["state"] == "BROKEN"

    site = committed("out-symlinked", standard())
    real = site.parent / "real-public"
    shutil.move(site / "public", real)
    os.symlink(real, site / "public")
    for path in sorted((site / "content/qj").glob("*.md")):
        set_field(path, "公开属性", "依申请公开")
    broken += verdict("public/ a symlink to the real output; submission: 14 qj 依申请公开", site)["state"] == "BROKEN"

    site = committed("out-www", standard(), build=False)
    www = site.parent / "www"
    done = run("build", "--site", str(site), "--out", str(www), "--date", "2026-11-01", "-j", "1")
    assert done.returncode == 0, done.stdout[-500:]
    for path in sorted((site / "content/qj").glob("*.md")):
        path.unlink()
    for spelling in (str(www), str(www) + "/", str(www) + "/./", "../www"):
        broken += verdict(f"built with --out www; qj/ emptied; --out {spelling!r} (cwd: site)", site, "--out", spelling,
                          do_build=False)["state"] == "BROKEN" if not spelling.startswith("..") else 0
    # relative to the working directory: run from the site folder
    import json
    import subprocess

    from r36_common import REPO
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    outs = []
    for how in (("--changed",), ()):
        done = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "check", "--site", ".", "--out", "../www",
                               "--date", "2026-11-01", "--format", "json", *how], cwd=site, capture_output=True,
                              text=True, env=env, timeout=300)
        outs.append((done.returncode, [f["message"] for f in json.loads(done.stdout)["findings"] if f["code"] == "GK120"]))
    same = outs[0] == outs[1] and outs[0][0] == 1
    print(f"[{'holds' if same else 'BROKEN'}] --site . --out ../www from the site folder: --changed rc={outs[0][0]} "
          f"GK120={len(outs[0][1])}; check rc={outs[1][0]} GK120={len(outs[1][1])}")
    broken += not same

    site = committed("out-file", standard())
    (site.parent / "afile").write_text("x", encoding="utf-8")
    for path in sorted((site / "content/qj").glob("*.md")):
        path.unlink()
    a = run("check", "--site", str(site), "--date", "2026-11-01", "--out", str(site.parent / "afile"), "--changed")
    b = run("check", "--site", str(site), "--date", "2026-11-01", "--out", str(site.parent / "afile"))
    same = (a.returncode, a.stderr) == (b.returncode, b.stderr) and "Traceback" not in a.stderr
    print(f"[{'holds' if same else 'BROKEN'}] --out a regular file: both rc={a.returncode} {a.stderr.strip()[-60:]!r}")
    broken += not same
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
