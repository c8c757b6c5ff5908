"""A preview's search index folder (.gkssg/search/preview) planted as a link or a file is refused (hostile round 25,
row 1: a preview rebuilt through a link removed the index folders where it pointed and wrote documents not yet
public there)."""

from __future__ import annotations

from conftest import document, run_gkssg, write_site

DOC = document("正文。\n", 标题="关于齾齉的通知", 索引号="11500000009275780L/2026-00001",
               发布日期="2027-03-02", 成文日期="2027-03-01")


def test_a_preview_folder_that_is_a_link_or_a_file_is_refused_and_nothing_is_removed(tmp_path):
    site = write_site(tmp_path / "site", {"content/cq/a.md": DOC})
    assert run_gkssg("search", "通知", "--site", str(site), "--date", "2026-12-01").returncode == 0
    elsewhere = tmp_path / "users"
    for name in ("whoosh", "whoosh.new", "whoosh.old"):
        (elsewhere / name).mkdir(parents=True)
        (elsewhere / name / "keep.txt").write_text("用户的文件", encoding="utf-8")
    preview = site / ".gkssg" / "search" / "preview"
    for plant in ("link", "file"):
        if plant == "link":
            preview.symlink_to(elsewhere, target_is_directory=True)
        else:
            preview.write_text("x", encoding="utf-8")
        proc = run_gkssg("search", "齾齉", "--site", str(site), "--date", "2027-06-01")
        out = proc.stdout + proc.stderr
        assert proc.returncode != 0 and "GK055" in out and "Traceback" not in out, out
        assert sorted(p.name for p in elsewhere.iterdir()) == ["whoosh", "whoosh.new", "whoosh.old"]
        assert all((elsewhere / n / "keep.txt").exists() for n in ("whoosh", "whoosh.new", "whoosh.old"))
        assert not any("齾齉" in p.read_bytes().decode("utf-8", "ignore") for p in elsewhere.rglob("*") if p.is_file())
        preview.unlink()


def test_a_query_of_only_spaces_is_a_usage_error_not_a_search(tmp_path):
    # hostile round 25, row 4: `gkssg search "　"` exited 0 saying 没有找到与“”相关的已公开文件
    site = write_site(tmp_path / "site", {"content/cq/a.md": DOC})
    for query in ("\u3000", " \t ", "\ufeff"):
        proc = run_gkssg("search", query, "--site", str(site), "--date", "2026-12-01")
        assert proc.returncode == 2 and "检索词为空" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_a_query_without_a_letter_digit_or_chinese_character_is_a_usage_error(tmp_path):
    # hostile round 26a, row 22: a query of only invisible characters or punctuation searched and found nothing,
    # as if the words were absent; nothing can match it, so it is said as such, as the endpoint and page say
    site = write_site(tmp_path / "site", {"content/cq/a.md": DOC})
    for query in ("\u200b", "\u200f\u034f", "《》", "——？"):
        proc = run_gkssg("search", query, "--site", str(site), "--date", "2026-12-01")
        assert proc.returncode == 2 and "检索词里没有可检索的汉字、英文字母或数字" in proc.stderr, (query, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_letters_the_index_cannot_hold_are_told_as_such_not_as_no_letter(tmp_path):
    # hostile round 27a, row 16: Cyrillic, Tibetan, Uyghur, Mongolian, kana, CJK Extension B and 〇 were answered
    # "检索词里没有汉字、字母或数字", false of each; the index holds none of them (tokenizer._RUN), and the answer
    # now says what it can search (fails on the old code). CJK Extension B and later are Chinese characters since
    # (tokenizer.CJK, tests/test_search_extb.py); an emoji, of plane 1, is not
    from gkssg.search.tokenizer import searchable
    site = write_site(tmp_path / "site", {"content/cq/a.md": DOC})
    for query in ("привет", "བོད་ཡིག", "ئۇيغۇرچە", "ᠮᠣᠩᠭᠣᠯ", "ひらがな", "\U0001f600", "〇"):
        assert not searchable(query), query
        proc = run_gkssg("search", query, "--site", str(site), "--date", "2026-12-01")
        assert proc.returncode == 2 and "没有可检索的汉字、英文字母或数字" in proc.stderr, (query, proc.stderr)
