"""Hostile document bodies (issue 16, low items): script in code is text, entity-encoded javascript:
links are dangerous links, not missing files."""

from __future__ import annotations

import pytest
from conftest import check_json, document, write_site


def found(site, code):
    status, report = check_json(site)
    return status, [f for f in report["findings"] if f["code"] == code], report


def test_script_in_inline_or_fenced_code_is_not_flagged(site_dir):
    body = "用 `<script>` 标签。\n\n```html\n<script>alert(1)</script>\n```\n\n    <script>x</script>\n"
    write_site(site_dir, {"content/cq/a.md": document(body)})
    status, items, _ = found(site_dir, "GK131")
    assert items == []
    write_site(site_dir, {"content/cq/a.md": document(body + "\n<script>alert(2)</script>\n")})
    status, items, _ = found(site_dir, "GK131")
    assert status == 1 and [f["line"] for f in items] == [21]



@pytest.mark.parametrize("target", ["&#106;avascript:alert(1)", "&#x6A;avascript&#58;alert(1)",
                                    "java&#9;script:alert(1)", "JaVaScRiPt&colon;alert(1)"])
def test_an_entity_encoded_javascript_link_is_a_dangerous_link_not_a_missing_file(site_dir, target):
    write_site(site_dir, {"content/cq/a.md": document(f"点击[这里]({target})。\n")})
    status, items, report = found(site_dir, "GK132")
    assert status == 1 and [f["line"] for f in items] == [13], report
    assert "javascript" in items[0]["message"]
    assert not [f for f in report["findings"] if f["code"] in ("GK711", "GK720", "GK721", "GK722")], report
