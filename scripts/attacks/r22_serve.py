"""`gkssg serve` steps, each followed by a wait and a comparison of the served output with a clean build.

    PYTHONPATH=$PWD python scripts/attacks/r22_serve.py [PORT] [STEP …]
Site: 24 generated documents + themes/default/static/dist/r22.css (a theme static file in a folder
named `dist`), built once, then `serve --no-build`. After each step: wait (the edited page shows its marker,
else WAIT s), then public/ vs `build --clean` of a copy of the inputs (content/, themes/, catalog.yaml)
into /tmp/h22/ref (every file but the marker).
"""
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("H21", "/tmp/h22")
from r21_common import DATE, GK, MARKER, PY, TMP, build, digest, excerpt, generate, say  # noqa: E402

PORT = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 8822
WAIT = 12
site = None


def get(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/{path}", timeout=10) as r:
        return r.read().decode("utf-8", "replace")


def wait_for(path, needle, seconds=60):
    end = time.time() + seconds
    while time.time() < end:
        try:
            if needle in get(path):
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def page_of(rel):
    text = (site / rel).read_text(encoding="utf-8")
    index_no = next(line for line in text.splitlines() if line.startswith("索引号: "))[5:]
    return "docs/" + index_no.strip().replace("/", "-") + ".html"


def append(rel, text):
    p = site / rel
    p.write_text(p.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def compare(step):
    ref_site = TMP / "ref-site"
    shutil.rmtree(ref_site, ignore_errors=True)
    ref_site.mkdir()
    shutil.copytree(site / "content", ref_site / "content", symlinks=True)
    shutil.copytree(site / "themes", ref_site / "themes", symlinks=True)
    shutil.copy2(site / "catalog.yaml", ref_site / "catalog.yaml")
    rc, out = build(ref_site, DATE, "--clean", "--out", str(TMP / "ref"), jobs=1)
    a = {k: v for k, v in digest(site / "public").items() if not k.endswith(MARKER)}
    b = {k: v for k, v in digest(TMP / "ref").items() if not k.endswith(MARKER)}
    off = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    say(f"{step}\t{'holds' if not off else f'BROKEN: {len(off)} files differ {off[:4]}'}\t(clean rc {rc})")
    return off


DOC2, DOC3, DOC4 = "content/ysgz/2026/00002.md", "content/ysgz/2026/00003.md", "content/ysgz/2026/00001.md"


def step_rapid_same():
    for i in range(6):
        append(DOC2, f"连续改动R22RAPID{i}。")
        time.sleep(0.15)
    wait_for(page_of(DOC2), "R22RAPID5")
    time.sleep(WAIT)


def step_two_files():
    append(DOC2, "两篇R22TWO-A。")
    time.sleep(0.05)
    append(DOC3, "两篇R22TWO-B。")
    wait_for(page_of(DOC3), "R22TWO-B")
    wait_for(page_of(DOC2), "R22TWO-A")
    time.sleep(WAIT)


def step_edit_during_settle():
    append(DOC2, "R22SETTLE-A。")
    wait_for(page_of(DOC2), "R22SETTLE-A")  # the reload happened: settle runs now
    append(DOC3, "R22SETTLE-B。")
    wait_for(page_of(DOC3), "R22SETTLE-B")
    time.sleep(WAIT)


def step_dist_css():  # a theme static file in a folder named `dist` (the watcher's IGNORED_DIRS)
    p = site / "themes/default/static/dist/r22.css"
    p.write_text("body{color:#123456} /* R22DIST edited */\n", encoding="utf-8")
    time.sleep(WAIT)


def step_hardlink_edit():  # the file edited through a hard link outside the site; nothing else happens
    outside = TMP / "r22-hardlink.md"
    if outside.exists():
        outside.unlink()
    os.link(site / DOC4, outside)
    with open(outside, "r+", encoding="utf-8") as f:
        text = f.read()
        f.seek(0)
        f.write(text + "\n经硬链接改动R22HARD。\n")
    time.sleep(WAIT)


def step_then_other_edit():  # a reported edit follows: settle should find the unreported one
    append(DOC3, "随后R22AFTER。")
    wait_for(page_of(DOC3), "R22AFTER")
    time.sleep(WAIT)


def step_template_after_body():
    append(DOC2, "R22TPL-BODY。")
    time.sleep(0.5)
    p = site / "themes/default/templates/base.html"
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(GK / "themes/default/templates/base.html", p)
    p.write_text(p.read_text(encoding="utf-8").replace("</body>", "<!-- R22TPL --></body>", 1), encoding="utf-8")
    wait_for("index.html", "R22TPL", 120)
    time.sleep(WAIT)


def step_withdraw():
    p = site / DOC3
    p.write_text(p.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开", 1), encoding="utf-8")
    time.sleep(WAIT + 5)


def step_delete_spare():
    shutil.rmtree(site / ".public.spare", ignore_errors=True)
    append(DOC2, "R22NOSPARE。")
    wait_for(page_of(DOC2), "R22NOSPARE")
    time.sleep(WAIT)


def step_plant_spare():
    docs = site / ".public.spare" / "docs"
    if docs.is_dir():
        (docs / "r22planted.html").write_text("R22PLANTED", encoding="utf-8")
    else:
        say("  (no spare folder to plant in)")
    append(DOC2, "R22PLANT。")
    wait_for(page_of(DOC2), "R22PLANT")
    time.sleep(WAIT)


def step_rename_save():  # an editor's save: a temporary file renamed over the document
    p = site / DOC2
    tmp = p.with_name(".00002.md.r22tmp")
    tmp.write_text(p.read_text(encoding="utf-8") + "\n改名保存R22RENAME。\n", encoding="utf-8")
    os.replace(tmp, p)
    wait_for(page_of(DOC2), "R22RENAME")
    time.sleep(WAIT)


def step_old_mtime():  # a same-size body edit with the old mtime put back (touch -r)
    p = site / DOC2
    st = os.stat(p)
    text = p.read_text(encoding="utf-8")
    assert "R22" in text
    p.write_text(text.replace("R22", "Q22", 1), encoding="utf-8")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    time.sleep(WAIT)


def step_wellknown():  # a theme static file in a dot folder (the watcher ignores dot parts)
    p = site / "themes/default/static/.well-known/r22.txt"
    p.write_text("R22WELLKNOWN edited\n", encoding="utf-8")
    time.sleep(WAIT)


def step_shared_template():  # (R22_THEMELINK=1: themes/default -> /tmp/h22/shared-serve) edit its base.html,
    # then a body edit of a document (settle walks the inputs)
    p = TMP / "shared-serve/templates/base.html"
    p.write_text(p.read_text(encoding="utf-8").replace("</body>", "<p>R22SHARED</p></body>", 1), encoding="utf-8")
    time.sleep(WAIT)
    compare("shared_template (before the body edit)")
    append(DOC2, "R22SHAREDBODY。")
    wait_for(page_of(DOC2), "R22SHAREDBODY")
    time.sleep(WAIT)


def step_spare_twin():  # after settle the spare should equal the output (the next reload links nothing)
    append(DOC2, "R22TWIN。")
    wait_for(page_of(DOC2), "R22TWIN")
    time.sleep(WAIT + int(os.environ.get("R22_TWIN_EXTRA", "0")))
    a = {k: v for k, v in digest(site / "public").items() if not k.endswith(MARKER)}
    b = {k: v for k, v in digest(site / ".public.spare").items() if not k.endswith(MARKER)}
    off = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    say(f"spare_twin\tspare vs output: {'twin' if not off else f'{len(off)} files differ {off[:4]}'}"
        f"\t(spare exists: {(site / '.public.spare').is_dir()})")


STEPS = [step_spare_twin, step_shared_template, step_rename_save, step_old_mtime, step_wellknown, step_rapid_same, step_two_files, step_edit_during_settle, step_dist_css, step_hardlink_edit,
         step_then_other_edit, step_template_after_body, step_withdraw, step_delete_spare, step_plant_spare]


def main():
    global site
    wanted = [a for a in sys.argv[1:] if not a.isdigit()]
    site = generate("serve22")
    (site / "themes/default/static/dist").mkdir(parents=True)
    (site / "themes/default/static/dist/r22.css").write_text("body{color:#000}\n", encoding="utf-8")
    if os.environ.get("R22_THEMELINK"):
        shared = TMP / "shared-serve"
        shutil.rmtree(shared, ignore_errors=True)
        shutil.move(site / "themes/default", shared)
        (shared / "templates").mkdir(exist_ok=True)
        shutil.copy(GK / "themes/default/templates/base.html", shared / "templates/base.html")
        os.symlink(shared, site / "themes/default")
    (site / "themes/default/static/.well-known").mkdir(parents=True)
    (site / "themes/default/static/.well-known/r22.txt").write_text("first\n", encoding="utf-8")
    rc, out = build(site)
    assert rc == 0, out
    log = open(TMP / "serve22.log", "w", encoding="utf-8")
    proc = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "serve", "--site", str(site), "--date", DATE,
                             "--bind", "127.0.0.1", "--port", str(PORT), "--no-build"],
                            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONPATH=str(GK)),
                            start_new_session=True)
    try:
        assert wait_for("index.html", "<html", 60), "server did not start"
        compare("start")
        for step in STEPS:
            if wanted and step.__name__[5:] not in wanted:
                continue
            step()
            compare(step.__name__[5:])
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
        log.close()
    log_text = (TMP / "serve22.log").read_text(encoding="utf-8", errors="replace")
    say(f"serve log tail: {excerpt(log_text[-600:], 600)}")
    if os.environ.get("R22_AFTER_EDIT"):  # a body edit after serve stopped, then the plain build
        append(DOC3, "停止后R22AFTERSTOP。")
    rc, out = build(site)
    say(f"plain build after serve: rc {rc}: {excerpt(out[-60:], 60)}")
    off = compare("after serve stopped + plain `gkssg build`")


if __name__ == "__main__":
    main()
