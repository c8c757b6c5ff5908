#!/bin/sh
# gkssg 部署脚本（POSIX sh；需要 GNU coreutils 的 sha256sum 与 mv -T、GNU find、diff，以及 tar）。
#
#   deploy.sh install 部署包.tar.gz 部署目录   解压到 部署目录/releases/<版本>/，校验后切换
#   deploy.sh rollback 部署目录                 切换到上一个版本（切换前校验）
#   deploy.sh list 部署目录                     列出已安装的版本（* 为当前版本）
#   deploy.sh verify 部署目录                   校验当前版本的文件
#
# 环境变量 KEEP：保留的版本数（默认 5；当前版本永不删除）。
# 目录结构：部署目录/releases/<版本>/site/…，部署目录/current → releases/<版本>，
# 部署目录/releases.list 按安装顺序记录版本。nginx 的 root 指向 部署目录/current/site。
set -eu

KEEP="${KEEP:-5}"
PROG=deploy.sh

die() {
    echo "$PROG: $*" >&2
    exit 1
}

usage() {
    sed -n '2,11p' "$0" >&2
    exit 2
}

# verify DIR: the tree has exactly the entries of manifest.tree (type, mode, path: no extra file,
# folder or symlink), then every file listed in manifest.sha256 has its hash.
verify() {
    for m in manifest.tree manifest.sha256; do
        [ -f "$1/$m" ] && [ ! -L "$1/$m" ] || { echo "$PROG: 校验失败，$1 中没有 $m" >&2; return 1; }
    done
    log=$(mktemp)
    (cd "$1" && find . -mindepth 1 -printf '%y %m %P\n' | LC_ALL=C sort) >"$log"
    if ! LC_ALL=C sort "$1/manifest.tree" | cmp -s - "$log"; then
        echo "$PROG: 校验失败，$1 中的文件、目录、符号链接或权限与清单 manifest.tree 不符（< 清单所列，> 实际）：" >&2
        LC_ALL=C sort "$1/manifest.tree" | diff - "$log" | grep '^[<>]' >&2 || true
        rm -f "$log"
        return 1
    fi
    if ! (cd "$1" && sha256sum -c --strict manifest.sha256) >"$log" 2>&1; then
        echo "$PROG: 校验失败，以下文件与清单不符（可能被篡改或损坏）：" >&2
        grep -v ': OK$' "$log" >&2 || true
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

current_id() {
    if [ -L "$1/current" ]; then
        basename "$(readlink "$1/current")"
    fi
}

# switch DIR ID: point DIR/current at releases/ID atomically (rename(2) over the old link).
switch() {
    [ ! -e "$1/current" ] || [ -L "$1/current" ] || die "$1/current 不是符号链接，请先手工处理"
    tmp="$1/.current.$$"
    rm -f "$tmp"
    ln -s "releases/$2" "$tmp"
    mv -T "$tmp" "$1/current"
}

# record DIR ID: move ID to the end of releases.list (install order).
record() {
    list="$1/releases.list"
    touch "$list"
    { grep -vx -- "$2" "$list" || true; echo "$2"; } >"$list.tmp"
    mv "$list.tmp" "$list"
}

# prune DIR: keep the newest KEEP releases of releases.list, never the current one.
prune() {
    list="$1/releases.list"
    cur=$(current_id "$1")
    count=$(wc -l <"$list")
    for id in $(cat "$list"); do
        [ "$count" -gt "$KEEP" ] || break
        [ "$id" = "$cur" ] && continue
        rm -rf "$1/releases/$id"
        grep -vx -- "$id" "$list" >"$list.tmp" || true
        mv "$list.tmp" "$list"
        count=$((count - 1))
        echo "已删除旧版本 $id"
    done
}

lock() {
    mkdir "$1/.deploy.lock" 2>/dev/null || die "另一个部署正在进行（存在 $1/.deploy.lock）；确认没有部署在运行后删除该目录"
    LOCKED="$1/.deploy.lock"
    trap 'rmdir "$LOCKED"' EXIT
    trap 'exit 1' INT TERM
}

cmd_install() {
    [ $# -eq 2 ] || usage
    bundle=$1
    dir=$2
    [ -f "$bundle" ] || die "找不到部署包 $bundle"
    case "$KEEP" in '' | *[!0-9]* | 0) die "KEEP 必须是正整数（当前为 $KEEP）" ;; esac
    mkdir -p "$dir/releases"
    lock "$dir"
    stage=$(mktemp -d "$dir/releases/.incoming.XXXXXX")
    chmod 755 "$stage"  # mktemp -d makes it 0700; nginx workers must read it
    # -m: give files the install time, so nginx's ETag/Last-Modified change with every release
    # -p: the modes of the archive exactly (manifest.tree lists them), whatever the umask
    if ! tar -xzmpf "$bundle" -C "$stage"; then
        rm -rf "$stage"
        die "解压 $bundle 失败"
    fi
    id=$(cat "$stage/RELEASE" 2>/dev/null || true)
    case "$id" in
        '' | .* | *[!A-Za-z0-9._-]*) rm -rf "$stage"; die "部署包中缺少有效的 RELEASE 文件" ;;
    esac
    if ! verify "$stage"; then
        rm -rf "$stage"
        die "部署包 $bundle 校验失败，未切换版本；当前版本仍为 $(current_id "$dir")"
    fi
    if [ -d "$dir/releases/$id" ]; then
        rm -rf "$stage"
        verify "$dir/releases/$id" || die "已安装的版本 $id 校验失败，未切换；请删除 $dir/releases/$id 后重新安装"
    else
        mv "$stage" "$dir/releases/$id"
    fi
    switch "$dir" "$id"
    record "$dir" "$id"
    echo "已切换到版本 $id"
    prune "$dir"
}

cmd_rollback() {
    [ $# -eq 1 ] || usage
    dir=$1
    [ -f "$dir/releases.list" ] || die "$dir 中没有已安装的版本"
    lock "$dir"
    cur=$(current_id "$dir")
    prev=""
    for id in $(cat "$dir/releases.list"); do
        [ "$id" = "$cur" ] && break
        [ -d "$dir/releases/$id" ] && prev=$id
    done
    [ -n "$prev" ] || die "没有比当前版本 $cur 更早的版本可回滚"
    verify "$dir/releases/$prev" || die "版本 $prev 校验失败，未回滚；当前版本仍为 $cur"
    switch "$dir" "$prev"
    echo "已回滚到版本 $prev（原版本 $cur 仍保留，可用 install 重新切换）"
}

cmd_list() {
    [ $# -eq 1 ] || usage
    [ -f "$1/releases.list" ] || die "$1 中没有已安装的版本"
    cur=$(current_id "$1")
    for id in $(cat "$1/releases.list"); do
        if [ "$id" = "$cur" ]; then echo "* $id"; else echo "  $id"; fi
    done
}

cmd_verify() {
    [ $# -eq 1 ] || usage
    cur=$(current_id "$1")
    [ -n "$cur" ] || die "$1/current 不存在"
    verify "$1/releases/$cur" || exit 1
    echo "版本 $cur 校验通过"
}

[ $# -ge 1 ] || usage
command=$1
shift
case "$command" in
    install) cmd_install "$@" ;;
    rollback) cmd_rollback "$@" ;;
    list) cmd_list "$@" ;;
    verify) cmd_verify "$@" ;;
    *) usage ;;
esac
