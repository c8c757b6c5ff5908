"""Shared helpers of hostile round 21 (page records: what a render read decides skipping / the one-edit path).

A case: a generated site (benchmarks/generate.py N --seed 3 --body-chars 300), optional catalog.yaml and
template overrides (SITE/themes/default/templates/…), a first build at DATE, then one or more changes, each
followed by an incremental `gkssg build` compared with `build --clean --out OTHER` (every file but the marker).
"""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

GK = Path(os.environ.get("GK", Path(__file__).resolve().parents[2]))
PY = os.environ.get("GKPY", "/work/wt/trial/.venv/bin/python")
TMP = Path(os.environ.get("H21", "/tmp/h21"))
DATE = "2026-12-01"
MARKER = ".gkssg-output"
DEFAULT_TEMPLATES = GK / "themes" / "default" / "templates"


def cli(*args, timeout=600):
    env = dict(os.environ, PYTHONPATH=str(GK))
    try:
        p = subprocess.run(["nice", PY, "-m", "gkssg.commands.cli", *args], capture_output=True, text=True,
                           timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        return None, str(e.stdout or "") + str(e.stderr or "")
    return p.returncode, p.stdout + p.stderr


def build(site, date=DATE, *extra, jobs=2, timeout=600):
    return cli("build", "--site", str(site), "--date", date, "-j", str(jobs), *extra, timeout=timeout)


def generate(name, n=24):
    site = TMP / name
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(TMP / (name + "-clean"), ignore_errors=True)
    subprocess.run([PY, str(GK / "benchmarks/generate.py"), str(n), str(site), "--seed", "3", "--body-chars", "300",
                    "--build-date", DATE], check=True, capture_output=True)
    return site


def digest(folder):
    out = {}
    folder = Path(folder)
    for p in sorted(folder.rglob("*")) if folder.exists() else []:
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = "link:" + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def override(site, rel, text):
    path = Path(site) / "themes" / "default" / "templates" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def default_text(rel):
    return (DEFAULT_TEMPLATES / rel).read_text(encoding="utf-8")


def in_block(rel, snippet):
    """The default template `rel` with `snippet` right after `{% block content %}` (base.html: after <body…>)."""
    text = default_text(rel)
    if rel == "base.html":
        i = text.index(">", text.index("<body")) + 1
        return text[:i] + snippet + text[i:]
    return text.replace("{% block content %}", "{% block content %}" + snippet, 1)


def edit(site, rel, old, new, count=1):
    path = Path(site) / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def compare(site, date=DATE, extra=()):
    """Incremental build of `site`, then a clean build into SITE-clean; (verdict, rc, output, differing)."""
    rc, out = build(site, date, *extra)
    clean = Path(str(site) + "-clean")
    shutil.rmtree(clean, ignore_errors=True)
    rc2, out2 = build(site, date, "--clean", "--out", str(clean), jobs=1)
    a, b = digest(Path(site) / "public"), digest(clean)
    differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k) and not k.endswith(MARKER))
    ok = rc == rc2 and not differ
    verdict = "holds" if ok else f"BROKEN: rc {rc}/{rc2}, {len(differ)} files differ {differ[:5]}"
    return verdict, rc, out, out2, differ


def excerpt(out, n=300):
    out = out.strip().replace("\n", " ⏎ ")
    return out if len(out) <= n else out[:n] + "…"


def fast_note(out):
    return "one-edit" if "快速" in out and "未走" not in out else ("slow" if "未走" in out else "")


def say(*a):
    print(*a, flush=True)
