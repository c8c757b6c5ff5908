"""Hostile round 25, row 1: previews and the endpoint. Steps on a copy of round 24b's made-up site with three
documents added: 鼗鼙 published today in the site's time zone (Asia/Shanghai), 黉黟 tomorrow there, 齾齉 (already
there) on 2027-03-02. After each step the endpoint (a fresh app, and one opened at the start) is asked for each word.
`python r25_preview.py [step ...]`"""
import datetime as dt
import os
import signal
import sys
import time
import zoneinfo

from r25_common import doc, endpoint, fresh_site, gkssg, short

from gkssg.search.corpus import STATE_DIR
from gkssg.search.endpoint import make_app

TZ = "Asia/Shanghai"
TODAY = dt.datetime.now(zoneinfo.ZoneInfo(TZ)).date()
TOMORROW = TODAY + dt.timedelta(days=1)
WORDS = {"鼗鼙": TODAY.isoformat(), "黉黟": TOMORROW.isoformat(), "齾齉": "2027-03-02"}


def site(name):
    extra = {"content/cq/r25-today.md": doc("今天", WORDS["鼗鼙"], "鼗鼙", "901"),
             "content/cq/r25-tomorrow.md": doc("明天", WORDS["黉黟"], "黉黟", "902")}
    return fresh_site(name, extra)


def ask(root, label, app=None):
    print(f"  [{label}]")
    for w in WORDS:
        print(f"    {w} ({WORDS[w]}): {short(endpoint(root, w, app))}")
        print(f"    {w} 年报: {short(endpoint(root, w + ' 年报', app))}")


def run(root, *args, **kw):
    out = gkssg(root, *args, **kw)
    print(f"  $ gkssg {' '.join(args)} -> rc={out.returncode} {out.stdout.strip()[:70]!r} {out.stderr.strip()[-150:]!r}")
    return out


def step_basic():
    root = site("basic")
    print("basic: today / tomorrow / future, preview search and preview build, then today again")
    run(root, "search", "年报")
    early = make_app(root / STATE_DIR)
    ask(root, "after gkssg search (today)")
    run(root, "search", "黉黟", "--date", TOMORROW.isoformat())
    ask(root, "after preview search --date tomorrow (fresh app)")
    ask(root, "after preview search --date tomorrow (app opened before)", early)
    run(root, "build", "--date", "2027-06-01", "--out", str(root / "preview-out"))
    run(root, "search", "齾齉", "--date", "2027-06-01", "--reindex")
    ask(root, "after preview build --out and preview --reindex")
    run(root, "build", "--date", "2027-06-01")
    ask(root, "after preview build into public/")
    run(root, "search", "年报", "--date", TODAY.isoformat())
    ask(root, "after search --date today again")
    for tz in ("Pacific/Kiritimati", "America/Los_Angeles"):
        run(root, "search", "年报", env={"TZ": tz})
        ask(root, f"after gkssg search with TZ={tz}")


def step_symlink():
    print("symlink: the preview folder planted as a symlink")
    root = site("symlink")
    run(root, "search", "年报")
    state = root / ".gkssg" / "search"
    outside = root / "public" / "leak"
    outside.mkdir(parents=True)
    (state / "preview").symlink_to(outside)
    run(root, "search", "齾齉", "--date", "2027-06-01")
    print("  files written through preview -> public/leak:", sorted(p.name for p in outside.rglob("*"))[:8])
    leaked = [p for p in outside.rglob("*") if p.is_file() and "齾齉".encode() in p.read_bytes()]
    print("  public/leak files holding 齾齉:", [str(p.relative_to(root)) for p in leaked])
    (state / "preview").unlink()
    (state / "preview").symlink_to(".")
    run(root, "search", "齾齉", "--date", "2027-06-01")
    ask(root, "after preview with preview -> . (the served folder)")
    run(root, "search", "年报")
    ask(root, "after search today with preview -> .")
    # a file planted instead
    (state / "preview").unlink()
    (state / "preview").write_text("x")
    run(root, "search", "齾齉", "--date", "2027-06-01")
    ask(root, "preview a file")


def step_edited_state():
    print("edited state: the served folder given a preview's index, then its date edited to today")
    import json
    import shutil
    root = site("edited")
    run(root, "search", "年报")
    run(root, "search", "齾齉", "--date", "2027-06-01")
    state = root / ".gkssg" / "search"
    shutil.rmtree(state / "whoosh")
    shutil.copytree(state / "preview" / "whoosh", state / "whoosh")
    data = json.loads((state / "preview" / "state.json").read_text())
    ask(root, "preview copied, state not yet")
    data["date"] = TODAY.isoformat()
    (state / "state.json").write_text(json.dumps(data, ensure_ascii=False))
    ask(root, "preview copied, state.json date edited to today")
    for q, lim in (("管理办法", 1), ("管理办法", 2), ("管理办法", 100), ("齾齉", 20), ("齾齉 鼗鼙", 20), ("齾齉 年报", 20)):
        print(f"    {q} limit={lim}: {short(endpoint(root, q, limit=lim))}")


def step_kill():
    print("kill -9: a preview killed at several points, two previews at once")
    root = site("kill")
    run(root, "search", "年报")
    for delay in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0):
        p = gkssg(root, "search", "齾齉", "--date", "2027-06-01", "--reindex", background=True)
        time.sleep(delay)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        print(f"  killed after {delay}s: endpoint 齾齉 {short(endpoint(root, '齾齉'))}; 鼗鼙 {short(endpoint(root, '鼗鼙'))}")
    ps = [gkssg(root, "search", "齾齉", "--date", d, "--json", background=True) for d in ("2027-06-01", "2027-01-01")]
    ps.append(gkssg(root, "search", "齾齉", "--json", background=True))
    for p in ps:
        out, err = p.communicate()
        print("  parallel rc", p.returncode, out.strip()[:60].replace("\n", " "), err.strip()[-120:])
    ask(root, "after two previews and one today at once")


def step_serve():
    print("serve: gkssg serve with a future date")
    root = site("serve")
    run(root, "search", "年报")
    p = gkssg(root, "serve", "--date", "2027-06-01", "--port", "18725", background=True)
    time.sleep(40)
    os.kill(p.pid, signal.SIGINT)
    try:
        p.communicate(timeout=30)
    except Exception:
        os.kill(p.pid, signal.SIGKILL)
    ask(root, "after serve --date 2027-06-01")
    print("  preview folder:", sorted(x.name for x in (root / ".gkssg" / "search" / "preview").glob("*")))


def step_symlink_delete():
    print("symlink delete: the preview folder a symlink to a user's folder holding whoosh.new/ and whoosh/")
    root = site("symlink-delete")
    run(root, "search", "年报")
    user = root / "userdata"
    for name in ("whoosh.new", "whoosh.old", "whoosh"):
        (user / name).mkdir(parents=True)
        (user / name / "precious.txt").write_text("the user's own file")
    (root / ".gkssg" / "search" / "preview").symlink_to(user)
    run(root, "search", "齾齉", "--date", "2027-06-01")
    print("  user's files left:", sorted(str(p.relative_to(user)) for p in user.rglob("precious.txt")))
    print("  userdata now:", sorted(p.name for p in user.iterdir()))


STEPS = {"symlink-delete": step_symlink_delete, "basic": step_basic, "symlink": step_symlink, "edited": step_edited_state, "kill": step_kill, "serve": step_serve}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(STEPS):
        STEPS[name]()
