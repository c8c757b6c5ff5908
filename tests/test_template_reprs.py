"""What a theme prints of gkssg's objects themselves (`{{ doc }}`, `doc | pprint`, `~`, `| string`) is
their 索引号 / title / name only: the dataclass repr showed `origin`, the source file's absolute path,
and the attachments' paths (hostile round 23, row 6), and `{{ site }}` a memory address (row 7)."""

from __future__ import annotations

import datetime as dt
import re

from conftest import copy_demo

from gkssg.build.pipeline import build_site

DOC = "content/qjqzf/2017-00861.md"  # a document with attachments
PROBE = ('<p id="probe">{{ doc }}|{{ doc | pprint }}|{{ doc ~ "" }}|{{ doc | string }}|{{ doc.attachments }}'
         '|{{ doc.attachments | pprint }}|{{ doc.columns }}|{{ site }}|{{ site.columns | pprint }}'
         '|{{ "%s" | format(doc) }}|{{ [doc] | join(",") }}</p>')


def test_printing_a_document_the_site_or_a_column_shows_no_server_path_nor_address(tmp_path):
    site = copy_demo(tmp_path / "site")
    template = site / "themes" / "default" / "templates" / "document.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% block content %}", "{% block content %}" + PROBE, 1), encoding="utf-8")
    build_site(site, site / "public", dt.date(2026, 11, 20))
    pages = [p for p in (site / "public" / "docs").glob("*.html") if 'id="probe"' in p.read_text(encoding="utf-8")]
    assert pages
    shown = {re.search(r'<p id="probe">(.*?)</p>', p.read_text(encoding="utf-8"), re.S).group(1) for p in pages}
    attached = next(s for s in shown if "Attachment(" in s)
    for probe in shown:
        assert str(tmp_path) not in probe and "/content/" not in probe and "PosixPath" not in probe, probe
        assert not re.search(r"0x[0-9a-f]{6,}", probe), probe
        assert "origin" not in probe and "body" not in probe, probe
        assert probe.count("Document(index_no=") >= 6 and "PublicSite(name=" in probe and "Column(name=" in probe
    assert "output=&#39;files/" in attached  # an attachment says its published file, not where it lies
