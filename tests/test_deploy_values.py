"""Values pasted into the nginx config, deploy.sh commands and the admin README cannot inject
directives or shell (issue 16, item 10): --deploy-dir, the host of base_url, the site name."""

from __future__ import annotations

import pytest
from conftest import document, run_gkssg, write_site

from gkssg import deploy
from gkssg.errors import GkssgError
from gkssg.model import SiteInfo

INFO = SiteInfo(name="示例市人民政府", base_url="https://www.example.gov.cn/")
HOSTILE_DIRS = ["/srv/x; include /etc/nginx/evil.conf", "/srv/x\n    location / { alias /; }", "/srv/$(rm -rf ~)",
                "/srv/x`id`", "relative/dir", "/srv/x y", "/srv/'x'", "/srv/x\"", "/srv/x{", "/srv/../etc", ""]


@pytest.mark.parametrize("value", HOSTILE_DIRS)
def test_a_hostile_deploy_dir_is_refused_everywhere_it_would_be_pasted(value):
    for make in (lambda: deploy.nginx_conf(INFO, release="r1", deploy_dir=value),
                 lambda: deploy.admin_readme(INFO, release="r1", deploy_dir=value, bundle_name="b.tar.gz",
                                             ipv6_summary="")):
        with pytest.raises(GkssgError) as caught:
            make()
        assert "GK054" in caught.value.message and "部署目录" in caught.value.message


def test_ordinary_deploy_dirs_pass():
    for value in ("/srv/gkssg", "/var/www/www.example.gov.cn/", "/data/gk_site-2"):
        conf = deploy.nginx_conf(INFO, release="r1", deploy_dir=value)
        assert f"root {value.rstrip('/')}/current/site;" in conf


@pytest.mark.parametrize("base_url", ["https://www.example.gov.cn;include%20x/", "https://exa$mple.gov.cn/",
                                      "https://www.example.gov.cn{/"])
def test_a_host_that_is_not_a_host_name_is_refused(base_url):
    with pytest.raises(GkssgError) as caught:
        deploy.nginx_conf(SiteInfo(name="站", base_url=base_url), release="r1")
    assert "GK054" in caught.value.message


def test_a_site_name_cannot_break_out_of_the_config_comment():
    conf = deploy.nginx_conf(SiteInfo(name="站\nserver { listen 81; }\r#", base_url=INFO.base_url), release="r1")
    assert "\nserver { listen 81; }" not in conf
    assert conf.splitlines()[0].startswith("# gkssg 生成的 nginx 配置：站 server { listen 81; }")


def test_the_cli_refuses_a_hostile_deploy_dir_before_building(tmp_path):
    site = write_site(tmp_path / "site", {"content/cq/a.md": document()})
    proc = run_gkssg("bundle", "--site", str(site), "--deploy-dir", "/srv/x; include /etc/passwd",
                     "--date", "2026-11-01")
    assert proc.returncode == 2 and "GK054" in proc.stderr and "Traceback" not in proc.stderr
    assert not (site / "public").exists() and not (site / "dist").exists()


@pytest.mark.parametrize("value", ["/", "//", "/etc", "/etc/", "/usr", "/var", "/home", "/srv", "/root", "/tmp",
                                   "/etc/nginx", "/usr/share/nginx", "/boot/x", "/proc/self", "/bin/x", "/lib64/x"])
def test_a_system_folder_as_deploy_dir_is_refused(value):
    """hostile1 Low 53: deploy.sh writes releases/ and current into the deploy folder."""
    with pytest.raises(GkssgError) as caught:
        deploy.checked_deploy_dir(value)
    assert "GK054" in caught.value.message and "系统目录" in caught.value.message
