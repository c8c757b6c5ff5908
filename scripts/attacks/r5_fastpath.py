"""Round 5, target 3: the one-edit build fast path (gkssg/build/fastpath.py).

A 60-document sitegen site where d000011 and d000013 are 依申请公开 and d000012 is dated 2027.
Per scenario: build (full), apply one edit, build again (the fast path when it accepts, `-v`
says when it refuses), then build a copy of the edited site with --clean into a fresh folder.
The two outputs (marker note only), the findings printed and the exit codes must be equal.

Run: .venv/bin/python scripts/attacks/r5_fastpath.py [SCENARIO ...]
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import sitegen  # noqa: E402

PY = str(REPO / ".venv/bin/python")
DATE = "2026-11-01"
TMP = Path("/tmp/hostile5/fastpath")
GEN = "content/cqszfbgt/gen"


def gk(site, *args):
    p = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "-j1", *args],
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def tree(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.name == ".gkssg-output":
                data = data.split(b"\nfolder ", 1)[0]
            out[p.relative_to(root).as_posix()] = hashlib.sha256(data).hexdigest()
    return out


NOISE = re.compile(r"^(耗时：.*|已生成 .*输出到 .*|公开文件、主题.*保持不变|提示：本次未走.*)$", re.M)


def norm(text: str) -> str:
    text = re.sub(r"（本次写入 \d+ 个）", "", NOISE.sub("", text))
    return "\n".join(line for line in text.splitlines() if line.strip())


def base() -> Path:
    b = TMP / "base"
    if not b.exists():
        sitegen.generate(b, 60)
        for n in ("d000011", "d000013"):
            f = b / GEN / f"{n}.md"
            f.write_text(f.read_text().replace("公开属性: 主动公开", "公开属性: 依申请公开"))
        f = b / GEN / "d000012.md"
        f.write_text(re.sub(r"^发布日期: .*$", "发布日期: 2027-03-01", f.read_text(), flags=re.M))
    return b


def edit(site: Path, name: str, old: str, new: str, regex=False):
    f = site / GEN / f"{name}.md"
    text = f.read_text()
    text2 = re.sub(old, new, text, flags=re.M) if regex else text.replace(old, new)
    assert text2 != text, (name, old)
    f.write_text(text2)


def fm(site, name, key, value):
    edit(site, name, rf"^{key}: .*$", f"{key}: {value}", regex=True)


# ---- scenarios: each edits the site (after the first build) ----
def body_edit(s):
    edit(s, "d000011", "## 一、总体要求", "## 一、总体要求（修订）")


def become_public(s):
    fm(s, "d000011", "公开属性", "主动公开")


def future_public(s):
    fm(s, "d000013", "公开属性", "主动公开")
    fm(s, "d000013", "发布日期", "2027-01-01")


def future_reaches_build_date(s):
    fm(s, "d000012", "发布日期", DATE)


def future_to_past_date(s):
    fm(s, "d000012", "发布日期", "2026-10-31")


def idx_to_linked_public(s):  # secret takes the 索引号 a public document has
    fm(s, "d000011", "索引号", sitegen.index_no(20))


def idx_away(s):  # d000010 links doc:<11's 索引号>: now unresolved (GK710 error)
    fm(s, "d000011", "索引号", "11500000009275780L/2026-99999")


def idx_swap_secrets(s):
    fm(s, "d000011", "索引号", sitegen.index_no(13))
    fm(s, "d000013", "索引号", sitegen.index_no(11))


def rename_secret(s):
    (s / GEN / "d000011.md").rename(s / "content/ysq/d000011.md")


def delete_secret(s):
    (s / GEN / "d000011.md").unlink()


def add_secret(s):
    t = (s / GEN / "d000013.md").read_text()
    t = t.replace(sitegen.index_no(13), "11500000009275780L/2026-00777")
    (s / GEN / "new777.md").write_text(t)


def add_secret_dup_idx(s):
    t = (s / GEN / "d000013.md").read_text()
    (s / GEN / "new778.md").write_text(t)  # same 索引号 as d000013 (GK305 on both)


def secret_interprets(s):
    edit(s, "d000011", "公开属性: 依申请公开", f"公开属性: 依申请公开\n解读对象: {sitegen.index_no(10)}")


def secret_replaces(s):
    edit(s, "d000011", "公开属性: 依申请公开", f"公开属性: 依申请公开\n替代文件: {sitegen.index_no(15)}")


def secret_annual(s):
    fm(s, "d000011", "体裁分类", "行政规范性文件")


def secret_agency_no_code(s):
    fm(s, "d000011", "发布机构", "某某县无代码局")


def secret_bad_column(s):
    edit(s, "d000011", r"^  - .*$", "  - 不存在的栏目>子栏目", regex=True)


def secret_attachment_shared(s):
    (s / GEN / "att.pdf").write_bytes(b"%PDF-1.4 x")
    edit(s, "d000011", "## 一、总体要求", "[附件](att.pdf)\n\n## 一、总体要求")


def secret_links_secret_md(s):  # a public doc links the secret by path
    edit(s, "d000011", "## 一、总体要求", "见[另一件](d000013.md)\n\n## 一、总体要求")


def secret_no_disclosure(s):
    edit(s, "d000011", "公开属性: 依申请公开\n", "")


def secret_disclosure_typo(s):
    fm(s, "d000011", "公开属性", "主动公开 ")


def secret_disclosure_fullwidth(s):
    edit(s, "d000011", "公开属性: 依申请公开", "公开属性：主动公开")


def secret_crlf(s):
    f = s / GEN / "d000011.md"
    f.write_bytes(f.read_bytes().replace(b"\n", b"\r\n"))


def secret_gbk(s):
    f = s / GEN / "d000011.md"
    f.write_bytes(f.read_text().encode("gbk", "replace"))


def secret_bom_public(s):  # BOM + becomes public
    f = s / GEN / "d000011.md"
    f.write_bytes(b"\xef\xbb\xbf" + f.read_text().replace("依申请公开", "主动公开").encode())


def secret_to_readme(s):
    (s / GEN / "d000011.md").rename(s / GEN / "README.md")


def secret_hidden(s):
    (s / GEN / "d000011.md").rename(s / GEN / ".d000011.md")


def secret_same_stat(s):  # same size, mtime restored: becomes public (主动 vs 依申请: 3 vs 5 chars)
    f = s / GEN / "d000011.md"
    st = f.stat()
    t = f.read_text().replace("公开属性: 依申请公开", "公开属性: 主动公开   ")
    assert len(t.encode()) == st.st_size
    f.write_text(t)
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))


def secret_symlink_public(s):  # the secret replaced by a symlink to a public document's file
    f = s / GEN / "d000011.md"
    f.unlink()
    f.symlink_to("d000014.md")


def facts_tamper_withdraw(s):  # facts.db says d000017 was 依申请公开; then d000017 is withdrawn
    db = s / ".gkssg/facts.db"
    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute("PRAGMA table_info(facts)")]
    assert "disclosure" in cols, cols
    con.execute("UPDATE facts SET disclosure='依申请公开' WHERE source=?", (f"{GEN}/d000017.md",))
    con.commit()
    con.close()
    fm(s, "d000017", "公开属性", "依申请公开")


def stale_record_after_kill(s):
    """A kill -9 of a fast-path build between lastbuild.store and buildstamp.store (fastpath._remember),
    simulated: the build stamp (cache.db meta 'build_stamp') put back as it was before that build.
    First fast build: secret d000011 gains a link to secret d000013 (a GK712 warning on d000011);
    then secret d000013's body is edited and built (the build compared)."""
    db = s / ".gkssg/cache.db"

    def stamp(value=None):
        con = sqlite3.connect(db)
        if value is None:
            v = con.execute("SELECT value FROM meta WHERE key='build_stamp'").fetchone()[0]
        else:
            con.execute("UPDATE meta SET value=? WHERE key='build_stamp'", (value,))
            con.commit()
            v = value
        con.close()
        return v
    saved = stamp()
    edit(s, "d000011", "## 一、总体要求", f"见[另件](doc:{sitegen.index_no(13)})。\n\n## 一、总体要求")
    rc, out, err = gk(s, "--date", DATE, "-v")
    assert rc == 0 and "GK712" in out + err, err
    stamp(saved)
    edit(s, "d000013", "## 一、总体要求", "## 一、总体要求（再改）")


def secret_new_topic(s):  # a 主题分类 no public document has
    fm(s, "d000011", "主题分类", "科技、教育")


def secret_new_genre(s):  # a 体裁分类 no public document has
    fm(s, "d000011", "体裁分类", "公告")


def secret_new_year(s):  # a year no public document has (2019): year listings
    fm(s, "d000011", "发布日期", "2019-05-05")
    fm(s, "d000011", "成文日期", "2019-05-01")


def secret_new_publisher_with_code(s):  # another agency of the demo catalogue
    fm(s, "d000011", "发布机构", "重庆市黔江区人民政府")


def withdraw_public(s):  # control: a public document withdrawn (must take the full path)
    fm(s, "d000017", "公开属性", "依申请公开")


SCENARIOS = {k: v for k, v in dict(globals()).items() if callable(v) and v.__module__ == __name__
             and k not in {"gk", "tree", "norm", "base", "edit", "fm", "main", "run"}}


def run(name: str) -> bool:
    work = TMP / name
    shutil.rmtree(work, ignore_errors=True)
    site = work / "site"
    shutil.copytree(base(), site, symlinks=True)
    rc0, _, err0 = gk(site, "--date", DATE)
    assert rc0 == 0, err0
    SCENARIOS[name](site)
    before = tree(site / "public")
    rc, out, err = gk(site, "--date", DATE, "-v")
    fast = "保持不变" in out + err
    ref = work / "ref"
    shutil.copytree(site, ref, symlinks=True, ignore=shutil.ignore_patterns(".gkssg", "public"))
    rrc, rout, rerr = gk(ref, "--date", DATE, "--clean")
    got = tree(site / "public")
    want = tree(ref / "public") if rrc == 0 else before
    diff = sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k))
    same_text = norm(out + err) == norm(rout + rerr)
    ok = rc == rrc and not diff and same_text
    why = re.search(r"提示：本次未走单篇改动的快速路径（(.*?)）", err)
    print(f"{name:28s} {'fast' if fast else 'full':4s} rc={rc}/{rrc} files-differ={len(diff)} {diff[:3]} "
          f"text-same={same_text} {'ok' if ok else 'BAD'} {why.group(1)[:40] if why else ''}")
    if not same_text:
        import difflib
        print("\n".join(list(difflib.unified_diff(norm(rout + rerr).splitlines(), norm(out + err).splitlines(),
                                                  "clean", "incremental", lineterm="", n=0))[:12]))
    return ok


def main(names):
    TMP.mkdir(parents=True, exist_ok=True)
    bad = [n for n in (names or list(SCENARIOS)) if not run(n)]
    print("BAD:", bad)
    return bool(bad)


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1:]) else 0)
