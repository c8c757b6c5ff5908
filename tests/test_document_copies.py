"""build/engine.py document_copies: what a document page copies, and what it costs a page without files."""

from __future__ import annotations

from gkssg.model import Document


def test_a_page_without_attachments_does_not_resolve_the_site_folder(tmp_path, monkeypatch):
    # document_copies runs once a public document (10,000 a build): resolving the site folder
    # (a realpath, one lstat a path component) is for the 4 % of documents with attachments.
    import pathlib

    from gkssg.build.engine import document_copies
    from gkssg.model import Attachment, Site, SiteInfo
    site = Site(root=tmp_path, info=SiteInfo(name="站", base_url="https://www.example.gov.cn/"),
                agencies=[], topics=[], genres=[], columns=[])
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.pdf").write_bytes(b"%PDF-1.4")
    resolved = []
    real = pathlib.Path.resolve
    monkeypatch.setattr(pathlib.Path, "resolve", lambda self, *a, **k: resolved.append(self) or real(self, *a, **k))
    plain = Document(source="content/x.md", title="t", body="正文")
    assert document_copies(site, plain, [], []) == ([], []) and resolved == []
    with_file = Document(source="content/y.md", title="t", body="正文",
                         attachments=[Attachment(name="a.pdf", source="a.pdf", line=3)])
    with_file.attachments[0].path = tmp_path / "content" / "a.pdf"
    with_file.attachments[0].output = "files/a.pdf"
    copies, shown = document_copies(site, with_file, [], [])
    assert shown == [("a.pdf", "files/a.pdf")] and copies == [("files/a.pdf", str(tmp_path / "content" / "a.pdf"))]
    assert resolved
