"""`gkssg bundle`: build, scan the output for IPv6 readiness, pack the site with its nginx config
and deploy script (the packing itself: gkssg/deploy/bundle.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import click

from gkssg import deploy
from gkssg.build.outguard import guard_bundle_file
from gkssg.commands.options import CONTEXT, date_option, site_option
from gkssg.deploy import ipv6
from gkssg.deploy.bundle import check_last_build, make_bundle
from gkssg.errors import EXIT_CONTENT, GkssgError
from gkssg.fs import interrupts
from gkssg.printing import echo


def _version(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int, int] | None:
    if value is None:
        return None
    parsed = deploy.parse_nginx_version(f"nginx/{value}")
    if parsed is None:
        raise click.BadParameter(f"“{value}”不是 nginx 版本号，应写成 X.Y.Z，例如 1.22.1")
    return parsed


@click.command("bundle", context_settings=CONTEXT, help="生成部署包：构建网站，检查 IPv6 就绪情况，打包网站、nginx 配置和部署脚本。")
@site_option()
@click.option("--out", "out_file", type=click.Path(), default=None,
              help="部署包文件或目录（已有的目录或以 / 结尾时放在其中，取默认文件名），"
                   "默认为 站点目录/dist/<域名>-<版本>.tar.gz")
@click.option("--no-build", is_flag=True, help="不重新构建，直接打包 public/ 中上一次构建的结果")
@date_option()
@click.option("--release", "release_id", default=None, help="版本号（默认由网站内容计算，内容相同则版本号相同）")
@click.option("--deploy-dir", default=deploy.DEFAULT_DEPLOY_DIR, show_default=True, help="服务器上的部署目录",
              callback=lambda ctx, param, value: deploy.checked_deploy_dir(value))
@click.option("--nginx-version", callback=_version, metavar="X.Y.Z",
              help="服务器的 nginx 版本，决定 HTTP/2 写法；默认取本机 nginx -v，本机没有 nginx 时按 1.22 的写法")
@click.option("--resolve", is_flag=True, help="查询本站和外部链接域名的 AAAA 记录（需要网络）")
@click.option("--force", is_flag=True, help="IPv6 检查有错误时仍然打包")
@click.option("--allow-empty", "--allow-drop", "allow_empty", is_flag=True,
              help="网站没有任何文件页，或构建会使超过一半（且超过 10 个）的文件页消失时，仍然构建并打包"
                   "（有意发布一个空网站或一次撤下大量文件时用；否则为 GK120 错误）")
def bundle_command(site_dir: Path, out_file: str | None, no_build: bool, build_date: dt.date | None,
                   release_id: str | None, deploy_dir: str, nginx_version: tuple[int, int, int] | None,
                   resolve: bool, force: bool, allow_empty: bool) -> None:
    from gkssg.commands.cli import sigterm_as_interrupt  # late: cli imports this module

    with sigterm_as_interrupt():  # as `gkssg build`: SIGTERM stops it as Ctrl-C does, nothing left behind
        _bundle(site_dir, out_file, no_build, build_date, release_id, deploy_dir, nginx_version, resolve, force,
                allow_empty)


def _bundle(site_dir: Path, out_file: str | None, no_build: bool, build_date: dt.date | None,
            release_id: str | None, deploy_dir: str, nginx_version: tuple[int, int, int] | None,
            resolve: bool, force: bool, allow_empty: bool = False) -> None:
    from gkssg.build.outguard import document_pages
    from gkssg.build.pipeline import BuildFailed, build_site  # late: the build imports every feature module
    from gkssg.load.config import load_catalog
    from gkssg.printing import as_text

    site, problems = load_catalog(site_dir)
    # an agency's folder gone (GK019) is the build's to judge: with content/ emptied it is GK120, or the empty
    # site --allow-empty asks for
    if any(f.severity == "error" and f.code != "GK019" for f in problems.items):
        echo(as_text(problems, show_info=False))
        raise GkssgError("catalog.yaml 有错误，无法生成部署包；请先按上面的提示修改")
    public = site_dir / "public"
    # `--out dir/` names a folder (Path would shorten it to `dir`, a file): made, and the bundle put in it
    target = Path(out_file) if out_file else site_dir / "dist"
    names_folder = out_file is None or out_file.endswith(("/", os.sep))
    guard_bundle_file(site_dir, target / "x.tar.gz" if names_folder or target.is_dir() else target)  # before building
    if no_build:
        if not (public / "index.html").is_file():
            raise GkssgError(f"{public} 中没有上一次的构建结果；请去掉 --no-build，或先运行 gkssg build")
        check_last_build(site_dir, public, site.info.timezone)
    else:
        try:
            build_site(site_dir, public, build_date, allow_empty=allow_empty)
        except BuildFailed as failed:
            echo(as_text(failed.result.findings, show_info=False))
            raise
        if interrupts.release():  # the site's output is in service; the bundle is not made, and the
            echo(f"收到中止信号（SIGTERM）时 {public} 中新的输出已经生效（构建已完成，构建记录完整）；"  # message
                 "部署包未生成。", err=True)  # says so (hostile round 9, row 4f: only 已中止。)
            raise KeyboardInterrupt
    if not allow_empty and not document_pages(public):
        # a fresh clone whose content/ is a submodule not checked out builds an empty site, which the build
        # cannot compare with anything: the bundle, what a server installs, would replace the site with it
        # (hostile round 32, row 5)
        raise GkssgError(f"GK120 {public} 中没有任何文件页，照此打包，服务器上的网站会只剩空栏目，因此未生成部署包。多半是 "
                         "content/ 是没有检出的 git 子模块（请运行 git submodule update --init）、content/ 所在的目录没有"
                         "挂载，或构建日期不对；请核对后重新运行。确要发布一个没有任何文件的网站时，加 --allow-empty",
                         EXIT_CONTENT)
    report = ipv6.scan_output(public, site.info.base_url, resolve=resolve)
    findings = ipv6.report_findings(report, file_prefix="public/")
    if findings.items:
        echo(as_text(findings))
    if report.errors and not force:
        raise GkssgError(f"IPv6 检查发现 {report.errors} 个错误，未生成部署包。请修改后重新运行；"
                         "确需先打包时加 --force（问题会写入部署包的 ipv6-report.md）", EXIT_CONTENT)
    if nginx_version is None:
        nginx_version = deploy.local_nginx_version()
    if names_folder:
        target.mkdir(parents=True, exist_ok=True)
    path = make_bundle(public, target, site.info, release_id, deploy_dir=deploy_dir,
                       nginx_version=nginx_version, report=report, guard_site=site_dir)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    echo(f"已生成部署包 {path}（{path.stat().st_size} 字节，SHA-256 {digest}）")
    echo(f"在服务器上安装：sh deploy.sh install {path.name} {deploy_dir}（详见包内 README-部署说明.md）")
