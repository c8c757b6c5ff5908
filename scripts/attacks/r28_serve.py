"""Round 28, target 4: edits while `gkssg serve` runs (front matter, body, new document, withdrawal, attachment
swaps good and bad), kill -9 mid-build and a restart: after each step public/ must equal a clean build of
the same content (built in another folder), and the spare (.public.spare) what serve's design says."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time

from r28_common import DATE, PY, REPO, WORK, attack_sites, build, diff, tree

DOC = "content/ysq/2025-90023.md"
NAME = os.environ.get("SRV_NAME", "srv")
site = attack_sites.demo_copy(WORK, NAME)
log = WORK / f"{NAME}.log"
if log.exists():
    log.unlink()


def port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def start(*extra):
    fh = open(log, "a")
    return subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--date", DATE, "--bind", "127.0.0.1",
                             "--port", str(port()), *extra], stdout=fh, stderr=fh,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, start_new_session=True)


def events():
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return text.count("已构建") + text.count("已重新构建") + text.count("构建失败")


def wait_event(n0, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        if events() > n0:
            time.sleep(2.5)  # settle work after the reload
            return True
        time.sleep(0.2)
    return False


def clean_tree():
    ref = WORK / f"{NAME}-ref"
    shutil.rmtree(ref, ignore_errors=True)
    ref.mkdir()
    shutil.copy(site / "catalog.yaml", ref / "catalog.yaml")
    try:
        shutil.copytree(site / "content", ref / "content", symlinks=True)
    except shutil.Error:  # a FIFO in content/: a clean build refuses it (GK724)
        return 1, None
    r = build(ref)
    return r.returncode, tree(ref / "public") if r.returncode == 0 else None


def compare(label):
    rc, ref = clean_tree()
    out = tree(site / "public")
    spare = site / ".public.spare"
    sp = tree(spare) if spare.exists() else None
    if ref is None:
        print(f"{label:36} clean build rc {rc} (refused); public files {len(out)}", flush=True)
        return out
    d = diff(out, ref)
    ds = diff(sp, out) if sp is not None else "no spare"
    print(f"{label:36} public vs clean: {len(d)} differ {d[:4]}; spare vs public: "
          f"{len(ds) if not isinstance(ds, str) else ds} {ds[:4] if not isinstance(ds, str) else ''}", flush=True)
    return out


def edit(fn, label, expect_event=True):
    n0 = events()
    time.sleep(0.1)
    fn()
    ok = wait_event(n0)
    if not ok:
        print(f"{label}: no rebuild event within 120 s", flush=True)
    return compare(label)


def sub(path, old, new):
    p = site / path
    t = p.read_text(encoding="utf-8")
    assert old in t, (path, old)
    p.write_text(t.replace(old, new, 1), encoding="utf-8")


def main():
    global proc
    proc = start()
    assert wait_event(0, 180), log.read_text()
    compare("0 first build")
    edit(lambda: sub(DOC, "考试录用公务员公告", "考试录用公务员的公告"), "1 front matter (title)")
    edit(lambda: sub(DOC, "36名", "37名"), "2 body edit")


    def new_doc():
        t = (site / DOC).read_text(encoding="utf-8").replace("2025-90023", "2025-90099").replace("的公告", "补充公告")
        (site / "content/ysq/2025-90099.md").write_text(t, encoding="utf-8")


    edit(new_doc, "3 new document")
    edit(lambda: sub("content/ysq/2025-90099.md", "公开属性: 主动公开", "公开属性: 依申请公开"), "4 withdrawn (依申请公开)")
    edit(lambda: os.unlink(site / "content/ysq/2025-90099.md"), "5 deleted")


    def att_new():
        p = site / "content/ysq/files/bmb.docx"
        data = p.read_bytes() + b"\0R28"
        tmp = p.with_name(".t")
        tmp.write_bytes(data)
        os.replace(tmp, p)


    edit(att_new, "6 attachment replaced (valid)")


    def att_bad():
        p = site / "content/ysq/files/bmb.docx"
        st = p.stat()
        data = p.read_bytes()
        head = b"<html><script>alert(28)</script>"
        tmp = p.with_name(".t")
        tmp.write_bytes(head + data[len(head):])
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(tmp, p)


    good = (site / "content/ysq/files/bmb.docx").read_bytes()
    out = edit(att_bad, "7 attachment -> script head")
    print("   script bytes in public:", [k for k, v in out.items() if b"alert(28)" in v])


    def att_back():
        p = site / "content/ysq/files/bmb.docx"
        tmp = p.with_name(".t")
        tmp.write_bytes(good)
        os.replace(tmp, p)


    edit(att_back, "8 attachment back")
    # kill -9 mid-build
    for delay in (0.3, 0.8, 1.5):
        sub(DOC, "37名", f"3{int(delay * 10)}名") if "37名" in (site / DOC).read_text(encoding="utf-8") else \
            sub(DOC, "考试录用", "考试录用")
        sub(DOC, "二、报名时间", f"二、报名时间（{delay}）")
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        compare(f"9 killed {delay}s after an edit (stale ok)")
        n0 = events()
        proc = start()
        wait_event(n0, 180)
        compare(f"10 restarted after kill {delay}")
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


if __name__ == "__main__":
    main()
