"""Round 36: `check --changed` against the full `check` and `build` on GK120 (the empty build and the large drop).

Helpers shared by the r36_*.py scripts: a small committed site (the conftest helpers of tests/), and one
`verdict` that runs the full check, check --changed and (last, on demand) build, and says whether they agree.
Run from the worktree root: PYTHONPATH=$PWD .venv/bin/python scripts/attacks/r36_xxx.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from conftest import MINIMAL_CATALOG, document, git, write_site  # noqa: E402

DATE = "2026-11-01"
DAY = dt.date(2026, 11, 1)
CQ = ("cq", "11500000009275780L", "重庆市人民政府办公厅")
QJ = ("qj", "11500114009130039C", "重庆市黔江区人民政府")
BASE = Path(tempfile.gettempdir()) / "r36"


def fresh(name: str) -> Path:
    root = BASE / name
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    return root


def doc(agency=QJ, n=1, year=2024, name=None, **over) -> tuple[str, str]:
    folder, code, publisher = agency
    fields = dict(标题=f"{publisher}关于第{n}项工作的通知", 索引号=f"{code}/{year}-{n:05d}", 发布机构=publisher,
                  发文字号=None, 成文日期=f"{year}-03-01", 发布日期=f"{year}-03-{n % 27 + 1:02d}")
    fields.update(over)
    rel = f"content/{folder}/{name or f'{year}-{n:05d}'}.md"
    return rel, document(f"正文{n}。\n", **fields)


def standard(cq: int = 4, qj: int = 14) -> dict[str, str]:
    files = dict(doc(CQ, n, 2019) for n in range(1, cq + 1))
    files.update(doc(QJ, n, 2024) for n in range(1, qj + 1))
    return files


def run(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "gkssg.commands.cli", *args], cwd=cwd or REPO, capture_output=True,
                          text=True, env=env, timeout=timeout)


def committed(name: str, files: dict[str, str], build: bool = True, ignore: str = "public/\n.gkssg/\n",
              catalog: str = MINIMAL_CATALOG) -> Path:
    """A site written, built (so the fact index and the output exist) and committed."""
    site = write_site(fresh(name) / "site", files, catalog)
    if build:
        done = run("build", "--site", str(site), "--date", DATE, "-j", "1")
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (site / ".gitignore").write_text(ignore, encoding="utf-8")
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")
    return site


def with_pattern(pattern: str) -> str:
    """MINIMAL_CATALOG with a site.index_no_pattern."""
    return MINIMAL_CATALOG.replace('  site_code: "5000000001"\n', f'  site_code: "5000000001"\n  index_no_pattern: \'{pattern}\'\n')


def pages(out: Path) -> set[str]:
    return {p.name for p in (out / "docs").glob("*.html")} if (out / "docs").is_dir() else set()


def check(site: Path, *extra: str, date: str = DATE) -> dict:
    done = run("check", "--site", str(site), "--format", "json", "--date", date, *extra)
    out = {"rc": done.returncode, "traceback": "Traceback" in done.stderr, "stderr": done.stderr.strip()}
    try:
        findings = json.loads(done.stdout)["findings"]
    except (ValueError, KeyError):
        out.update(findings=None, gk120=None, raw=done.stdout[-1500:])
        return out
    out["findings"] = findings
    out["gk120"] = [(f["file"], f["message"]) for f in findings if f["code"] == "GK120"]
    out["errors"] = sorted({f["code"] for f in findings if f["severity"] == "error"})
    out["fallback"] = "未使用事实索引" in done.stderr
    return out


def build(site: Path, *extra: str, date: str = DATE) -> dict:
    done = run("build", "--site", str(site), "--date", date, "-j", "1", *extra)
    return {"rc": done.returncode, "gk120": "GK120" in done.stdout + done.stderr, "traceback": "Traceback" in done.stderr,
            "tail": (done.stdout + done.stderr)[-300:]}


def short(found: dict) -> str:
    if found.get("findings") is None:
        return f"rc={found['rc']} NO-JSON {found.get('raw', '')[:200]!r} {found['stderr'][:300]!r}"
    g = found["gk120"]
    msg = g[0][1][:90] + "…" if g else "-"
    fb = " (slow path: " + found["stderr"][:80] + ")" if found.get("fallback") else ""
    return f"rc={found['rc']} errors={found['errors']} GK120={len(g)} {msg}{fb}"


def verdict(label: str, site: Path, *extra: str, date: str = DATE, do_build: bool = True,
            changed: tuple[str, ...] = ("--changed",)) -> dict:
    """check --changed (first: the others record the fact index), the full check, then build (last: it replaces the output). Prints one block; returns it."""
    quick = check(site, *changed, *extra, date=date)  # first: the full check and build rewrite the fact index
    full = check(site, *extra, date=date)
    built = build(site, *[e for e in extra if e != "--format"], date=date) if do_build else None
    same_gk120 = full["gk120"] == quick["gk120"]
    passes_refused = quick["rc"] == 0 and (full["rc"] != 0 and full["gk120"] or built and built["gk120"])
    refuses_accepted = bool(quick["gk120"]) and not full["gk120"] and full["rc"] == 0 and (
        built is None or built["rc"] == 0)
    broken = passes_refused or refuses_accepted or quick["traceback"] or full["traceback"] or (
        quick["findings"] is None)
    state = "BROKEN" if broken else ("differs" if not same_gk120 else "holds")
    print(f"[{state}] {label}")
    print(f"   full check : {short(full)}")
    print(f"   --changed  : {short(quick)}")
    if built:
        print(f"   build      : rc={built['rc']} GK120={built['gk120']} traceback={built['traceback']}")
    if not same_gk120:
        print(f"   full GK120   : {full['gk120']}")
        print(f"   changed GK120: {quick['gk120']}")
    return {"state": state, "full": full, "quick": quick, "build": built}


def set_field(path: Path, key: str, value: str | None) -> None:
    import re
    text = path.read_text(encoding="utf-8")
    if value is None:
        text = re.sub(rf"^{key}: .*\n", "", text, count=1, flags=re.M)
    elif re.search(rf"^{key}: ", text, flags=re.M):
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    else:
        text = text.replace("---\n", f"---\n{key}: {value}\n", 1)
    path.write_text(text, encoding="utf-8")
