"""statpool.tree vs os.walk + a stat per file (what the survey claims to equal), on odd trees.

    PYTHONPATH=$PWD python scripts/attacks/r22_tree.py [CASE …]
Each case builds a tree under /tmp/h22/tree-CASE, runs statpool.tree([(top, "t")]) with processes=1 and 2,
and compares (folder label → sorted subfolders, {file: (size, changed_ns)}) with os.walk's view.
"""
import os
import shutil
import sys
import time

from gkssg.fs import statpool

TMP = "/tmp/h22"


def walk_view(top):
    view = {}
    sys.setrecursionlimit(10_000)  # os.walk of Python 3.11 recurses too: give it room (the survey gets none)
    for folder, dirs, files in os.walk(top):
        label = "t" + folder[len(top):]
        entry = {}
        for f in files:
            try:
                st = os.stat(os.path.join(folder, f))
                entry[f] = (st.st_size, statpool.changed_ns(st))
            except OSError:
                entry[f] = (-1, -1)
        view[label] = (sorted(dirs), entry)
    return view


def tree_view(top, processes):
    view = {}
    for line in statpool.tree([(top, "t")], processes):
        if isinstance(line, str):
            label, _, rest = line.partition("\0")
            if rest == "none":
                view[label] = None
                continue
            view.setdefault(label[:-1], [[], {}])[0] = sorted(rest.split("\0")) if rest else []
        else:
            label, _, names, sizes, mtimes = line
            view.setdefault(label, [[], {}])[1] = dict(zip(names, zip(sizes, mtimes)))
    return {k: tuple(v) for k, v in view.items()}


def make(case):
    top = f"{TMP}/tree-{case}"
    if os.path.exists(top):
        os.system(f"chmod -R u+rwx {top} 2>/dev/null")
        shutil.rmtree(top)
    os.makedirs(top)
    if case == "noexec":  # a folder that can be listed but whose names cannot be stat'ed (r--)
        os.makedirs(f"{top}/a/sub/deeper")
        open(f"{top}/a/x.md", "w").write("x")
        open(f"{top}/a/sub/y.md", "w").write("y")
        os.chmod(f"{top}/a", 0o500 & ~0o100 | 0o400)  # r-- only
    elif case == "noread":  # --x: cannot be listed
        os.makedirs(f"{top}/a/sub")
        open(f"{top}/a/x.md", "w").write("x")
        os.chmod(f"{top}/a", 0o100)
    elif case == "deep":  # 1,100 nested one-letter folders with a file at the bottom
        here = os.getcwd()
        os.chdir(top)
        for _ in range(1100):
            os.mkdir("d")
            os.chdir("d")
        open("deep.md", "w").write("deep")
        os.chdir(here)
    elif case == "oddnames":
        os.makedirs(f"{top}/a")
        for name in ["new\nline.md", "tab\t.md", " lead.md", b"\xff\xfe.md".decode("utf-8", "surrogateescape"),
                     "back\\slash.md", "dir\nx"]:
            if name == "dir\nx":
                os.makedirs(f"{top}/a/{name}/in")
                open(f"{top}/a/{name}/in/z.md", "w").write("z")
            else:
                open(os.fsencode(f"{top}/a/") + os.fsencode(name), "w").write("o")
    elif case == "symlinks":
        os.makedirs(f"{top}/a/real")
        open(f"{top}/a/real/f.md", "w").write("f")
        os.symlink("real", f"{top}/a/linkdir")
        os.symlink("nowhere", f"{top}/a/broken.md")
        os.symlink("loop", f"{top}/a/loop")
        os.symlink("real", f"{top}/topdirlink")
        os.symlink("a/real/f.md", f"{top}/toplink.md")
    elif case == "wide":  # 50,000 files in one subfolder + 30 subfolders of 1,000: the forked path
        os.makedirs(f"{top}/big")
        for i in range(50_000):
            open(f"{top}/big/{i:05}.md", "w").close()
        for d in range(30):
            os.makedirs(f"{top}/s{d:02}")
            for i in range(1000):
                open(f"{top}/s{d:02}/{i}.md", "w").close()
        for i in range(25_000):  # top-level files: chunked tasks
            open(f"{top}/{i:05}.md", "w").close()
    return top


def run(case):
    top = make(case)
    want = walk_view(top)
    sys.setrecursionlimit(1000)
    for processes in (1, 2):
        try:
            t = time.perf_counter()
            got = tree_view(top, processes)
            secs = time.perf_counter() - t
        except BaseException as e:  # noqa: BLE001
            print(f"{case}\tprocesses={processes}\tBROKEN: tree raised {type(e).__name__}: {str(e)[:80]}", flush=True)
            continue
        diff = sorted(k for k in set(want) | set(got) if want.get(k) != got.get(k))
        detail = [(k, want.get(k), got.get(k)) for k in diff[:2]]
        verdict = "holds" if not diff else f"BROKEN: {len(diff)} folders differ {str(detail)[:300]}"
        print(f"{case}\tprocesses={processes}\t{secs:.2f}s\t{verdict}", flush=True)
    os.system(f"chmod -R u+rwx {top} 2>/dev/null")


if __name__ == "__main__":
    for c in sys.argv[1:] or ["noexec", "noread", "deep", "oddnames", "symlinks", "wide"]:
        run(c)
