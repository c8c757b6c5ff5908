"""Hostile round 23, claims 3 and 4: links the survey must not walk, the footer images, a deep content folder.

(a) the active theme (themes/default, or its templates/) a symlink to `/` or to the site's folder: the
build must end in 180 s without a traceback; (b) catalog.yaml's police_emblem / conac_badge reached
through a symlink out of content/ (a folder link and a file link): GK015 expected; (c) a content folder
1,100 levels deep: build, check, build --clean, without a traceback.
"""

import os
import shutil
import subprocess
import time

from scripts.attacks.r21_common import TMP, build, cli, excerpt, generate, say

results = []


def timed(label, *args, timeout=180):
    start = time.monotonic()
    rc, out = cli(*args, timeout=timeout)
    took = time.monotonic() - start
    ok = rc is not None and "Traceback" not in out and took < 150
    results.append((label, f"{'holds' if ok else 'BROKEN'} rc={rc} {took:.0f}s {excerpt(out[-400:], 140)}"))


# (a) the active theme, or its templates/, pointing at / or at the site
for name, part, target in (("theme-root", "", "/"), ("templates-root", "templates", "/"), ("static-root", "static", "/"),
                           ("templates-usr", "templates", "/usr"),
                           ("theme-site", "", None), ("templates-site", "templates", None)):
    site = generate("r23-walk-" + name, 8)
    theme = site / "themes" / "default"
    link = theme / part if part else theme
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target or site)
    timed(f"themes/default{'/' + part if part else ''} -> {target or 'the site'}",
          "build", "--site", str(site), "--date", "2026-12-01", "-j", "2")

# (b) footer images through a link out of content/
outside = TMP / "r23-outside-images"
shutil.rmtree(outside, ignore_errors=True)
outside.mkdir(parents=True)
site = generate("r23-emblem", 8)
for png in (site / "content" / "site-ids").iterdir():
    shutil.copy(png, outside / png.name)
shutil.rmtree(site / "content" / "site-ids")
(site / "content" / "site-ids").symlink_to(outside)
rc, out = build(site)
results.append(("site-ids/ folder linked out of content/", f"{'holds' if 'GK015' in out else 'BROKEN'} rc={rc} "
                + excerpt(out[out.find('GK015') - 40:] if 'GK015' in out else out[-200:], 160)))
(site / "content" / "site-ids").unlink()
(site / "content" / "site-ids").mkdir()
for png in outside.iterdir():
    (site / "content" / "site-ids" / png.name).symlink_to(png)
rc, out = build(site)
results.append(("each image a file link out of content/", f"{'holds' if 'GK015' in out else 'BROKEN'} rc={rc} "
                + excerpt(out[out.find('GK015') - 40:] if 'GK015' in out else out[-200:], 160)))

# (c) a content folder 1,100 levels deep, with a document at the bottom
subprocess.run(["rm", "-rf", str(TMP / "r23-deep")], check=False)  # rmtree recurses
site = generate("r23-deep", 8)
doc = next((site / "content").rglob("*.md"))
deep = site / "content" / "deep"
os.makedirs(deep, exist_ok=True)
fd = os.open(deep, os.O_RDONLY)
for _ in range(1100):
    os.mkdir("d", dir_fd=fd)
    nfd = os.open("d", os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = nfd
with open(os.open("x.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w", encoding="utf-8") as f:
    f.write(doc.read_text(encoding="utf-8").replace("-00001", "-09999"))
os.close(fd)
timed("content 1,100 deep: build", "build", "--site", str(site), "--date", "2026-12-01", "-j", "2")
timed("content 1,100 deep: check", "check", "--site", str(site), "--date", "2026-12-01")
timed("content 1,100 deep: build --clean", "build", "--site", str(site), "--date", "2026-12-01", "--clean")

for what, verdict in results:
    say(f"{what}: {verdict}")
