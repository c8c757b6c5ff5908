"""The output manifest file (gkssg/incremental/manifest.py) and the shared stat of the build stamp (gkssg/fs/statpool.py).

A manifest that is missing, cut or damaged must read as no manifest (the
build then does more work and writes what a clean build writes), and a stamp
must miss whenever an output file is gone or has another size, in whichever
chunk and whichever process it is checked in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from pathlib import Path

import pytest
from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build

from gkssg.build import output
from gkssg.build.pipeline import build_site
from gkssg.fs import statpool
from gkssg.fs.statpool import changed_ns
from gkssg.incremental import buildstamp, manifest
from gkssg.incremental.cache import CACHE_DIR, MANIFEST_PREFIX, BuildCache

DATE = dt.date(2026, 11, 1)
ENTRIES = {"index.html": ("fp-index", 1200), "404.html": ("", 10),
           "docs/a.html": ("fp-a", 5), "docs/b.html": ("fp-b", 0), "search/k/1.abc.bin": ("fp-k", 77),
           "zwgk/列表/index_2.html": ("fp-列", 3)}


@pytest.fixture
def site(tmp_path):
    return generate(tmp_path / "site", 30, body_chars=200)


def stored(site: Path, out: Path) -> manifest.Manifest:
    cache = BuildCache.open(site)
    try:
        return cache.manifest(out)
    finally:
        cache.close()


def manifest_file(site: Path) -> Path:
    files = sorted((site / CACHE_DIR).glob(f"{MANIFEST_PREFIX}*.bin"))
    assert len(files) == 1, files
    return files[0]


def test_a_manifest_reads_back_as_written_and_only_for_its_folder_and_version(tmp_path):
    path = tmp_path / "m.bin"
    manifest.write(path, "v1", "/out", ENTRIES)
    assert manifest.read(path, "v1", "/out") == ENTRIES
    listing = manifest.read_listing(path, "v1", "/out")
    assert listing == manifest.listing(ENTRIES) and manifest.count(listing) == len(ENTRIES)
    assert {f"{folder}/{name}".lstrip("/"): size for folder, names, sizes in zip(*listing)
            for name, size in zip(names, sizes)} == {path: size for path, (_, size) in ENTRIES.items()}
    assert manifest.read(path, "v2", "/out") == {} and manifest.read_listing(path, "v2", "/out") is None
    assert manifest.read(path, "v1", "/other") == {}
    assert manifest.read(tmp_path / "none.bin", "v1", "/out") == {}
    manifest.write(path, "v1", "/out", {})
    assert manifest.read(path, "v1", "/out") == {} and manifest.read_listing(path, "v1", "/out") == ([], [], [])
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


def test_a_cut_or_damaged_manifest_reads_as_none(tmp_path):
    path = tmp_path / "m.bin"
    manifest.write(path, "v1", "/out", ENTRIES)
    data = path.read_bytes()
    for cut in (0, 5, len(manifest.MAGIC) + 3, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:cut])
        assert manifest.read(path, "v1", "/out") == {}, cut
    magic, header = len(manifest.MAGIC), len(manifest.MAGIC) + manifest._HEADER.size
    len1, len2 = manifest._HEADER.unpack_from(data, magic)[3:]
    # the listing reads the whole header ("<IIIQQ") but the CRC of part 2, part 1, and the length of part 3
    tail = header + len1 + len2
    listing_bytes = {*range(magic + 8), *range(magic + 12, header + len1), *range(tail + 4, tail + 12)}
    for at in range(0, len(data), 7):  # one flipped byte anywhere: header, listing, fingerprints, spare record
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1:])
        assert manifest.read(path, "v1", "/out") == {}, at
        if at in listing_bytes:
            assert manifest.read_listing(path, "v1", "/out") is None, at
        else:
            assert manifest.read_listing(path, "v1", "/out") == manifest.listing(ENTRIES), at
    path.write_bytes(b"\0" * 100)
    assert manifest.read(path, "v1", "/out") == {} and manifest.read_listing(path, "v1", "/out") is None


@pytest.mark.parametrize("damage", ["cut", "flipped byte in the listing", "flipped byte in the fingerprints",
                                    "garbage", "deleted"])
def test_a_damaged_manifest_file_only_costs_work(site, tmp_path, damage):
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    path = manifest_file(site)
    data, entries = path.read_bytes(), stored(site, out)
    if damage == "cut":
        path.write_bytes(data[:len(data) * 2 // 3])
    elif damage.startswith("flipped byte"):
        at = len(manifest.MAGIC) + manifest._HEADER.size + 40 if damage.endswith("listing") else len(data) - 10
        path.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    else:
        path.unlink()
    # the stamp reads the folders, names and sizes only: damaged fingerprints do not make it miss
    assert build_site(site, out, DATE, jobs=1).unchanged == damage.endswith("fingerprints")
    if damage.endswith("fingerprints"):
        doc = site / FOLDER / "d000002.md"
        os.utime(doc, ns=(doc.stat().st_atime_ns, doc.stat().st_mtime_ns + 10_000_000_000))
        # an input changed, but nothing the render stage reads: the render stamp, like the build
        # stamp, reads the listing only and keeps the output (renderstamp.py)
        damaged = path.read_bytes()
        touched = build_site(site, out, DATE, jobs=1)
        assert touched.kept and touched.rendered == 0 and manifest_file(site).read_bytes() == damaged
        doc.write_text(doc.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
        result = build_site(site, out, DATE, jobs=1)  # a render, which reads the fingerprints
        # no manifest: all written (the edit may add an output file, e.g. a search shard: count a clean build's)
        clean = clean_build(site, DATE, tmp_path / "clean")
        assert not result.unchanged and result.rendered == result.files == clean.files
        assert_same(out, tmp_path / "clean")
        assert build_site(site, out, DATE, jobs=1).unchanged
        return
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")
    assert stored(site, out) == entries  # the same manifest again (for another build id: the marker's)
    assert build_site(site, out, DATE, jobs=1).unchanged


def test_an_interrupted_build_leaves_no_manifest_and_the_next_build_starts_clean(site, tmp_path, monkeypatch):
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    doc = site / FOLDER / "d000002.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    (out / "index.html").unlink()

    def stop_before_the_swap(staging, out, *verified):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.outswap, "swap", stop_before_the_swap)
    with pytest.raises(KeyboardInterrupt):
        build_site(site, out, DATE, jobs=1)
    assert not list((site / CACHE_DIR).glob(f"{MANIFEST_PREFIX}*"))  # dropped before the commit
    monkeypatch.undo()
    result = build_site(site, out, DATE, jobs=1)
    assert not result.unchanged
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")
    assert build_site(site, out, DATE, jobs=1).unchanged


def test_clean_keeps_the_manifest_files_and_a_memory_cache_keeps_its_own(site, tmp_path):
    """--clean empties the cache but keeps each output's manifest until its own build replaces it: a clean
    build refused before that (GK059) leaves the output as it was, and the next build still knows which of
    its files gkssg wrote (hostile round 33, row 23; tests/test_foreign_without_cache.py)."""
    build_site(site, site / "public", DATE, jobs=1)
    build_site(site, tmp_path / "other", DATE, jobs=1)
    assert len(list((site / CACHE_DIR).glob(f"{MANIFEST_PREFIX}*.bin"))) == 2
    cache = BuildCache.fresh(site)
    assert len(list((site / CACHE_DIR).glob(f"{MANIFEST_PREFIX}*.bin"))) == 2
    assert cache.manifest_listing(site / "public") is not None
    cache.close()
    memory = BuildCache.memory()
    assert memory.manifest(tmp_path) == {} and memory.manifest_listing(tmp_path) is None
    memory.put_manifest(tmp_path, ENTRIES)  # for no build: the folder has no marker to tie it to
    assert memory.manifest(tmp_path) == {}
    output.write_marker(tmp_path)
    memory.put_manifest(tmp_path, ENTRIES)
    assert memory.manifest(tmp_path) == ENTRIES
    assert memory.manifest_listing(tmp_path) == manifest.listing(ENTRIES)
    memory.drop_manifest(tmp_path)
    assert memory.manifest(tmp_path) == {}


@pytest.fixture
def forked(monkeypatch):
    """Small chunks, and forked helpers whatever the number of names."""
    monkeypatch.setattr(statpool, "CHUNK", 3)
    monkeypatch.setattr(statpool, "PARALLEL_MINIMUM", 0)
    monkeypatch.setattr(statpool, "SERIAL_SECONDS", -1.0)  # tree(): shared from the first task on
    if sys.platform.startswith("linux"):
        assert statpool._can_fork()  # the tests below do exercise the helpers


def test_same_sizes_finds_a_missing_or_resized_file_in_any_chunk_and_process(tmp_path, forked):
    groups = []
    for folder in ("a", "b", "c/d"):
        (tmp_path / folder).mkdir(parents=True)
        names = [f"f{i}.html" for i in range(10)]
        for i, name in enumerate(names):
            (tmp_path / folder / name).write_bytes(b"x" * i)
        groups.append((str(tmp_path / folder), names, list(range(10))))
    for processes in (1, 2, 3):
        assert statpool.same_sizes(groups, processes)
    (tmp_path / "c/d/f8.html").write_bytes(b"y" * 7)  # resized, in the last chunk of the last folder
    assert not any(statpool.same_sizes(groups, processes) for processes in (1, 2, 3))
    (tmp_path / "c/d/f8.html").write_bytes(b"y" * 8)
    (tmp_path / "b/f4.html").unlink()
    assert not any(statpool.same_sizes(groups, processes) for processes in (1, 2, 3))
    (tmp_path / "b/f4.html").write_bytes(b"x" * 4)
    assert statpool.same_sizes(groups, 3)
    assert not statpool.same_sizes(groups + [(str(tmp_path / "gone"), ["f0.html"], [0])], 2)
    assert not statpool.same_sizes([(str(tmp_path / "a"), ["f0.html"], [0, 1])], 2)


def test_stats_come_back_in_order_from_every_process(tmp_path, forked):
    (tmp_path / "a").mkdir()
    names = [f"f{i}" for i in range(50)]
    for i, name in enumerate(names[:-1]):
        (tmp_path / "a" / name).write_bytes(b"x" * i)
    groups = [(str(tmp_path / "a"), names), (str(tmp_path / "gone"), ["x"]), (str(tmp_path), ["a"])]
    for processes in (1, 2, 3):
        found = statpool.stats(groups, processes)
        assert found[0][0] == list(range(49)) + [-1]
        assert found[0][1][7] == (tmp_path / "a" / "f7").stat().st_mtime_ns and found[0][1][49] == -1
        assert found[1] == ([-1], [-1]) and found[2][0][0] >= 0


def test_a_helper_that_dies_leaves_its_share_to_the_parent(tmp_path, forked, monkeypatch):
    (tmp_path / "a").mkdir()
    names = [f"f{i}" for i in range(30)]
    for name in names:
        (tmp_path / "a" / name).write_bytes(b"x")
    parent = os.getpid()
    real = statpool._stats

    def dying(folder, names, _=None):
        if os.getpid() != parent:
            os._exit(3)
        return real(folder, names)

    monkeypatch.setattr(statpool, "_stats", dying)
    assert statpool.stats([(str(tmp_path / "a"), names)], 3) == [
        ([1] * 30, [(tmp_path / "a" / name).stat().st_mtime_ns for name in names])]


@pytest.mark.parametrize("change", ["deleted document page", "resized search file", "resized static file"])
def test_the_stamp_misses_when_any_output_file_is_gone_or_resized(site, tmp_path, forked, change):
    out = site / "public"
    build_site(site, out, DATE, jobs=2)
    assert build_site(site, out, DATE, jobs=2).unchanged
    if change == "deleted document page":
        target = sorted((out / "docs").glob("*.html"))[-1]
        target.unlink()
    else:
        folder = out / ("search" if change == "resized search file" else "static")
        target = sorted(path for path in folder.rglob("*") if path.is_file())[-1]
        target.write_bytes(target.read_bytes() + b" ")
    result = build_site(site, out, DATE, jobs=2)
    assert not result.unchanged and result.rendered >= 1
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")


def test_the_shared_walk_describes_the_inputs_as_a_plain_walk_does(site, forked, tmp_path):
    (site / FOLDER / "broken.pdf").symlink_to(site / "nowhere")  # stat fails: named as missing
    for processes in (1, 2):
        assert buildstamp.survey(site, processes).digest == reference_digest(site)
    # folders at several depths, files beside folders, an empty folder, a symlinked folder (named, not
    # entered) and a symlinked file (stat'ed through), a top folder that is a symlink (entered, as os.walk
    # enters its top), a top that is a file
    content = site / "content"
    for depth, folder in enumerate(["a", "a/b", "a/b/c", "a/d", "e", "e/空 文件夹", "z"]):
        (content / folder).mkdir(parents=True, exist_ok=True)
        for n in range(depth + 2):
            (content / folder / f"{n}.md").write_bytes(b"x" * (n + depth))
    (content / "z" / "0.md").unlink()
    (content / "z" / "1.md").unlink()  # empty now
    (content / "a" / "to-e").symlink_to(content / "e", target_is_directory=True)
    (content / "a" / "b" / "to-file.pdf").symlink_to(content / "e" / "1.md")
    elsewhere = tmp_path / "theme-elsewhere"
    (elsewhere / "default" / "templates").mkdir(parents=True)
    (elsewhere / "default" / "templates" / "base.html").write_text("<html></html>", encoding="utf-8")
    (site / "themes").symlink_to(elsewhere, target_is_directory=True)
    for processes in (1, 2, 3):
        assert buildstamp.survey(site, processes).digest == reference_digest(site)
    for processes in (1, 3):  # the lines themselves, against os.walk's
        lines = statpool.tree([(str(content), "content"), (str(site / "catalog.yaml"), "file")], processes)
        assert lines == reference_lines(str(content), "content") + ["file\0none"]
    (site / "themes").unlink()
    (site / "themes").write_text("not a folder", encoding="utf-8")
    assert buildstamp.survey(site, 2).digest == reference_digest(site)


def reference_lines(base: str, label: str) -> list:
    """statpool.tree's lines for one top, from os.walk and os.stat of every full path."""
    lines: list = []
    for folder, dirs, names in os.walk(base):
        dirs.sort()
        rel = label + folder[len(base):].replace(os.sep, "/")
        lines.append(f"{rel}/\0" + "\0".join(dirs))
        if names:
            names = sorted(names)
            stats = []
            for name in names:
                try:
                    stats.append(os.stat(os.path.join(folder, name)))
                except OSError:
                    stats.append(None)
            lines.append((rel, folder, names, [s.st_size if s else -1 for s in stats],
                          [changed_ns(s) if s else -1 for s in stats]))
    return lines


def reference_digest(root: Path) -> str:
    """The survey's digest from a plain walk: os.walk and os.stat of every full path, in this process."""
    from array import array

    from gkssg import __version__, code_digest
    h = hashlib.blake2b(digest_size=20)
    h.update("\n".join([f"gkssg {__version__} {code_digest()} {sys.version}",
                        *buildstamp._library_versions()]).encode())

    def files(label, folder, names):
        stats = []
        for name in names:
            try:
                stats.append(os.stat(os.path.join(folder, name)))
            except OSError:
                stats.append(None)
        h.update(b"\n" + "\0".join([label, *names]).encode())
        h.update(array("q", [s.st_size if s else -1 for s in stats]).tobytes()
                 + array("q", [changed_ns(s) if s else -1 for s in stats]).tobytes())

    def walk(base, label):
        if not os.path.isdir(base):
            h.update(f"\n{label}\0none".encode())
            return
        for folder, dirs, names in os.walk(base):
            dirs.sort()
            rel = label + folder[len(base):].replace(os.sep, "/")
            h.update(f"\n{rel}/\0".encode() + "\0".join(dirs).encode())
            if names:
                files(rel, folder, sorted(names))

    files("", str(root), ["catalog.yaml"])
    for folder in ("content", "themes"):
        walk(os.path.join(root, folder), folder)
    walk(str(buildstamp.BUILTIN_THEMES), "<builtin>")
    return h.hexdigest()
