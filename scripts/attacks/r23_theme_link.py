"""Hostile round 23, claim 3: a theme kept outside the site, symlinked into themes/.

Each case: a site whose themes/default (or its templates/, static/, templates/partials/) is a symlink to a
shared folder outside the site; first build; an edit inside the shared folder; a plain incremental build,
compared with a clean build. Then links in themes/ to `/`, to the site's own folder and a loop: the build
must end (timeout 180 s). Then the shared folder renamed away, and the link replaced by a regular copy.
"""

import shutil
import time
from pathlib import Path

from scripts.attacks.r21_common import TMP, build, compare, default_text, excerpt, generate, in_block, say

results = []


def shared_theme(name):
    shared = TMP / ("shared-" + name)
    shutil.rmtree(shared, ignore_errors=True)
    (shared / "templates" / "partials").mkdir(parents=True)
    (shared / "static").mkdir(parents=True)
    (shared / "templates" / "base.html").write_text(in_block("base.html", "<p>SHARED-v1</p>"), encoding="utf-8")
    (shared / "templates" / "partials" / "pagination.html").write_text(
        "<!--P-v1-->" + default_text("partials/pagination.html"), encoding="utf-8")
    (shared / "static" / "extra.css").write_text("/* v1 */", encoding="utf-8")
    return shared


def case(name, how, edit_rel, old, new):
    site = generate("r23-link-" + name, 10)
    shared = shared_theme(name)
    theme = site / "themes" / "default"
    if how == "theme":
        theme.parent.mkdir(parents=True, exist_ok=True)
        theme.symlink_to(shared)
    else:
        theme.mkdir(parents=True, exist_ok=True)
        for part in ("templates", "static"):
            if how == part:
                (theme / part).symlink_to(shared / part)
            else:
                shutil.copytree(shared / part, theme / part)
        if how == "partials":
            shutil.rmtree(theme / "templates" / "partials")
            (theme / "templates" / "partials").symlink_to(shared / "templates" / "partials")
    rc, out = build(site)
    time.sleep(1.1)
    path = shared / edit_rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    verdict, rc, out, out2, differ = compare(site)
    results.append((f"link {how}, edit {edit_rel}", verdict))
    say(name, verdict, excerpt(out, 120))
    return site, shared


for how, rel, old, new in (("theme", "templates/base.html", "SHARED-v1", "SHARED-v2"),
                           ("theme", "static/extra.css", "v1", "v2"),
                           ("templates", "templates/partials/pagination.html", "P-v1", "P-v2"),
                           ("static", "static/extra.css", "v1", "v2"),
                           ("partials", "templates/partials/pagination.html", "P-v1", "P-v2")):
    site, shared = case(f"{how}-{rel.split('/')[-1]}", how, rel, old, new)

# the shared folder renamed away, then back; then the link replaced by a regular copy with new bytes
site, shared = case("moves", "theme", "templates/base.html", "SHARED-v1", "SHARED-v2")
moved = Path(str(shared) + "-moved")
shared.rename(moved)
verdict, rc, out, *_ = compare(site)
results.append(("shared theme folder renamed away (dangling link)", f"{verdict} rc={rc} {excerpt(out, 100)}"))
moved.rename(shared)
verdict, *_ = compare(site)
results.append(("shared theme folder back", verdict))
theme = site / "themes" / "default"
theme.unlink()
shutil.copytree(shared, theme)
verdict, *_ = compare(site)
results.append(("link replaced by a regular folder, same files", verdict))

# links that must not be walked
for name, target in (("root", Path("/")), ("site", None), ("loop", "loop")):
    site = generate("r23-walk-" + name, 8)
    (site / "themes").mkdir(exist_ok=True)
    link = site / "themes" / ("x-" + name)
    if target == "loop":
        link.symlink_to(link)
    else:
        link.symlink_to(target or site)
    start = time.monotonic()
    rc, out = build(site, timeout=180)
    took = time.monotonic() - start
    ok = rc is not None and took < 120 and "Traceback" not in out
    results.append((f"themes/x -> {name}", f"{'holds' if ok else 'BROKEN'} rc={rc} {took:.0f}s {excerpt(out, 100)}"))

for what, verdict in results:
    say(f"{what}: {verdict}")
