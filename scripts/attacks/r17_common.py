"""Shared helpers of hostile round 17 (theme templates as untrusted-ish input; copied from r16_common).

A pristine site is the repository's demo site (catalog.yaml + content/: every template is used:
annual reports, a library, the application column), built once at a fixed date; each attack
copies it (output and build cache included, so the next build is an incremental one), puts
template overrides under <site>/themes/default/templates/, builds and compares.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

GK = Path(os.environ.get("GK", Path(__file__).resolve().parents[2]))
PY = os.environ.get("GKPY", "/work/wt/trial/.venv/bin/python")
TMP = Path(os.environ.get("H17", "/tmp/h17"))
DATE = "2026-12-01"
PRISTINE = TMP / "pristine"
MARKER = ".gkssg-output"
DEFAULT_TEMPLATES = GK / "themes" / "default" / "templates"


def cli(*args, timeout=600, cwd=None):
    """Run gkssg's CLI; return (rc, stdout + stderr). rc None on timeout."""
    env = dict(os.environ, PYTHONPATH=str(GK))
    try:
        p = subprocess.run(["nice", PY, "-m", "gkssg.commands.cli", *args], capture_output=True, text=True,
                           timeout=timeout, env=env, cwd=cwd)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace") + (e.stderr or b"").decode("utf-8", "replace")
        return None, out
    return p.returncode, p.stdout + p.stderr


def build(site, jobs=1, *extra, timeout=600):
    return cli("build", "--site", str(site), "--date", DATE, "-j", str(jobs), *extra, timeout=timeout)


def pristine(dst=PRISTINE):
    """The demo site at dst, built once (kept between runs)."""
    if not (dst / "public" / "index.html").exists():
        shutil.rmtree(dst, ignore_errors=True)
        dst.mkdir(parents=True)
        shutil.copy2(GK / "catalog.yaml", dst / "catalog.yaml")
        shutil.copytree(GK / "content", dst / "content", symlinks=True)
        rc, out = build(dst, 1)
        assert rc == 0, out
    return dst


_REFERENCE = {}


def fresh(name):
    """The built demo site at TMP/<name> without overrides, its output as the first build made it.

    The output folder's marker names its folder, so a copied output is refused (GK051): each
    name is one site, built once; an attack that changed its output makes it rebuilt.
    """
    site = pristine(TMP / name)
    shutil.rmtree(site / "themes", ignore_errors=True)
    ref = _REFERENCE.setdefault(name, digest(site / "public"))
    if digest(site / "public") != ref:
        rc, out = build(site, 1)
        assert rc == 0, out
        now = digest(site / "public")
        differ = [k for k in set(now) | set(ref) if now.get(k) != ref.get(k) and k != MARKER]
        assert not differ, f"a rebuild without overrides differs from the first build: {differ[:5]}"
        _REFERENCE[name] = now
    return site


def digest(folder):
    """{relative path: sha256} of every file (and symlink target) under folder."""
    out = {}
    folder = Path(folder)
    if not folder.exists():
        return out
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = "link:" + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif p.is_dir():
            out[rel] = "dir"
    return out


def override(site, rel, text, encoding="utf-8"):
    path = Path(site) / "themes" / "default" / "templates" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding=encoding)
    return path


def default_text(rel):
    return (DEFAULT_TEMPLATES / rel).read_text(encoding="utf-8")


def inject(rel, snippet):
    """The default template `rel` with `snippet` on a line of its own where it runs; (text, line)."""
    lines = default_text(rel).split("\n")
    at = None
    for i, line in enumerate(lines):
        if "{% block content %}" in line:
            at = i + 1
            break
    if rel == "base.html":
        at = next(i for i, line in enumerate(lines) if line.startswith("<body")) + 1
    if at is None:
        at = 0  # partials, macros, pages without a content block: the first line
    # a snippet on its own line: the text before the insertion point ends with a newline
    lines.insert(at, snippet)
    return "\n".join(lines), at + 1


TRACE = re.compile(r"Traceback|File \"|jinja2\.|Error:|raise ")


def judge(rc, out, before, after, template_rel=None, line=None):
    """Verdict of one failing-template build: 'holds' or 'BROKEN: why'."""
    why = []
    if rc != 2:
        why.append(f"exit {rc}")
    if "GK022" not in out:
        why.append("no GK022")
    if "Traceback" in out or re.search(r'File "[^"]+", line \d+', out):
        why.append("traceback")
    if template_rel and template_rel not in out:
        why.append(f"template {template_rel} not named")
    if line is not None and f"第 {line} 行" not in out:
        m = re.search(r"第 (\d+) 行", out)
        why.append(f"line {m.group(1) if m else 'none'} instead of {line}")
    if before != after:
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        why.append(f"output changed ({len(changed)}: {changed[:3]})")
    return "holds" if not why else "BROKEN: " + "; ".join(why)


def excerpt(out, n=400):
    out = out.strip().replace("\n", " ⏎ ")
    return out if len(out) <= n else out[:n] + "…"


def say(*a):
    print(*a, flush=True)
    sys.stdout.flush()
