"""Round 35, a read-only site (unshare -m, the site folder bind-mounted read-only; root): gkssg search (index in
memory), check, build, bundle, new — a Chinese message with a code, nothing written, no traceback. Then check
--changed with 30 documents turned 不予公开 against a full check (GK120)."""
from __future__ import annotations

import re
import shutil
import subprocess

from r35_common import DATE, PY, REPO, build, codes, demo, gk, row


def main():
    site = demo("readonly")
    assert build(site).returncode == 0
    before = subprocess.run(["find", str(site), "-newer", str(site / "catalog.yaml"), "-printf", "%p %T@\n"],
                            capture_output=True, text=True).stdout
    for args in (["search", "行政许可", "--json"], ["check"], ["build"], ["bundle", "--out", "/tmp/h35/ro.tar.gz"],
                 ["bundle", "--no-build", "--out", "/tmp/h35/ro2.tar.gz"], ["check", "--changed"]):
        cmd = (f"mount --bind {site} {site} && mount -o remount,ro,bind {site} && "
               f"PYTHONPATH={REPO} {PY} -m gkssg {' '.join(args)} --site {site} --date {DATE}")
        p = subprocess.run(["unshare", "-m", "sh", "-c", cmd], capture_output=True, text=True, timeout=600)
        out = (p.stdout + p.stderr).strip()
        tb = "Traceback" in out
        english = bool(re.search(r"\b(Error|error:|Permission denied|Read-only)\b", out)) and "GK" not in out
        last = out.splitlines()[-1][:130] if out else ""
        if args[0] == "search":
            last = out[:130].replace("\n", " ")
        res = "BROKEN" if tb or english or (p.returncode not in (0, 1, 2)) else "holds"
        row(f"read-only site: gkssg {' '.join(args[:2])}", res, f"rc {p.returncode} {codes(p)[:4]} {last}")
    after = subprocess.run(["find", str(site), "-newer", str(site / "catalog.yaml"), "-printf", "%p %T@\n"],
                           capture_output=True, text=True).stdout
    row("read-only site: nothing of the site changed across the six commands", "holds" if before == after else "BROKEN",
        f"files newer than catalog.yaml before {len(before.splitlines())}, after {len(after.splitlines())}")
    shutil.rmtree(site)


def withheld_changed():
    site = demo("withheld-changed")
    assert build(site).returncode == 0
    for a in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@x", *a], cwd=site, check=True)
    docs = sorted((site / "content").rglob("*.md"))
    n = 0
    for d in docs:
        t = d.read_text(encoding="utf-8")
        if "公开属性: 主动公开" in t and "年报" not in t and n < 30:
            d.write_text(t.replace("公开属性: 主动公开", "公开属性: 不予公开", 1), encoding="utf-8")
            n += 1
    full = gk("check", "--site", str(site), "--date", DATE)
    ch = gk("check", "--site", str(site), "--date", DATE, "--changed")
    b = build(site)
    row(f"check --changed with {n} documents turned 不予公开 (a withdrawal by 公开属性): GK120 as the full check?",
        "BROKEN" if ("GK120" in codes(full)) != ("GK120" in codes(ch)) else "holds",
        f"full check rc {full.returncode} GK120 {'GK120' in codes(full)}; --changed rc {ch.returncode} GK120 {'GK120' in codes(ch)}; "
        f"build rc {b.returncode} GK120 {'GK120' in codes(b)}")
    shutil.rmtree(site)


if __name__ == "__main__":
    main()
    withheld_changed()
