"""The one-edit path for public documents whose body alone changed (build/publicedit.py).

Random body edits of public documents (text, an external link, a link kept, removed or added)
take the path when it can prove its answer, and after every step the output and the findings
are a clean build's; each reason it refuses has a test that it does, with the full build's
output then. A site of SMALL_INDEX documents or more updates the search index in place
(search/incremental.py) from the records the last build kept (search/oneedit.py).
"""

from __future__ import annotations

import datetime as dt
import marshal
import random
import re
from pathlib import Path

import pytest
from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build, restore, set_line, snapshot, tree

from gkssg.build.pipeline import BuildFailed, build_site
from gkssg.incremental import lastbuild
from gkssg.incremental.cache import BuildCache
from gkssg.render import bodyframe
from gkssg.render.markdown import make_environment
from gkssg.search import incremental, oneedit
from gkssg.search.feature import SMALL_INDEX

DATE = dt.date(2026, 11, 1)


def public_docs(site: Path) -> list[Path]:
    """Generated documents that are public and relate to no other (no 替代/修改/解读 field)."""
    found = []
    for path in sorted((site / FOLDER).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "公开属性: 主动公开" in text and not re.search(r"^(替代文件|修改文件|解读对象|废止|有效期至)", text, re.M):
            found.append(path)
    return found


def unnamed_docs(site: Path) -> list[Path]:
    """public_docs that no other document names in a 替代/修改/解读 field either, and that the annual
    reports do not count (体裁分类: 行政规范性文件): the one-edit path takes their edits."""
    named = {m for p in (site / FOLDER).rglob("*.md")
             for m in re.findall(r"^(?:替代文件|修改文件|解读对象): *(\S+)", p.read_text(encoding="utf-8"), re.M)}
    return [p for p in public_docs(site) if "体裁分类: 行政规范性文件" not in p.read_text(encoding="utf-8")
            and re.search(r"^索引号: *(\S+)", p.read_text(encoding="utf-8"), re.M).group(1) not in named]


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def build_and_compare(site: Path, tmp: Path, capsys=None):
    """The incremental build and a clean one: same findings, same output. The build's result."""
    result = build_site(site, site / "public", DATE, jobs=1, verbose=True)
    expected = clean_build(site, DATE, tmp / "clean")
    assert expected is not None
    assert result.findings.sorted() == expected.findings.sorted()
    assert_same(site / "public", tmp / "clean")
    return result


def built_or_undone(site: Path, tmp: Path, saved, before):
    """build_and_compare after an edit; None when the edit fails the checks: the output must then be as
    it was (`before`), and the edit is undone (`saved`: test_incremental.snapshot)."""
    try:
        return build_and_compare(site, tmp)
    except BuildFailed:
        assert tree(site / "public") == before
        restore(site, saved)
        return None


def reason(capsys) -> str:
    found = re.findall(r"本次未走单篇改动的快速路径（(.*?)），", capsys.readouterr().err)
    return found[-1] if found else ""


@pytest.mark.parametrize("seed", [1, 2])
def test_random_body_edits_of_public_documents_take_the_path_and_build_what_a_clean_build_builds(tmp_path, seed, capsys):
    site = generate(tmp_path / "site", 24, body_chars=200, seed=seed)
    rng = random.Random(seed)
    build_site(site, site / "public", DATE, jobs=1)
    edits = ["text", "text", "external", "drop_link", "keep_link", "text"]
    fast = 0
    for _ in range(8):
        saved, before = snapshot(site), tree(site / "public")
        path = rng.choice(public_docs(site))
        kind = rng.choice(edits)
        text = path.read_text(encoding="utf-8")
        if kind == "text":
            text += f"\n补充说明第{rng.randint(1, 99)}条。\n"
        elif kind == "external":
            text += f"\n详见[国务院网站](https://www.gov.cn/zhengce/{rng.randint(1, 99)}.htm)。\n"
        elif kind == "drop_link":
            text = re.sub(r"\n参见\[相关文件\]\(doc:[^)]*\)。\n", "\n", text)
        else:  # the same link twice: learned once, written twice
            link = re.search(r"参见\[相关文件\]\(doc:[^)]*\)。", text)
            text += "\n" + (link.group(0) if link else "无链接。") + "\n"
        path.write_text(text, encoding="utf-8")
        result = built_or_undone(site, tmp_path, saved, before)
        if result is not None and result.fast:
            fast += 1
            assert not result.kept and "load" not in result.timings and result.rendered >= 1
    assert fast >= 4, reason(capsys)


def test_a_large_site_updates_the_search_index_in_place(tmp_path, capsys):
    site = generate(tmp_path / "site", SMALL_INDEX + 10, body_chars=120, seed=3)
    build_site(site, site / "public", DATE, jobs=1)
    docs = public_docs(site)
    for n, path in enumerate([docs[0], docs[1], docs[0]]):  # the same document twice: its parse was kept
        before = tree(site / "public")
        append(path, f"\n新增一段说明文字，第{n}段：推进政务公开标准化规范化。\n")
        result = build_and_compare(site, tmp_path)
        assert result.fast and not result.kept, reason(capsys)
        after = tree(site / "public")
        changed = {name for name in after if before.get(name) != after[name]}
        pages = {name for name in changed if not name.startswith("search/")}
        assert len(pages) == 1 and pages.pop().startswith("docs/")  # its page; the rest is the index
        assert result.rendered == len(changed)


def shifted(text: str, kind: str, rng: random.Random) -> str:
    """A body edit that moves the positions of the words after it: words put before the first
    paragraph, the first characters of it taken away, or a paragraph taken away."""
    head, sep, body = text.partition("## 一、总体要求\n")
    assert sep, "a generated document (tests/sitegen.py)"
    if kind == "insert":
        return head + sep + f"\n本通知第{rng.randint(1, 99)}次修订，请认真贯彻执行。\n" + body
    if kind == "delete":
        first = body.index("\n", 1)  # the first paragraph (after the blank line)
        cut = rng.randint(1, 4)
        return head + sep + body[:1] + body[1 + cut:] if first > cut + 1 else text
    paragraphs = body.split("。\n")
    return head + sep + "。\n".join(paragraphs[:1] + paragraphs[2:]) if len(paragraphs) > 2 else text


def test_random_edits_of_a_large_site_update_its_index_in_place_as_a_clean_build_makes_it(tmp_path, capsys,
                                                                                         monkeypatch):
    """Appended, inserted and deleted words (the positions of the words after them move), a
    paragraph dropped, a file restored: each one the public-edit path updating the search index in
    place (search/incremental.py: the update succeeds, it is not built whole), the output and the
    findings a clean build's; the kept records are rewritten by row (records.delta), records.bin
    stays as the full build wrote it."""
    updates = []
    real_update = incremental.update

    def update(*args, **kwargs):
        files = real_update(*args, **kwargs)
        updates.append(1)
        return files

    monkeypatch.setattr(incremental, "update", update)
    patched = []  # terms whose block 0 had only the positions of the edited document written over
    real_patched = incremental._Update._patched
    monkeypatch.setattr(incremental._Update, "_patched",
                        lambda self, *args: patched.append(real_patched(self, *args)) or patched[-1])
    site = generate(tmp_path / "site", SMALL_INDEX + 10, body_chars=400, seed=5)
    build_site(site, site / "public", DATE, jobs=1)
    folder = site / ".gkssg" / "search"
    whole = (folder / oneedit.RECORDS).read_bytes()
    rng = random.Random(5)
    docs = unnamed_docs(site)[:60]
    before: tuple[Path, str] | None = None  # the last file edited, as it was
    updated = 0
    for kind in ["append", "insert", "delete", "restore", "paragraph", "insert", "delete", "append"]:
        if kind == "restore" and before is not None:
            path, text = before
        else:
            path = rng.choice(docs)
            text = path.read_text(encoding="utf-8")
            before = (path, text)
            text = text + f"\n补充说明第{rng.randint(1, 99)}条。\n" if kind == "append" else shifted(text, kind, rng)
        path.write_text(text, encoding="utf-8")
        updates.clear()
        result = build_and_compare(site, tmp_path)
        assert result.fast and not result.kept, (kind, reason(capsys))
        # the index updated in place, not built whole (a paragraph dropped may move an average
        # field length to another rounded value: every posting changes, incremental.Stale)
        assert updates or kind == "paragraph", kind
        updated += bool(updates)
    assert updated >= 7
    assert (folder / oneedit.RECORDS).read_bytes() == whole and (folder / oneedit.DELTA).exists()
    assert sum(term is not None for term in patched) > 100  # the words after an insertion or deletion


def test_kept_records_are_written_whole_again_beyond_max_delta_and_a_damaged_delta_is_refused(tmp_path, capsys,
                                                                                            monkeypatch):
    site = generate(tmp_path / "site", 24, body_chars=200, seed=1)
    build_site(site, site / "public", DATE, jobs=1)
    folder = site / ".gkssg" / "search"
    whole = (folder / oneedit.RECORDS).read_bytes()
    docs = unnamed_docs(site)
    monkeypatch.setattr(oneedit, "MAX_DELTA", 1)
    append(docs[0], "\n补充说明。\n")
    assert build_and_compare(site, tmp_path).fast, reason(capsys)
    assert (folder / oneedit.RECORDS).read_bytes() == whole and (folder / oneedit.DELTA).exists()
    old_delta = (folder / oneedit.DELTA).read_bytes()
    append(docs[1], "\n补充说明。\n")  # two rows edited: more than MAX_DELTA
    assert build_and_compare(site, tmp_path).fast, reason(capsys)
    assert (folder / oneedit.RECORDS).read_bytes() != whole and not (folder / oneedit.DELTA).exists()
    # killed between records.bin written whole and the old delta removed: that delta amends
    # another records.bin, and is ignored
    (folder / oneedit.DELTA).write_bytes(old_delta)
    append(docs[2], "\n补充说明。\n")
    assert build_and_compare(site, tmp_path).fast, reason(capsys)
    (folder / oneedit.DELTA).write_bytes(b"damaged")
    append(docs[2], "\n再补充说明。\n")
    result = build_and_compare(site, tmp_path)
    assert not result.fast and "搜索记录不是上次索引的" in reason(capsys)
    assert not (folder / oneedit.DELTA).exists()  # the full build kept the records whole
    append(docs[3], "\n补充说明。\n")
    assert build_and_compare(site, tmp_path).fast, reason(capsys)


def test_the_search_store_kept_as_a_delta_through_edits_full_builds_and_killed_builds(tmp_path, capsys,
                                                                                    monkeypatch):
    """A body edit updating the index in place amends static.idx by static.delta (and records.bin
    by records.delta); each state they can be left in gives the output of a clean build: an edit
    after a delta, static.idx written whole again (a delta too large) with the delta of the old
    static.idx left beside it (a build killed between the two steps), a build killed after the
    store was written and before the records were, and a full build after a delta."""
    from gkssg.search import store as store_module

    updates = []
    real_update = incremental.update
    monkeypatch.setattr(incremental, "update", lambda *a, **k: updates.append(1) or real_update(*a, **k))
    # a site this small renames most of its index's files in an edit (the blocks of a group are
    # named together: static_index.group_size), more than 1/DELTA_SHARE of them: a delta allowed
    monkeypatch.setattr(store_module, "DELTA_SHARE", 1e-3)
    site = generate(tmp_path / "site", SMALL_INDEX + 10, body_chars=300, seed=3)
    build_site(site, site / "public", DATE, jobs=1)
    folder = site / ".gkssg" / "search"
    index, delta = folder / store_module.INDEX, folder / store_module.DELTA
    whole = index.read_bytes()
    docs = unnamed_docs(site)[:40]

    def edit(doc: Path, fast: bool = True) -> None:
        updates.clear()
        append(doc, f"\n补充说明第{len(doc.read_text(encoding='utf-8'))}条。\n")
        result = build_and_compare(site, tmp_path)
        assert result.fast == fast, reason(capsys)
        assert not fast or updates  # the index updated in place

    edit(docs[0])
    assert index.read_bytes() == whole and delta.exists() and (folder / oneedit.DELTA).exists()
    edit(docs[1])  # an edit after a delta: the delta grows, static.idx stays
    assert index.read_bytes() == whole and delta.exists()
    old_delta = delta.read_bytes()
    monkeypatch.setattr(store_module, "DELTA_SHARE", 10 ** 9)  # any delta too large: static.idx whole
    edit(docs[2])
    assert index.read_bytes() != whole and not delta.exists()
    monkeypatch.setattr(store_module, "DELTA_SHARE", 1e-3)
    delta.write_bytes(old_delta)  # killed between static.idx replaced and the old delta removed: ignored
    edit(docs[3])
    assert marshal.loads(delta.read_bytes())[1] != marshal.loads(old_delta)[1]  # a delta of the new static.idx
    # Killed once the store was written, before the records were: the records are the last index's,
    # not the store's, so the next edit is refused and the full build makes the index.
    real_keep = oneedit.KeptRecords.keep

    def killed(self, key):
        raise KeyboardInterrupt

    monkeypatch.setattr(oneedit.KeptRecords, "keep", killed)
    before = tree(site / "public")
    append(docs[4], "\n补充说明。\n")
    with pytest.raises(KeyboardInterrupt):
        build_site(site, site / "public", DATE, jobs=1, verbose=True)
    assert tree(site / "public") == before  # the output untouched
    monkeypatch.setattr(oneedit.KeptRecords, "keep", real_keep)
    result = build_and_compare(site, tmp_path)
    assert not result.fast and "搜索记录不是上次索引的" in reason(capsys)
    edit(docs[5])  # the path again after that full build
    # A full build after a delta (a title edited): the records written whole, the output a clean build's.
    assert delta.exists() and (folder / oneedit.DELTA).exists()
    set_line(docs[6], "标题", "关于修改后的标题的通知")
    assert not build_and_compare(site, tmp_path).fast
    assert not (folder / oneedit.DELTA).exists()
    edit(docs[7])
    edit(docs[6])


def test_a_page_that_shows_the_body_elsewhere_is_refused(tmp_path, capsys):
    site = generate(tmp_path / "site", 24, body_chars=200, seed=1)
    build_site(site, site / "public", DATE, jobs=1)
    cache = BuildCache.open(site)
    try:
        shown = sorted(lastbuild.read(cache, site / "public").bodies_read)
    finally:
        cache.close()
    assert shown  # the demo's single-page columns show their latest document's body
    append(site / shown[0], "\n补充说明。\n")
    result = build_and_compare(site, tmp_path)
    assert not result.fast and "的正文也显示在其他页面上" in reason(capsys)


@pytest.mark.parametrize("edit, expected", [
    ("title", "的元数据有改动"),
    ("link", "的正文增删了站内链接或图片"),
    ("withdraw", "的公开状态有改变"),
])
def test_what_is_not_a_body_edit_is_refused(tmp_path, capsys, edit, expected):
    site = generate(tmp_path / "site", 24, body_chars=200, seed=1)
    build_site(site, site / "public", DATE, jobs=1)
    path = public_docs(site)[0]
    if edit == "title":
        set_line(path, "关键词", "调整")
        append(path, "\n补充说明。\n")
    elif edit == "link":
        other = public_docs(site)[1].relative_to(path.parent).as_posix()
        append(path, f"\n参见[另一文件]({other})。\n")
    else:
        set_line(path, "公开属性", "依申请公开")
    try:
        result = build_and_compare(site, tmp_path)
    except BuildFailed:
        pytest.skip("the edit fails the checks on this site")
    assert not result.fast and expected in reason(capsys)


def test_without_the_record_of_what_pages_read_the_full_build_runs(tmp_path, capsys):
    site = generate(tmp_path / "site", 24, body_chars=200, seed=1)
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    cache = BuildCache.open(site)
    try:
        last = lastbuild.read(cache, out)
        last.bodies_read = None  # as after a build whose render was kept, with no record before it
        lastbuild.store(cache, out, last)
    finally:
        cache.close()
    append(public_docs(site)[0], "\n补充说明。\n")
    result = build_and_compare(site, tmp_path)
    assert not result.fast and "没有记录各页面读取了哪些正文" in reason(capsys)
    append(public_docs(site)[0], "\n再补充说明。\n")  # the full build recorded it again
    assert build_and_compare(site, tmp_path).fast, reason(capsys)


def test_a_theme_that_shows_the_body_twice_is_refused(tmp_path, capsys):
    site = generate(tmp_path / "site", 24, body_chars=200, seed=1)
    theme = site / "themes" / "default" / "templates"
    theme.mkdir(parents=True)
    source = (Path(__file__).resolve().parent.parent / "themes/default/templates/document.html").read_text(encoding="utf-8")
    (theme / "document.html").write_text(source.replace(
        '{% endblock %}\n{% block content %}', '<meta name="Body" content="{{ body | striptags | truncate(60) }}">\n'
        '{% endblock %}\n{% block content %}'), encoding="utf-8")
    build_site(site, site / "public", DATE, jobs=1)
    append(public_docs(site)[0], "\n补充说明。\n")
    result = build_and_compare(site, tmp_path)
    assert not result.fast and "主题的文件页模板" in reason(capsys)


def test_a_whoosh_index_is_refused(tmp_path, capsys, monkeypatch):
    site = generate(tmp_path / "site", 24, body_chars=200, seed=1)
    build_site(site, site / "public", DATE, jobs=1)
    monkeypatch.setattr(oneedit.whoosh_index, "exists", lambda folder: True)
    append(public_docs(site)[0], "\n补充说明。\n")
    result = build_site(site, site / "public", DATE, jobs=1, verbose=True)
    assert not result.fast and "服务端搜索索引" in reason(capsys)


@pytest.mark.parametrize("template, single", [
    ('<div>{{ body | safe_html }}</div>', True),
    ('<div>{{ body | safe_html }}</div>{{ body | safe_html }}', False),
    ('{% for x in [1, 2] %}{{ body | safe_html }}{% endfor %}', False),
    ('{% set b = body %}{{ b | safe_html }}', False),
    ('<div>{{ body }}</div>', False),
    ('<div>{{ body | safe_html }}</div>{{ doc.body }}', False),
])
def test_single_body_reads_the_templates(tmp_path, template, single):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "document.html").write_text(template, encoding="utf-8")
    (folder / "list.html").write_text("{{ column.name }}", encoding="utf-8")
    assert bodyframe.single_body(make_environment([tmp_path], {}, {})) is single


def test_learned_links_rewrite_a_new_body_as_the_old_page_had_them():
    old = '<p>见<a href="doc:A/1">甲</a>与<a href="x.md">乙</a>和<a href="https://e.cn/">丙</a>。</p>'
    page = ('<html><div class="doc-body"><p>见<a href="../docs/a1.html">甲</a>与<a data-unpublished="">乙</a>'
            '和<a href="https://e.cn/">丙</a>。</p></div></html>')
    start, end, learned = bodyframe.learn_links(old, page)
    assert page[start:end].startswith("<p>见") and page[end:].startswith("</div>")
    new = '<p>又见<a href="doc:A/1">甲</a>，<a href="x.md">乙</a>。</p>'
    assert bodyframe.relink(new, learned) == '<p>又见<a href="../docs/a1.html">甲</a>，<a data-unpublished="">乙</a>。</p>'
    assert bodyframe.relink('<p><a href="y.md">丁</a></p>', learned) is None  # a link the old page did not have
    assert bodyframe.learn_links("<p>甲</p>", "<p>甲</p><p>甲</p>") is None  # not once


@pytest.mark.parametrize("lose, expected", [
    ("records", "没有上次搜索索引的记录"),
    ("markdown", "上次的正文"),
    ("parse", "上次构建时的解析结果"),
])
def test_what_the_last_build_kept_missing_is_refused(tmp_path, capsys, lose, expected):
    site = generate(tmp_path / "site", 24, body_chars=200, seed=1)
    build_site(site, site / "public", DATE, jobs=1)
    path = public_docs(site)[0]
    if lose == "records":
        (site / ".gkssg" / "search" / oneedit.RECORDS).unlink()
    else:
        cache = BuildCache.open(site)
        try:
            cache.conn.execute("DELETE FROM markdown" if lose == "markdown" else "DELETE FROM docs")
            cache.conn.commit()
        finally:
            cache.close()
    append(path, "\n补充说明。\n")
    result = build_and_compare(site, tmp_path)
    assert not result.fast and expected in reason(capsys)
