"""URL fields of catalog.yaml reach href attributes only as http(s) or a site path (hostile1 M2)."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_CATALOG

from gkssg import BUILTIN_THEMES
from gkssg.load.config import load_catalog
from gkssg.model import SiteInfo
from gkssg.render.markdown import make_environment


def _with(tmp_path, value):
    text = MINIMAL_CATALOG.replace("  site_code:", f"  error_report_url: '{value}'\n  site_code:", 1)
    (tmp_path / "catalog.yaml").write_text(text, encoding="utf-8")
    return load_catalog(tmp_path)  # (site, findings)


@pytest.mark.parametrize("value", ["javascript:alert(document.cookie)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                                   "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/",
                                   "/\\evil.example/", "ftp://example.gov.cn/", "https://", "jiucuo.html"])
def test_a_url_field_that_is_not_http_or_a_site_path_is_refused(tmp_path, value):
    site, findings = _with(tmp_path, value)
    [found] = [f for f in findings.items if f.code == "GK016"]
    assert "error_report_url" in found.message and "https://" in found.message and found.line > 1
    assert site.info.error_report_url == ""


@pytest.mark.parametrize("value", ["https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteId.action?site_code=5000000001",
                                   "http://www.example.gov.cn/wzzc/", "/wzzc/index.html"])
def test_http_and_site_paths_are_accepted(tmp_path, value):
    site, findings = _with(tmp_path, value)
    assert not [f for f in findings.items if f.code == "GK016"] and site.info.error_report_url == value


@pytest.mark.parametrize("value,shown", [("javascript:alert(1)", False), ("https://a.gov.cn/x?a=1&b=2", True)])
def test_the_template_never_emits_an_unchecked_url(value, shown):
    env = make_environment([BUILTIN_THEMES / "default"])
    info = SiteInfo(name="站", base_url="https://www.example.gov.cn/", error_report_url=value)
    html = env.from_string('{% if info.error_report_url | web_url %}<a href="{{ info.error_report_url | web_url }}">'
                           '找错</a>{% endif %}').render(info=info, page_path="index.html")
    assert ("javascript" in html) is False and (("找错" in html) is shown)
    base = (BUILTIN_THEMES / "default" / "templates" / "base.html").read_text(encoding="utf-8")
    assert "error_report_url | web_url" in base and 'href="{{ info.error_report_url }}"' not in base


@pytest.mark.parametrize("pattern", [r"^(?P<code>(a|a)+)/(?P<year>\d{4})-(?P<serial>\d{5})$",
                                     r"^(?P<code>(?:[A-Z]+)+)/(?P<serial>\d{5})$", r"^(?P<serial>(\d*)*)$",
                                     r"^(?P<serial>(?:\d{1,9}){1,9})$"])
def test_an_index_no_pattern_that_backtracks_catastrophically_is_refused(tmp_path, pattern):
    """hostile1 Low 48: such a pattern hung `check` on one near-miss 索引号."""
    from gkssg.codes import DEFAULT_INDEX_NO_PATTERN
    text = MINIMAL_CATALOG.replace("  site_code:", f"  index_no_pattern: '{pattern}'\n  site_code:", 1)
    (tmp_path / "catalog.yaml").write_text(text, encoding="utf-8")
    site, findings = load_catalog(tmp_path)
    [found] = [f for f in findings.items if f.code == "GK012"]
    assert "嵌套" in found.message and site.info.index_no_pattern == DEFAULT_INDEX_NO_PATTERN


def test_ordinary_index_no_patterns_are_accepted(tmp_path):
    pattern = r"^(?P<code>[0-9A-Z]{18}|ZBJG\d{4})/(?P<year>\d{4})-(?P<serial>\d{5})$"
    text = MINIMAL_CATALOG.replace("  site_code:", f"  index_no_pattern: '{pattern}'\n  site_code:", 1)
    (tmp_path / "catalog.yaml").write_text(text, encoding="utf-8")
    site, findings = load_catalog(tmp_path)
    assert not [f for f in findings.items if f.code == "GK012"] and site.info.index_no_pattern == pattern
