"""Hostile round 26b: a withheld document's words must not stay findable after an incremental build.
Marks documents at several depths (newest public, middle, oldest) with a unique word in title and body, builds,
checks each is found (tests/search_reader.py StaticIndexReader, `gkssg search --json`), then withholds them in one
build (依申请公开 / future 发布日期 / file deleted / title changed to drop the word) and checks nothing finds them,
that no search/ file holds the word (decompressed), and diff -r against a clean build.
Usage: python r26b_leak.py [N] [SEED] [JOBS] [shallow|one]"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from r26b_common import ENV, PY, build, clean_twin, diff, docs, front, generated, set_field  # noqa: E402

from tests.search_reader import StaticIndexReader  # noqa: E402

DATE = "2026-11-20"
WORDS = ["qzxwalpha", "qzxwbravo", "qzxwcharlie", "qzxwdelta", "qzxwecho", "qzxwfox"]


def public(root):
    ds = [d for d in docs(root) if front(d).get("公开属性") == "主动公开" and front(d).get("发布日期", "9") <= DATE
          and "附件" not in d.read_text(encoding="utf-8") and "解读" not in d.read_text(encoding="utf-8")]
    return sorted(ds, key=lambda d: (front(d)["发布日期"], str(d)))


def found(root: Path, word: str) -> tuple[list, list, bool]:
    reader = StaticIndexReader(root / "public")
    static = reader.search(word)
    p = subprocess.run([PY, "-m", "gkssg.commands.cli", "search", "--site", str(root), "--date", DATE, "--json", word],
                       env=ENV, capture_output=True, text=True)
    try:
        cli = [r.get("url") for r in json.loads(p.stdout)] if p.stdout.strip().startswith("[") else \
            [r.get("url") for r in json.loads(p.stdout).get("results", [])]
    except ValueError:
        cli = ["unparsed: " + p.stdout[:200] + p.stderr[-200:]]
    raw = False
    for f in (root / "public" / "search").rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            pieces = [data]
            try:
                pieces.append(gzip.decompress(data))
            except Exception:
                at = data.find(b"\x1f\x8b\x08")
                while at >= 0:  # a pack of gzip members
                    try:
                        pieces.append(gzip.GzipFile(fileobj=__import__("io").BytesIO(data[at:])).read())
                    except Exception:
                        pass
                    at = data.find(b"\x1f\x8b\x08", at + 1)
            raw |= any(word.encode() in x for x in pieces)
    return static, cli, raw


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 320
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    jobs = sys.argv[3] if len(sys.argv) > 3 else "1"
    root = generated(f"leak{n}-{seed}", n, seed)
    ds = public(root)
    chosen = [ds[-1], ds[-2], ds[len(ds) // 2], ds[0], ds[-3], ds[len(ds) // 3]]
    if len(sys.argv) > 4 and sys.argv[4] == "one":
        chosen = [ds[-1]]
    if len(sys.argv) > 4 and sys.argv[4] == "shallow":  # all among the newest: the index is updated
        chosen = [ds[-1], ds[-4], ds[-2], ds[-5], ds[-3], ds[-6]]
    for word, d in zip(WORDS, chosen):
        f = front(d)
        set_field(d, "标题", f["标题"] + word)
        d.write_text(d.read_text(encoding="utf-8").rstrip("\n") + f"\n\n本文{word}。\n", encoding="utf-8")
    rc, how = build(root, DATE, "--jobs", jobs)
    assert rc == 0, how
    for word in WORDS:
        s, c, r = found(root, word)
        print(f"before: {word}: static {len(s)} cli {len(c)} raw {r}")
    ops = ["withdraw", "future", "delete", "withdraw", "retitle", "future"]
    if len(sys.argv) > 4 and sys.argv[4] == "one":  # the newest marked document alone withdrawn: an update
        ops = ["withdraw"]
    for word, d, op in zip(WORDS, chosen, ops):
        if op == "withdraw":
            set_field(d, "公开属性", "依申请公开")
        elif op == "future":
            set_field(d, "发布日期", "2026-12-01")
        elif op == "delete":
            d.unlink()
        else:  # retitle (the body keeps the word: still findable by it, but not by the old title)
            set_field(d, "标题", front(d)["标题"].replace(word, ""))
    rc, how = build(root, DATE, "--jobs", jobs)
    assert rc == 0, how
    bad = 0
    for word, op in zip(WORDS, ops):
        s, c, r = found(root, word)
        expect = op == "retitle"
        ok = (bool(s) == expect and bool(c) == expect and r == expect)
        bad += not ok
        print(f"after {op} ({how}): {word}: static {s} cli {c} raw {r} -> {'holds' if ok else 'BROKEN'}")
    d = diff(root / "public", clean_twin(root, DATE, "--jobs", "1"))
    print("diff vs clean:", "BROKEN\n" + d[:1500] if d else "holds")
    sys.exit(1 if bad or d else 0)


if __name__ == "__main__":
    main()
