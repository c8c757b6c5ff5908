"""Attack A (CLI): a damaged facts.db must give the same answer as the slow path, in Chinese,
without a traceback and without hanging.  Run: .venv/bin/python scripts/attacks/a_facts_db_damage.py [case ...]"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from a_facts_quick_vs_slow import DATE, dp, edit, git, make_base, sitegen  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PY = str(REPO / ".venv/bin/python")


def cli(root, *extra, timeout=200):
    t = time.time()
    p = subprocess.run([PY, "-m", "gkssg.commands.cli", "check", "--site", str(root), "--format", "json",
                        "--date", DATE.isoformat(), *extra], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr, time.time() - t


def prepare(root):
    edit(root, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(3)}")  # GK305 with d3


def c_truncated(root, db):
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def c_header_only(root, db):
    db.write_bytes(db.read_bytes()[:100])


def c_empty(root, db):
    db.write_bytes(b"")


def c_hand_edited_idx(root, db):
    """A row's 索引号 edited (blob kept): the index now lies about d3."""
    c = sqlite3.connect(db)
    c.execute("UPDATE facts SET idx='X', idx_key='X', idx_upper='X' WHERE source=?", (dp(3),))
    c.commit(); c.close()


def c_hand_edited_drop_table(root, db):
    c = sqlite3.connect(db)
    c.execute("DROP TABLE links"); c.commit(); c.close()


def c_hand_edited_schema(root, db):
    c = sqlite3.connect(db)
    c.execute("DROP TABLE facts"); c.execute("CREATE TABLE facts (source TEXT)"); c.commit(); c.close()


def c_folder(root, db):
    db.unlink(); db.mkdir(); (db / "x").write_text("x")


def c_symlink_elsewhere(root, db):
    target = root.parent / f"{root.name}-outside.db"
    shutil.move(db, target)
    db.symlink_to(target)


def c_symlink_dangling(root, db):
    db.unlink()
    (root.parent / f"{root.name}-nowhere").mkdir()
    db.symlink_to(root.parent / f"{root.name}-nowhere" / "x.db")


def c_symlink_to_user_file(root, db):
    """facts.db is a symlink to a file that is not gkssg's: it must never be deleted/overwritten."""
    target = root.parent / f"{root.name}-userfile.txt"
    target.write_text("用户的重要文件\n" * 10)
    db.unlink(); db.symlink_to(target)


def c_other_site(root, db):
    other = root.parent / f"{root.name}-other"
    sitegen.generate(other, 30, seed=99)
    git(other, "init", "-q"); git(other, "add", "-A"); git(other, "commit", "-qm", "o")
    subprocess.run([PY, "-m", "gkssg.commands.cli", "check", "--site", str(other), "--date", DATE.isoformat()],
                   capture_output=True)
    shutil.copy(other / ".gkssg/facts.db", db)


def c_locked(root, db):
    """Another process holds an exclusive lock on facts.db for 90 s."""
    code = ("import sqlite3,time,sys;c=sqlite3.connect(sys.argv[1],isolation_level=None);"
            "c.execute('BEGIN EXCLUSIVE');c.execute('DELETE FROM hosts');time.sleep(90)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)])
    time.sleep(1)
    return proc


def c_readonly_dir(root, db):
    os.chmod(root / ".gkssg", 0o555)


def c_wal_garbage(root, db):
    Path(f"{db}-wal").write_bytes(os.urandom(5000))
    Path(f"{db}-journal").write_bytes(os.urandom(5000))


CASES = {k[2:]: v for k, v in dict(globals()).items() if k.startswith("c_")}


def main(names):
    tmp = Path(tempfile.mkdtemp(prefix="h4ad-"))
    base = make_base(tmp)
    prepare(base)
    ref = cli(base, "--changed")  # the quick answer on a healthy index
    slowroot = tmp / "slow"
    subprocess.run(["cp", "-a", str(base), str(slowroot)], check=True)
    shutil.rmtree(slowroot / ".gkssg")
    slow = cli(slowroot, "--changed")
    print("reference quick==slow:", (ref[0], ref[1]) == (slow[0], slow[1]), f"quick {ref[3]:.1f}s slow {slow[3]:.1f}s")
    bad = 0
    for name in names or CASES:
        root = tmp / name
        subprocess.run(["cp", "-a", str(base), str(root)], check=True)
        helper = CASES[name](root, root / ".gkssg/facts.db")
        try:
            code, out, err, secs = cli(root, "--changed")
        except subprocess.TimeoutExpired:
            print(f"HANG  {name}"); bad += 1; continue
        finally:
            if helper is not None:
                helper.kill()
        problems = []
        if (code, out) != (slow[0], slow[1]):
            problems.append(f"answer differs (exit {code} vs {slow[0]})")
        if "Traceback" in err:
            problems.append("traceback")
        if secs > 30:
            problems.append(f"slow {secs:.0f}s")
        user = root.parent / f"{root.name}-userfile.txt"
        if user.exists() and not user.read_text().startswith("用户"):
            problems.append("user file behind symlink overwritten")
        if name == "symlink_to_user_file" and not user.exists():
            problems.append("user file deleted")
        if name == "symlink_dangling" and any((root.parent / f"{root.name}-nowhere").iterdir()):
            problems.append("created a file outside the site through the symlink")
        tail = err.strip().splitlines()[-1][:150] if err.strip() else ""
        print(f"{'BAD ' if problems else 'ok  '}  {name}: {problems} stderr: {tail}")
        if problems and name == "hand_edited_idx":
            a, _b = json.loads(out), json.loads(slow[1])
            print("     quick codes:", sorted({f['code'] for f in a.get('findings', a if isinstance(a, list) else [])} if isinstance(a, dict) else []))
        bad += bool(problems)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1:]) else 0)
