"""Round 31: the deployment bundle (gkssg bundle) of a site with withheld documents (2022-90003 依申请公开,
2022-90001 不予公开, 2022-90002 dated 2027-03-01) and of one whose content/ysq/2025.d became a dangling link:
any member holding a withheld 索引号 / title / file name; the documents in the bundle."""
from __future__ import annotations

import os
import shutil
import tarfile

from r31_common import WORK, attack_sites, gk, set_field, tail

NEEDLES = [b"ZBJG0003/2022-9000", b"ZBJG0003-2022-9000", b"2022-90003.md", b"2022-90002.md", b"2022-90001.md",
           "生态环境保护专项规划".encode(), "关于印发演示区老旧小区改造实施办法的通知".encode(), "促进小微企业发展若干措施".encode()]


def scan(tgz):
    hits, docs = {}, 0
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            if "/docs/" in m.name and m.name.endswith(".html"):
                docs += 1
            if not m.isfile():
                continue
            data = t.extractfile(m).read()
            for n in NEEDLES:
                if n in data:
                    hits.setdefault(n.decode(), []).append(m.name)
    return hits, docs


site = attack_sites.demo_copy(WORK, "bundle31")
set_field(site / "content/ysq/2022-90003.md", "公开属性", "依申请公开")
set_field(site / "content/ysq/2022-90001.md", "公开属性", "不予公开")
set_field(site / "content/ysq/2022-90002.md", "发布日期", "2027-03-01")
out = WORK / "bundle31.tar.gz"
r = gk("bundle", "--site", str(site), "--date", "2026-12-07", "--out", str(out), timeout=600)
print("withheld: bundle rc", r.returncode, tail(r, 120).replace("\n", " ") if r.returncode else "", scan(out) if out.exists() else "")

site = attack_sites.demo_copy(WORK, "bundle31b")
d = site / "content/ysq/2025.d"
d.mkdir()
for n in ["2025-90006.md", "2025-90007.md", "2025-90008.md", "2025-90009.md", "2025-90010.md"]:
    shutil.move(str(site / "content/ysq" / n), str(d / n))
out = WORK / "bundle31b.tar.gz"
r0 = gk("bundle", "--site", str(site), "--date", "2026-12-07", "--out", str(out), timeout=600)
h0, n0 = scan(out)
shutil.rmtree(WORK / "bundle31b-away", ignore_errors=True)
shutil.move(str(d), str(WORK / "bundle31b-away"))
os.symlink("/nonexistent/mnt/2025.d", d)
out.unlink()
r1 = gk("bundle", "--site", str(site), "--date", "2026-12-07", "--out", str(out), timeout=600)
print(f"dotted dangling: bundle before rc {r0.returncode} ({n0} document pages); after rc {r1.returncode} "
      f"({scan(out)[1] if out.exists() else '-'} document pages) :: {tail(r1, 160)!r}")
