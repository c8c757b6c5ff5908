"""Round 36, row 4: page names shared or reshuffled: 索引号 that the page name folds together (characters
document_slug replaces: 甲2024-00001 and 乙2024-00001 are both page 2024-00001, no GK305), a 索引号 that is all
replaced characters (the page is named from a hash of the file's path: a rename is a new page),
and the loader's order deciding who keeps the plain name (changed.whole_site sorts by walk_key)."""
from __future__ import annotations

import subprocess
import sys

from r36_common import CQ, QJ, committed, doc, pages, set_field, verdict, with_pattern

LOOSE = with_pattern(r"^\S{0,6}?(?P<year>\d{4})-(?P<serial>\d{5})$")  # a prefix of any letters, no code


def loose(prefix_cq="甲", prefix_qj="乙", cq=12, qj=12):
    files = dict(doc(CQ, n, 2024, 索引号=f"{prefix_cq}2024-{n:05d}") for n in range(1, cq + 1))
    files.update(doc(QJ, n, 2024, 索引号=f"{prefix_qj}2024-{n:05d}") for n in range(1, qj + 1))
    return files


def main() -> int:
    broken = 0
    s = committed("names-shared-future", loose(qj=14), catalog=LOOSE)
    print(f"   (built: {len(pages(s / 'public'))} pages, e.g. {sorted(pages(s / 'public'))[:2]} … "
          f"{sorted(pages(s / 'public'))[-1:]})")
    for path in sorted((s / "content/qj").glob("*.md")):
        set_field(path, "发布日期", "2027-03-01")
    broken += verdict("12+14 documents sharing 12 page names (甲/乙 prefix, no GK305); qj's 14 future-dated", s)["state"] == "BROKEN"

    s = committed("names-shared-delete-first", loose(cq=14), catalog=LOOSE)
    for path in sorted((s / "content/cq").glob("*.md")):
        path.unlink()  # qj's documents take over the plain names: their suffixed pages go
    broken += verdict("14+12 sharing 12 names; cq's 14 (the plain names' holders) deleted: qj's 12 pages renamed", s)["state"] == "BROKEN"

    s = committed("names-shared-grab", loose(cq=0, qj=14) | dict(doc(CQ, n, 2019, 索引号=f"丁2019-{n:05d}") for n in range(1, 5)), catalog=LOOSE)
    for n in range(1, 13):  # 12 new 依申请公开 documents in cq/ (loaded before qj/) claim qj's page names
        rel, text = doc(CQ, 100 + n, 2024, name=f"新-{n}", 索引号=f"丙2024-{n:05d}", 公开属性="依申请公开")
        (s / rel).write_text(text, encoding="utf-8")
    broken += verdict("12 new 依申请公开 documents (cq/, loaded first) take 12 public pages' names (no GK305)", s
                      )["state"] == "BROKEN"

    s = committed("names-shared-grab-later", loose(cq=0, qj=14) | dict(doc(CQ, n, 2019, 索引号=f"丁2019-{n:05d}") for n in range(1, 5)), catalog=LOOSE)
    for n in range(1, 13):  # the same in a subfolder of qj/ (loaded after qj/'s files): they get the suffixes
        rel, text = doc(QJ, 100 + n, 2024, name=f"z/新-{n}", 索引号=f"丙2024-{n:05d}", 公开属性="依申请公开")
        (s / rel).parent.mkdir(exist_ok=True)
        (s / rel).write_text(text, encoding="utf-8")
    broken += verdict("the same 12 in qj/z/ (loaded after): the public pages keep their names", s)["state"] == "BROKEN"

    han = {}
    for n in range(1, 15):  # 索引号 of replaced characters only: the page is named from the path's hash
        han.update([doc(QJ, n, 2024, name=f"{n:02d}", 索引号="黔江区第" + "".join("〇一二三四五六七八九"[int(c)] for c in str(n)) + "号")])
    han.update(doc(CQ, n, 2019) for n in range(1, 5))
    loose_any = with_pattern(r"^(?P<serial>.{1,40})$")
    s = committed("names-hash-rename", han, catalog=loose_any)
    print(f"   (built: {sorted(pages(s / 'public'))[:3]} …)")
    subprocess.run(["git", "mv", "content/qj", "content/qj2"], cwd=s, check=True)
    cat = s / "catalog.yaml"
    broken += verdict("14 documents whose 索引号 has no ASCII (page = hash of path) moved qj/ → qj2/ "
                      "(catalog.yaml unchanged: GK019 / GK308)", s, do_build=False)["state"] == "BROKEN"
    s = committed("names-hash-rename2", han, catalog=loose_any)
    for path in sorted((s / "content/qj").glob("*.md")):
        subprocess.run(["git", "mv", path.name, "a" + path.name], cwd=path.parent, check=True)
    broken += verdict("the same 14 renamed in place (01.md → a01.md): every page renamed", s)["state"] == "BROKEN"

    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
