"""`gkssg check --changed`: a department's check is about its submission.

The submission is what changed since a git revision. Its check fails on the findings in
the changed files and on the cross-document findings the change causes: a duplicate 索引号
with an unchanged file, a broken link in an unchanged file to a file the submission renamed
or removed, a column (or the single-veto line) the submission made stale. "Caused" is
measured, not guessed: the cross-document rules also run on the site as it was at the
revision (the changed files as git has them there, the rest as they are), and a finding
that was already there is not the submission's. Such a site-level condition (the stale- or
empty-column single-veto line) is shown as a warning; the full `gkssg check` keeps it an error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
from pathlib import Path

from gkssg.checks import run_cross_rules
from gkssg.errors import GkssgError
from gkssg.findings import Finding, Findings
from gkssg.fs import outmarker
from gkssg.load.content import parse_document
from gkssg.load.site import CONTENT_DIR, resolve_documents, shown_name
from gkssg.model import Site
from gkssg.printing import echo
from gkssg.render.context import Build, Settings

INPUT_FOLDERS = (CONTENT_DIR + "/", "themes/")
NOT_CAUSED = "（本次提交之前已存在，不是本次提交造成的，--changed 只作提示；完整的 gkssg check 中仍为错误）"


def _git(site_dir: Path, *args: str, stdin: bytes | None = None, allow: tuple[int, ...] = ()
         ) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(["git", *args], cwd=site_dir, input=stdin, capture_output=True)
        if proc.returncode and proc.returncode not in allow:
            raise subprocess.CalledProcessError(proc.returncode, proc.args, proc.stdout, proc.stderr)
        return proc
    except FileNotFoundError:
        raise GkssgError("--changed 需要 git，但没有找到 git 命令") from None
    except subprocess.CalledProcessError as exc:
        told = exc.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in told:
            raise GkssgError(f"--changed：站点目录 {site_dir} 不在 git 仓库中：请在部门提交内容的 git 仓库里运行，"
                             "或去掉 --changed 检查整个站点") from None
        if "unknown revision" in told or "bad revision" in told or "ambiguous argument" in told \
                or "Not a valid object name" in told:  # also a range (A..B, A...B): --changed takes one version
            raise GkssgError("--changed：git 找不到要比较的版本：请写一个已有的分支、"
                             "标签或提交号（不是 A..B 这样的范围），例如 --changed origin/main") from None
        if "no upstream configured" in told:  # @{u} on a branch that tracks none (hostile round 36, row 16)
            raise GkssgError("--changed：当前分支没有设置上游分支（@{u}）：请写要比较的分支、标签或提交号，"
                             "例如 --changed origin/main") from None
        raise GkssgError(f"--changed：git 报错：{told or exc}") from None


def _lines(proc: subprocess.CompletedProcess) -> list[str]:
    return [line for line in proc.stdout.decode("utf-8", "surrogateescape").splitlines() if line]


def _names(proc: subprocess.CompletedProcess) -> list[str]:
    """The paths of a `-z` listing: as they are, never quoted (without -z, git quotes a name holding a quote or a
    backslash whatever core.quotepath says, and the quoted name matched no file: hostile round 36, row 1)."""
    return [name.decode("utf-8", "surrogateescape") for name in proc.stdout.split(b"\0") if name]


def _prefix(site_dir: Path) -> str:
    prefix = _lines(_git(site_dir, "rev-parse", "--show-prefix"))
    return prefix[0] if prefix else ""


def changed_files(site_dir: Path, rev: str) -> set[str]:
    """Files changed since `rev` (plus untracked ones), relative to the site root. A rename
    counts as both names (--no-renames): links to the old name are the submission's. content/ a
    symlink (kept in another checkout: round 28, row 6): git lists no change under it, the submission
    cannot be told, and a check that found nothing would pass it; refused, with what to run instead."""
    content = site_dir / CONTENT_DIR
    if content.is_symlink():
        raise GkssgError(f"--changed：{content} 是指向 {os.readlink(content)} 的符号链接，git 看不到其中文件的改动，"
                         "无法判断本次提交改了什么：请去掉 --changed 检查整个站点")
    prefix = _prefix(site_dir)
    names = (_names(_git(site_dir, "diff", "--name-only", "-z", "--no-renames", "--relative", rev))
             + _untracked(site_dir))
    return {n[len(prefix):] if prefix and n.startswith(prefix) else n for n in names}


def _untracked(site_dir: Path) -> list[str]:
    """The files git does not track (nor ignore), but none inside a folder of gkssg's output
    (the output, its staging folder or spare: each holds the output marker) outside content/
    and themes/ (a marker planted there hides nothing): an un-ignored `public/` or
    `.public.spare/` would otherwise be 190,000 names at 100,000 documents."""
    listed = ("ls-files", "-z", "--others", "--exclude-standard")
    names = []
    for name in _names(_git(site_dir, *listed, "--directory")):
        if not name.endswith("/"):
            names.append(name)
        elif name.startswith(INPUT_FOLDERS) or not outmarker.is_marked(str(site_dir / name)):
            names.extend(_names(_git(site_dir, *listed, "--", name)))
    return names


def changed_files_not_documents(changed: set[str]) -> set[str]:
    """The changed paths under content/ that are not documents (attachments, images, data files)."""
    return {rel for rel in changed if rel.startswith(CONTENT_DIR + "/") and not rel.lower().endswith(".md")}


def owners(site: Site, changed: set[str]) -> set[str]:
    """The documents that publish one of the changed files that are not documents (an attachment
    deleted or replaced, a body image): the submission's too, whose findings it answers for (a full
    check fails a document whose attachment the submission deleted; hostile round 10, row N1)."""
    from gkssg.incremental.facts import owned_paths
    files = changed_files_not_documents(changed)
    if not files:
        return set()
    return {doc.source for doc in site.documents if owned_paths(site, doc) & files}


def site_before(site: Site, rev: str, changed: set[str]) -> Site:
    """The site as it was at `rev`: the changed documents as git has them there (absent when
    they were added since), every other document as loaded."""
    prefix = _prefix(site.root)
    before = []
    for rel in sorted(changed):
        if not (rel.startswith(CONTENT_DIR + "/") and rel.lower().endswith(".md")):
            continue
        proc = subprocess.run(["git", "show", f"{rev}:{prefix}{rel}"], cwd=site.root, capture_output=True)
        if proc.returncode != 0:
            continue  # added by the submission
        doc = parse_document(proc.stdout, rel, Findings())
        if doc is not None:
            before.append(doc)
    resolve_documents(dataclasses.replace(site, documents=before), Findings())
    return dataclasses.replace(site, documents=[d for d in site.documents if d.source not in changed] + before)


def cross_findings(build: Build, codes: set[str]) -> set[Finding]:
    """What the cross-document rules that may emit `codes`, and the build's features' site
    checks, find on `build.site`."""
    found = run_cross_rules(build.site, Findings(), codes)
    for feature in build.features:
        feature.check(build, found)
    return set(found.items)


def judge(items: list[Finding], changed: set[str], loaded: set[Finding], before: set[Finding]) -> Findings:
    """The submission's findings: everything in the changed files; in unchanged files, what the
    submission caused; site-level conditions it did not cause, as warnings."""
    kept = Findings()
    changed = changed | {shown_name(rel) for rel in changed}  # a name that is not UTF-8, as GK115 shows it
    for f in items:
        if f.file in changed or f in loaded and not f.file.startswith(CONTENT_DIR + "/"):
            kept.items.append(f)  # the submission's files, and catalog.yaml as loaded (GK0xx)
        elif f in loaded or f in before:
            if not f.file.startswith(CONTENT_DIR + "/"):  # a site-level condition it did not cause
                severity = "warning" if f.severity == "error" else f.severity
                message = f.message + NOT_CAUSED if f.severity == "error" else f.message
                kept.items.append(dataclasses.replace(f, severity=severity, message=message))
        else:
            kept.items.append(f)  # caused by the submission: a duplicate, a broken link, a veto line
    return kept


def check_submission(site_dir: Path, build_date: dt.date | None, rev: str, cache=None,
                     quick: bool = True, out: Path | None = None, allow_empty: bool = False) -> Findings:
    """The findings of `gkssg check --changed REV`: from the fact index when it can answer
    (gkssg.build.changed, seconds at 100,000 documents), else by loading the whole site below.
    `quick=False`: always the whole site (what the quick path is tested against). `out`: the output folder a
    build would replace: a build that would take most of its pages away (GK120, pipeline.emptying) is judged on
    the whole site as `check` judges it (hostile round 34, rows 17 and 65), unless `allow_empty`."""
    from gkssg.build.changed import quick_submission
    from gkssg.incremental.facts import READ_TIMEOUT, FactsBusy, FactsUnavailable

    changed = changed_files(site_dir, rev)
    wait = None
    if quick and cache is not None:
        try:
            return quick_submission(site_dir, build_date, rev, changed, cache, out, allow_empty)
        except FactsUnavailable as reason:
            echo(f"提示：--changed 未使用事实索引（{reason}），改为读取全站检查，耗时较长。", err=True)
            wait = READ_TIMEOUT if isinstance(reason, FactsBusy) else None  # its writer is still at it
    found, site = full_submission(site_dir, build_date, changed, rev, cache, wait)
    if out is None:
        return found
    from gkssg.build.pipeline import emptying
    return emptying(site, found, out, allow_empty)


def full_submission(site_dir: Path, build_date: dt.date | None, changed: set[str], rev: str, cache=None,
                    record_wait: float | None = None) -> tuple[Findings, Site]:
    """`check --changed` by loading every document (the full check stage records the fact index
    meanwhile, waiting `record_wait` seconds at most for another writer, so the next --changed
    reads the index instead): its findings, and the site as loaded."""
    from gkssg.build.pipeline import annotate, check, load
    from gkssg.incremental import facts

    build, findings = load(site_dir, Settings(build_date=build_date), cache, freeze=True)
    site = build.site
    facts.record(site, cache, record_wait)
    changed = changed | owners(site, changed)
    loaded = set(findings.items)
    emitted: dict[str, set[str]] = {}
    check(build, findings, changed, emitted)
    # Only what could be someone else's needs the site as it was: findings outside the changed
    # files, from the rules and feature checks that reported them (a few site rules, usually).
    codes = {f.code for f in findings.items if f.file not in changed and f not in loaded}
    if not codes:
        return judge(findings.items, changed, loaded, set()), site
    # the site as it was at rev, in a context of its own (a memo of its own: the annual reports'
    # counts as they were at rev), with the features whose site checks reported one of the codes
    before = Build.plain(site_before(site, rev, changed),
                         [f for f in build.features if emitted.get(f.name, set()) & codes])
    before.settings = build.settings
    if before.features:
        annotate(before)  # what the features derive (validity, interpretations) as it was at rev
    found_before = cross_findings(before, codes)
    return judge(findings.items, changed, loaded, found_before), site
