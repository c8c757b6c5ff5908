"""Round 35, smaller fixes: check --changed's GK120 large drop (withdrawals by 公开属性, by future date, a stale or
missing fact index), check --out (a www output, a missing or odd --out), YAML errors on the right line (raw ESC, NEL,
U+2028 in catalog.yaml and in front matter)."""
from __future__ import annotations

import re
import shutil
import subprocess

from r33_common import docs_of  # noqa: E402
from r34_drop import rm_docs  # noqa: E402
from r35_common import DATE, build, codes, demo, gk, row  # first: it sets the copies' folder (/tmp/h35)


def git(site, *args):
    subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@x", *args], cwd=site, check=True, capture_output=True)


def withhold(n):
    def m(site):
        for d in docs_of(site)[:n]:
            t = d.read_text(encoding="utf-8")
            d.write_text(re.sub(r"(?m)^公开属性: .*$", "公开属性: 不予公开", t, count=1), encoding="utf-8")
    return m


def changed_cases():
    for label, mutate, pre in (
            ("30 documents future-dated", rm_docs(30), None),
            ("30 documents turned 不予公开", withhold(30), None),
            ("30 documents future-dated, fact index deleted first", rm_docs(30), lambda s: shutil.rmtree(s / ".gkssg")),
            ("30 documents future-dated, public/ built with --out www only", rm_docs(30), "www")):
        site = demo("changed-" + re.sub(r"\W", "", label.encode().hex())[:16])
        if pre == "www":
            shutil.rmtree(site / "public", ignore_errors=True)
            assert build(site, "--out", str(site / "www")).returncode == 0
        else:
            assert build(site).returncode == 0
        git(site, "init", "-q")
        git(site, "add", "-A")
        git(site, "commit", "-qm", "x")
        if callable(pre):
            pre(site)
        mutate(site)
        c = gk("check", "--site", str(site), "--date", DATE, "--changed")
        extra = ""
        if pre == "www":
            w = gk("check", "--site", str(site), "--date", DATE, "--changed", "--out", str(site / "www"))
            extra = f"; with --out www: rc {w.returncode} GK120 {'GK120' in codes(w)}"
        full = gk("check", "--site", str(site), "--date", DATE)
        extra += f"; full check rc {full.returncode} GK120 {'GK120' in codes(full)}"
        tb = "Traceback" in c.stderr
        same = ("GK120" in codes(c)) == ("GK120" in codes(full))
        res = "holds" if same and c.returncode else ("BROKEN" if not tb and pre != "www" else "note")
        if tb:
            res = "BROKEN"
        row(f"check --changed, {label}: GK120?", res,
            f"rc {c.returncode} GK120 {'GK120' in codes(c)} {codes(c)[:6]}{extra} {(c.stdout + c.stderr).strip().splitlines()[-1][:90]}")
        shutil.rmtree(site)


def out_cases():
    site = demo("checkout")
    assert build(site).returncode == 0
    (site / "afile").write_text("x")
    (site / "loop").symlink_to(site / "loop")
    for out in ("/nonexistent/www", str(site / "afile"), str(site / "loop"), "/proc", str(site / "content")):
        c = gk("check", "--site", str(site), "--date", DATE, "--out", out)
        tb = "Traceback" in c.stderr
        row(f"check --out {out.replace(str(site), 'SITE')}", "BROKEN" if tb else "holds",
            f"rc {c.returncode} {codes(c)[:5]} {(c.stdout + c.stderr).strip().splitlines()[-1][:110]}")
    shutil.rmtree(site)


def yaml_cases():
    site = demo("yamlline")
    cat = site / "catalog.yaml"
    orig = cat.read_text(encoding="utf-8")
    lines = orig.split("\n")
    target = next(i for i, ln in enumerate(lines) if ln.strip().startswith("name: 演示市演示区人民政府"))
    quoted = next(i for i, ln in enumerate(lines) if ln.strip().startswith("name: ") and i < target - 5)
    for label, ch in (("raw ESC", "\x1b"), ("NEL U+0085", "\x85"), ("U+2028", "\u2028"), ("U+2029", "\u2029"),
                      ("raw BEL", "\x07")):
        ls = list(lines)
        ls[target] = ls[target] + ch + "办公室"
        cat.write_text("\n".join(ls), encoding="utf-8")
        c = gk("check", "--site", str(site), "--date", DATE)
        said = [ln for ln in (c.stdout + c.stderr).splitlines() if "GK0" in ln][:1]
        m = re.search(r"第 (\d+) 行", said[0]) if said else None
        res = "holds" if m and int(m.group(1)) == target + 1 else "BROKEN"
        row(f"YAML: a {label} in an agency name on catalog.yaml line {target + 1}: the line reported",
            res, f"rc {c.returncode}: {said[0][:150] if said else (c.stdout + c.stderr)[-150:]}")
        # the same character inside a quoted value earlier (valid YAML: folded), a real error on `target`
        ls = list(lines)
        key, _, value = ls[quoted].partition(": ")
        ls[quoted] = f"{key}: '{value}{ch}附'"
        ls[target] = ls[target] + ": x: y"
        cat.write_text("\n".join(ls), encoding="utf-8")
        c = gk("check", "--site", str(site), "--date", DATE)
        said = [ln for ln in (c.stdout + c.stderr).splitlines() if "GK0" in ln][:1]
        m = re.search(r"第 (\d+) 行", said[0]) if said else None
        res = "holds" if m and int(m.group(1)) in (target + 1, quoted + 1) else "BROKEN"
        row(f"YAML: a {label} inside a quoted value on line {quoted + 1}, an error on line {target + 1}: the line reported",
            res, f"rc {c.returncode}: {said[0][:150] if said else (c.stdout + c.stderr)[-150:]}")
    cat.write_text(orig, encoding="utf-8")
    doc = site / "content/ysq/2025-90010.md"
    orig = doc.read_text(encoding="utf-8")
    for label, ch in (("raw ESC", "\x1b"), ("NEL", "\x85"), ("U+2028", "\u2028")):
        t = orig.replace("体裁分类: 公告", "体裁分类: 公告" + ch + "注").replace("公开属性: 主动公开", "公开属性: [主动公开")
        doc.write_text(t, encoding="utf-8")
        want = t.split("\n").index(next(x for x in t.split("\n") if x.startswith("体裁分类"))) + 1
        c = gk("check", "--site", str(site), "--date", DATE)
        said = [ln for ln in (c.stdout + c.stderr).splitlines() if "GK107" in ln or "GK10" in ln][:1]
        m = re.search(r"第 (\d+) 行", said[0]) if said else None
        row(f"YAML: a {label} in front matter (体裁分类, file line {want}) and an error two lines on: the line reported", "holds" if m and int(m.group(1)) == want else "BROKEN",
            f"rc {c.returncode}: {said[0][:140] if said else (c.stdout + c.stderr)[-140:]}")
    doc.write_text(orig, encoding="utf-8")
    shutil.rmtree(site)


if __name__ == "__main__":
    import sys
    for name in sys.argv[1:] or ("changed_cases", "out_cases", "yaml_cases"):
        globals()[name]()
