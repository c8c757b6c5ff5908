"""The deploy bundle: contents, precompression, manifest, determinism."""

from __future__ import annotations

import gzip
import hashlib
import json
import tarfile
from pathlib import Path

import pytest

from gkssg import deploy
from gkssg.deploy import bundle
from gkssg.deploy.bundle import BundleError, make_bundle
from gkssg.model import SiteInfo

INFO = SiteInfo(name="示例市人民政府", base_url="https://www.example.gov.cn/")


def built_site(root: Path) -> Path:
    files = {
        "index.html": "<!doctype html><html><head><link rel=stylesheet href=static/style.3f9a0b1c.css></head>"
                      "<body>首页 <a href=docs/a.html>文件</a></body></html>",
        "404.html": "<!doctype html><html><body>页面不存在</body></html>",
        "docs/a.html": "<!doctype html><html><body>" + "政府信息公开。" * 200 + "</body></html>",
        "static/style.3f9a0b1c.css": "body{font-family:sans-serif}",
        "feed.xml": "<?xml version='1.0'?><feed/>",
        "search/index.json": '{"chunks": []}',
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "files").mkdir()
    (root / "files" / "附件一.pdf").write_bytes(b"%PDF-1.4 binary\x00\x01")
    return root


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def test_same_site_gives_byte_identical_bundles_whatever_the_output_name(tmp_path):
    site = built_site(tmp_path / "public")
    a = make_bundle(site, tmp_path / "a" / "site.tar.gz", INFO)
    b = make_bundle(site, tmp_path / "b" / "other-name.tar.gz", INFO)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes()[4:8] == b"\0\0\0\0"  # gzip header MTIME is zero (RFC 1952 §2.3.1)


def test_bundle_holds_site_nginx_config_deploy_script_readme_report_and_manifests(tmp_path):
    out = make_bundle(built_site(tmp_path / "public"), tmp_path / "b.tar.gz", INFO, "2026.11.23-1")
    names = set(members(out))
    assert {"site/index.html", "site/404.html", "site/docs/a.html", "site/files/附件一.pdf", "nginx/gkssg.conf",
            "deploy.sh", "README-部署说明.md", "ipv6-report.md", "manifest.json", "manifest.sha256",
            "RELEASE"} <= names
    assert members(out)["RELEASE"] == b"2026.11.23-1\n"
    with tarfile.open(out) as tar:
        assert tar.getmember("deploy.sh").mode == 0o755
        assert all(m.mtime == 0 and m.uid == 0 for m in tar.getmembers())
    readme = members(out)["README-部署说明.md"].decode()
    assert "deploy.sh install" in readme and "/srv/gkssg/current/site" in readme and "回滚" in readme


def test_text_assets_are_precompressed_and_binary_files_are_not(tmp_path):
    files = members(make_bundle(built_site(tmp_path / "public"), tmp_path / "b.tar.gz", INFO))
    for rel in ("index.html", "docs/a.html", "static/style.3f9a0b1c.css", "feed.xml", "search/index.json"):
        assert gzip.decompress(files[f"site/{rel}.gz"]) == files[f"site/{rel}"]
        if bundle.brotli is not None:
            assert bundle.brotli.decompress(files[f"site/{rel}.br"]) == files[f"site/{rel}"]
    assert "site/files/附件一.pdf.gz" not in files
    assert len(files["site/docs/a.html.gz"]) < len(files["site/docs/a.html"]) / 5


def test_manifest_lists_every_file_with_its_size_and_sha256(tmp_path):
    files = members(make_bundle(built_site(tmp_path / "public"), tmp_path / "b.tar.gz", INFO))
    manifest = json.loads(files["manifest.json"])
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json", "manifest.tree", "manifest.sha256"}
    for name, entry in listed.items():
        assert entry["size"] == len(files[name])
        assert entry["sha256"] == hashlib.sha256(files[name]).hexdigest()
    sums = dict(reversed(line.split("  ", 1)) for line in files["manifest.sha256"].decode().splitlines())
    assert set(sums) == set(files) - {"manifest.sha256"}
    assert all(sums[name] == hashlib.sha256(files[name]).hexdigest() for name in sums)
    assert manifest["base_url"] == INFO.base_url and manifest["release"] == files["RELEASE"].decode().strip()


def test_default_release_id_follows_the_site_content(tmp_path):
    site = built_site(tmp_path / "public")
    first = members(make_bundle(site, tmp_path / "1.tar.gz", INFO))["RELEASE"]
    (site / "docs" / "a.html").write_text("<html><body>改过</body></html>", encoding="utf-8")
    second = members(make_bundle(site, tmp_path / "2.tar.gz", INFO))["RELEASE"]
    assert first != second and first.startswith(b"r-")


def test_bundle_carries_the_ipv6_report_of_the_output(tmp_path):
    site = built_site(tmp_path / "public")
    (site / "docs" / "b.html").write_text("<a href='http://10.1.1.1/'>内网</a>", encoding="utf-8")
    files = members(make_bundle(site, tmp_path / "b.tar.gz", INFO))
    assert "GK780" in files["ipv6-report.md"].decode()
    assert "需处理的问题" in files["README-部署说明.md"].decode()


def test_refuses_a_symlink_in_the_output(tmp_path):
    site = built_site(tmp_path / "public")
    (site / "link.html").symlink_to(site / "index.html")
    with pytest.raises(BundleError, match="符号链接"):
        make_bundle(site, tmp_path / "b.tar.gz", INFO)


@pytest.mark.parametrize("rel,data", [
    ("files/cq/secret.md", "---\n标题: 内部请示\n公开属性: 不予公开\n---\n正文"),
    ("docs/secret.md", "正文"),
    ("files/cq/secret.txt", "---\n索引号: 11500000009275780L/2019-00009\n---\n正文"),
    ("files/evil.html", "<script>alert(1)</script>"),
    ("files/evil.svg", "<svg onload=alert(1)>"),
    ("files/evil.pdf", "<!doctype html><script>alert(1)</script>"),
])
def test_refuses_an_output_holding_a_document_source_or_a_file_that_can_run_script(tmp_path, rel, data):
    """issue 16: the bundle never carries what the build would never copy (an old or tampered public/)."""
    site = built_site(tmp_path / "public")
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_text(data, encoding="utf-8")
    with pytest.raises(BundleError, match=rel.rsplit("/", 1)[-1]) as refused:
        make_bundle(site, tmp_path / "b.tar.gz", INFO)
    assert "gkssg build --clean" in str(refused.value)
    assert not (tmp_path / "b.tar.gz").exists()


def test_refuses_a_folder_that_is_not_a_build_and_an_unsafe_release_id(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(BundleError, match="index.html"):
        make_bundle(tmp_path / "empty", tmp_path / "b.tar.gz", INFO)
    with pytest.raises(BundleError, match="版本号"):
        make_bundle(built_site(tmp_path / "public"), tmp_path / "b.tar.gz", INFO, "../evil")
    assert not (tmp_path / "b.tar.gz").exists()


def test_nginx_server_block_listens_on_both_stacks_with_the_http2_form_of_the_target_version():
    old = deploy.nginx_conf(INFO, release="r1", nginx_version=(1, 22, 1))
    new = deploy.nginx_conf(INFO, release="r1", nginx_version=(1, 25, 1))
    for conf in (old, new):
        assert "listen 80;" in conf and "listen [::]:80;" in conf
        assert "server_name www.example.gov.cn;" in conf and "root /srv/gkssg/current/site;" in conf
        assert "gzip_static on;" in conf and "error_page 404 /404.html;" in conf and "autoindex off;" in conf
        assert "frame-ancestors 'self'" in conf and "immutable" in conf
    assert "listen [::]:443 ssl http2;" in old and "\n    http2 on;" not in old
    assert "listen [::]:443 ssl;" in new and "\n    http2 on;" in new
    assert deploy.parse_nginx_version("nginx version: nginx/1.22.1\n") == (1, 22, 1)


@pytest.mark.parametrize("name", ["a\x1b]0;PWN\x07b.pdf", "c\u009b2Jd.pdf", "e\u202efdp.pdf"])
def test_refuses_an_output_holding_a_file_named_with_a_control_or_bidi_character(tmp_path, name):
    # hostile round 33, row 33: an output built before the gate refused such names carried the raw ESC into the tar
    # member's name (an operator's `tar tzf` printed the OSC) and manifest.json
    site = built_site(tmp_path / "public")
    (site / "files/ysq").mkdir(parents=True, exist_ok=True)
    (site / "files/ysq" / name).write_bytes(b"%PDF-1.4\n")
    with pytest.raises(BundleError, match="控制字符") as refused:
        make_bundle(site, tmp_path / "b.tar.gz", INFO)
    assert "gkssg build --clean" in str(refused.value)
    assert not (tmp_path / "b.tar.gz").exists()
