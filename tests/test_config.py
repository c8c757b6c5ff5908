"""catalog.yaml is validated strictly and every problem is reported with its line."""

from __future__ import annotations

from conftest import MINIMAL_CATALOG, check_json, run_gkssg, write_site


def test_unknown_catalog_key_is_rejected_with_did_you_mean(site_dir):
    catalog = MINIMAL_CATALOG.replace("  site_code:", "  site_cod:")
    write_site(site_dir, {}, catalog)
    status, report = check_json(site_dir)
    found = [f for f in report["findings"] if f["code"] == "GK003"]
    assert status == 2
    assert found[0]["file"] == "catalog.yaml" and found[0]["line"] == 4
    assert "site_code" in found[0]["message"]


def test_duplicate_sibling_slug_is_rejected(site_dir):
    catalog = MINIMAL_CATALOG.replace("{name: 区域规划, slug: qygh}", "{name: 区域规划, slug: zxgh}")
    write_site(site_dir, {}, catalog)
    status, report = check_json(site_dir)
    assert status == 2
    assert any(f["code"] == "GK006" and "zxgh" in f["message"] for f in report["findings"])


def test_same_slug_under_different_parents_is_fine(site_dir):
    write_site(site_dir, {})
    status, report = check_json(site_dir)
    assert not [f for f in report["findings"] if f["code"].startswith("GK0")]


def test_invalid_column_kind_is_rejected(site_dir):
    catalog = MINIMAL_CATALOG.replace("slug: ysjs", "slug: ysjs\n                kind: lst")
    write_site(site_dir, {}, catalog)
    status, report = check_json(site_dir)
    assert any(f["code"] == "GK008" and "list" in f["message"] for f in report["findings"])


def test_missing_catalog_is_a_usage_error_not_a_traceback(tmp_path):
    proc = run_gkssg("build", "--site", str(tmp_path))
    assert proc.returncode == 1 or proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "catalog.yaml" in proc.stdout + proc.stderr


def test_broken_catalog_yaml_reports_its_line(site_dir):
    write_site(site_dir, {}, MINIMAL_CATALOG.replace("name: 测试站点", "name: [测试站点"))
    status, report = check_json(site_dir)
    assert status == 2
    assert report["findings"][0]["code"] == "GK002" and report["findings"][0]["file"] == "catalog.yaml"


def test_a_base_url_with_characters_that_break_xml_or_html_is_refused(site_dir):
    for bad in ('https://www.example.gov.cn/"onmouseover=x/', "https://www.example.gov.cn/<b>/",
                "https://www.example.gov.cn/a&b/", "https://www.example.gov.cn/?q=1"):
        write_site(site_dir, {}, MINIMAL_CATALOG.replace("https://www.example.gov.cn/", bad))
        status, report = check_json(site_dir)
        found = [f for f in report["findings"] if f["code"] == "GK004" and "base_url" in f["message"]]
        assert status == 2 and found and found[0]["line"] == 3, bad


def test_an_agency_id_with_a_trailing_newline_is_refused(site_dir):
    # hostile round 24a, row 2: `id: "ysjw\n"` passed `^[a-z0-9-]*$` (a `$` matches before a final newline), and
    # flml/jg-ysjw\n.html was written, which no browser reaches (a column's slug is stripped when read)
    catalog = MINIMAL_CATALOG.replace("  - id: qjq\n", '  - id: "qjq\\n"\n')
    write_site(site_dir, {}, catalog)
    status, report = check_json(site_dir)
    assert status == 2
    assert ("GK007", 11) in {(f["code"], f["line"]) for f in report["findings"]}  # the agency id's line


def test_a_bad_agency_id_is_quoted_with_its_invisible_characters_shown_and_named(site_dir):
    # the GK007 message used to print the id's newline bare, breaking the line inside the quotes (left in round 24a)
    for raw, shown, named in (('"qjq\\n"', "“qjq\\n”", "换行符"), ('"qj\\u200bq"', "“qj\\u200bq”", "U+200B"),
                              ('"QJQ"', "“QJQ”", "请改为小写"), ('"qj q"', "“qj q”", "空格"),
                              ('"qjs\\u0301q"', "“qjs\\u0301q”", "U+0301")):  # a combining mark: round 26a, row 18
        write_site(site_dir, {}, MINIMAL_CATALOG.replace("  - id: qjq\n", f"  - id: {raw}\n"))
        status, report = check_json(site_dir)
        message = next(f["message"] for f in report["findings"] if f["code"] == "GK007")
        assert status == 2 and "\n" not in message and shown in message and named in message, (raw, message)


def test_a_base_url_with_a_bad_port_brackets_userinfo_or_an_invisible_character_is_gk004_on_its_line(site_dir):
    # hostile round 33, row 48: `:99999` and `:8a` made check and build exit 70 (urllib's `.port` raised ValueError
    # outside the GK004 check); U+202E / U+200B in the host or path passed into every canonical link and feed URL
    from gkssg.load.config import load_catalog

    for bad, said in (("https://www.example.gov.cn:99999/", "端口“99999”"), ("https://www.example.gov.cn:8a/", "端口“8a”"),
                      ("https://www.example.gov.cn:0/", "端口“0”"), ("https://[::1/", "方括号"),
                      ("https://www.exa\u202emple.gov.cn/", "U+202E"), ("https://www.exa\u200bmple.gov.cn/", "U+200B"),
                      ("https://www.example.gov.cn/gk\u202e/", "U+202E"), ("https://a:b@www.example.gov.cn/", "用户名或密码"),
                      ("https://:8443/", "没有域名")):
        quoted = bad.encode("ascii", "backslashreplace").decode()  # "\u202e" in YAML's double quotes
        write_site(site_dir, {}, MINIMAL_CATALOG.replace("https://www.example.gov.cn/", f'"{quoted}"'))
        site, findings = load_catalog(site_dir)
        found = [f for f in findings.sorted() if f.code == "GK004"]
        assert found and found[0].line == 3 and said in found[0].message, (bad, found)
        assert "\u202e" not in found[0].message and "\u200b" not in found[0].message
        assert site.info.base_url == ""
    for good in ("https://www.example.gov.cn:8443/", "https://[2001:db8::1]/", "https://政府.cn/gk/"):
        write_site(site_dir, {}, MINIMAL_CATALOG.replace("https://www.example.gov.cn/", good))
        site, findings = load_catalog(site_dir)
        assert not [f for f in findings.sorted() if f.code == "GK004"] and site.info.base_url == good, good
    write_site(site_dir, {}, MINIMAL_CATALOG.replace("https://www.example.gov.cn/", "https://www.example.gov.cn:99999/"))
    for command in ("check", "build"):
        proc = run_gkssg(command, "--site", str(site_dir), "--date", "2026-11-01")
        assert proc.returncode in (1, 2) and "GK004" in proc.stdout + proc.stderr and "内部错误" not in proc.stderr, proc
