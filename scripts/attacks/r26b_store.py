"""Hostile round 26b: damage to the kept search index (.gkssg/search/static.idx + static.<n>.pack) before an
incremental build. The store keeps each file's fingerprint but never checks the bytes it reads back against it.
Cases (each on a fresh copy of one built site):
  flip_unread_out   a byte inside a kept k/ file's gzip data flipped; nothing changed; build --out NEWDIR
  flip_unread_rmpublic  the same, then the output folder removed; build (same --out)
  flip_unread_inplace / flip_unread_edit  the same flip, nothing changed / one edit: build in place
  headers_edit      the gzip MTIME of every member of every kept p/ pack changed; one edit (an update)
  flip_header_out   the gzip MTIME byte of a kept p/ chunk changed (decompresses fine); build --out NEWDIR
  flip_header_edit  the same, then an edit of the newest document (the search index is updated in place)
  meta_title_withdraw  static.idx still readable, the kept title of the newest document replaced; it is withdrawn
  flip_data_edit    a byte inside the gzip data of every kept p/ chunk flipped, then the same edit
Each output is compared (diff -rq) with a clean build of the same inputs.
Usage: python r26b_store.py [CASE ...]"""
from __future__ import annotations

import marshal
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26b_common import WORK, build, clean_twin, diff, docs, front, generated  # noqa: E402
from r26b_swap import plain_public  # noqa: E402

DATE = "2026-11-20"


def base() -> Path:
    root = WORK / "store-base"
    if not (root / "public" / "index.html").exists():
        root = generated("store-base", 300, 5)
        rc, how = build(root, DATE, "--jobs", "1")
        assert rc == 0, how
    return root


def fresh(name: str) -> Path:
    root = WORK / name
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(base(), root, ignore=shutil.ignore_patterns(".gkssg", "public"))
    rc, how = build(root, DATE, "--jobs", "1")
    assert rc == 0, how
    for extra in WORK.glob(name + "-out*"):
        shutil.rmtree(extra)
    return root


def kept(root: Path):
    folder = root / ".gkssg" / "search"
    version, key, meta, files, pack = marshal.loads((folder / "static.idx").read_bytes())
    return folder / pack, files


def poke(pack: Path, at: int, value=None) -> None:
    data = bytearray(pack.read_bytes())
    data[at] = (data[at] ^ 0x55) if value is None else value
    pack.write_bytes(bytes(data))


def newest_edit(root: Path) -> None:
    public = [d for d in docs(root) if front(d).get("公开属性") == "主动公开" and front(d).get("发布日期", "9") <= DATE]
    p = max(public, key=lambda d: (front(d)["发布日期"], str(d)))
    text = p.read_text(encoding="utf-8")
    p.write_text(text.rstrip("\n") + "\n\n追加一句：政务公开标准化规范化工作要点。\n", encoding="utf-8")


def case(name: str) -> bool:
    root = fresh(name)
    pack, files = kept(root)
    out = None
    if name in ("flip_unread_out", "flip_unread_inplace", "flip_unread_edit", "flip_unread_rmpublic"):
        path = sorted(p for p in files if p.startswith("search/k/"))[0]
        o, n, _ = files[path]
        poke(pack, o + n // 2)
        if name.endswith("_out"):
            out = WORK / (name + "-out")
        elif name.endswith("_edit"):
            newest_edit(root)
        elif name.endswith("_rmpublic"):  # the output removed (a common way to "start over" short of --clean)
            shutil.rmtree(root / "public")
    elif name.startswith("flip_header"):
        path = sorted(p for p in files if p.startswith("search/p/"))[0]
        o, n, _ = files[path]
        poke(pack, o + 4)  # gzip MTIME: not checked by gzip.decompress
        if name.endswith("_out"):
            out = WORK / (name + "-out")
        else:
            newest_edit(root)
    elif name == "headers_edit":  # the MTIME of every gzip member of every kept p/ pack
        for path in sorted(p for p in files if p.startswith("search/p/")):
            o, n, _ = files[path]
            data = pack.read_bytes()[o:o + n]
            at = data.find(b"\x1f\x8b\x08")
            while at >= 0:
                poke(pack, o + at + 4, 7)
                at = data.find(b"\x1f\x8b\x08", at + 10)
        newest_edit(root)
    elif name == "meta_title_withdraw":  # static.idx readable, one kept title wrong; that document withdrawn
        folder = root / ".gkssg" / "search"
        version, key, meta, files_, pack_name = marshal.loads((folder / "static.idx").read_bytes())
        newest = plain_public(root)[-1]
        r = [i for i, s in enumerate(meta["sources"]) if newest.name in str(s) and newest.parent.name in str(s)][-1]
        meta["titles"][r] = "演示"
        (folder / "static.idx").write_bytes(marshal.dumps((version, key, meta, files_, pack_name)))
        clone = newest.with_name("99999.md")  # the same lengths: the averages stay, the index is updated
        clone.write_text(newest.read_text(encoding="utf-8").replace(front(newest)["索引号"],
                         front(newest)["索引号"][:-5] + "99999"), encoding="utf-8")
        text = newest.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开", 1)
        newest.write_text(text, encoding="utf-8")
    elif name == "flip_data_edit":
        for path in sorted(p for p in files if p.startswith("search/p/")):
            o, n, _ = files[path]
            poke(pack, o + n // 2)
        newest_edit(root)
    extra = ("--out", str(out)) if out else ()
    rc, how = build(root, DATE, "--jobs", "1", *extra)
    if rc:
        print(f"== {name}: build failed ({how[:300]})")
        return True
    d = diff(out or root / "public", clean_twin(root, DATE, "--jobs", "1"))
    print(f"== {name} ({how}): {'BROKEN' if d else 'holds'}")
    if d:
        print(d[:1500])
    return not d


if __name__ == "__main__":
    names = sys.argv[1:] or ["flip_unread_out", "flip_unread_rmpublic", "flip_unread_inplace", "flip_unread_edit",
                             "headers_edit", "flip_header_out", "flip_header_edit", "flip_data_edit"]
    ok = [case(n) for n in names]
    sys.exit(0 if all(ok) else 1)
