"""`gkssg serve --no-build` on a page_size 3 site while edits move the listing pages: withdrawal of a deep
document, a backdated addition, 发布日期 into the future, page_size changed in catalog.yaml, a file deleted.
After each: wait until public/ is quiet, then public/ vs a clean build of a copy of the inputs, a crawl and
a byte grep for the withheld titles.

    PYTHONPATH=$PWD python scripts/attacks/r24a_serve.py [PORT]
"""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from r24a_common import DATE, GK, PY, TMP, build, crawl, digest, docs, generate, grep_out, page_size, say, set_field

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8841
site = generate("serve", 40)
page_size(site, 3)
rc, out = build(site)
assert rc == 0, out
pub = Path(site) / "public"
items = sorted(((p, fm) for p, fm in docs(site).items() if "](" not in p.read_text(encoding="utf-8")
                and not set(fm) - {"标题", "索引号", "发布机构", "主题分类", "体裁分类", "成文日期", "发布日期", "公开属性",
                                   "公开路径", "关键词", "内容概述", "发文字号", "有效性"}),
               key=lambda kv: (kv[1]["发布日期"], kv[1]["索引号"]))
items = [(p, fm) for p, fm in items
         if fm["索引号"] not in "".join(q.read_text(encoding="utf-8") for q in Path(site, "content").rglob("*.md") if q != p)]
for i, (p, fm) in enumerate(items[:4]):
    set_field(p, "标题", f"R24A服务标记{i}号文件")
rc, out = build(site)
assert rc == 0, out
proc = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "serve", "--site", str(site), "--date", DATE,
                         "--bind", "127.0.0.1", "--port", str(PORT), "--no-build"],
                        stdout=open(TMP / "serve.log", "w"), stderr=subprocess.STDOUT,
                        env=dict(os.environ, PYTHONPATH=str(GK)), start_new_session=True)
secret = []


def quiet(seconds=60):
    time.sleep(2)
    end, last, still = time.time() + seconds, None, 0
    while time.time() < end:
        now = digest(pub)
        still = still + 1 if now == last else 0
        if still >= 4:
            return True
        last = now
        time.sleep(1)
    return False


def check(label):
    ok_quiet = quiet()
    ref = TMP / "serve-ref"
    shutil.rmtree(ref, ignore_errors=True)
    ref.mkdir()
    for name in ("content", "themes"):
        if (Path(site) / name).exists():
            shutil.copytree(Path(site) / name, ref / name)
    shutil.copy2(Path(site) / "catalog.yaml", ref / "catalog.yaml")
    rc, out = build(ref, DATE, "--clean", jobs=1)
    a, b = digest(pub), digest(ref / "public")
    differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k) and not k.endswith(".gkssg-output"))
    broken, orphans = crawl(pub)
    leaks = grep_out(pub, secret)
    bad = differ or broken or orphans or leaks
    say(f"{'BROKEN' if bad else 'holds '}\t{label}\tquiet={ok_quiet} ref rc={rc}\tdiffer={differ[:4]} ({len(differ)})"
        f"\tbroken={broken[:2]} orphans={orphans[:3]}\tleaks={leaks[:3]} ({len(leaks)})")


try:
    time.sleep(3)
    p0, fm0 = items[0]
    set_field(p0, "公开属性", "依申请公开")
    secret.append("R24A服务标记0号文件")
    check("withdraw the oldest (index_1)")
    src, fm = items[5]
    dst = src.parent / "00777.md"
    shutil.copy(src, dst)
    set_field(dst, "索引号", fm["索引号"].rsplit("-", 1)[0] + "-00777")
    set_field(dst, "标题", "R24A服务回溯新增")
    set_field(dst, "发布日期", "2016-01-01")
    set_field(dst, "成文日期", "2016-01-01")
    check("backdated addition")
    p1 = items[1][0]
    set_field(p1, "发布日期", "2027-03-03")
    secret.append("R24A服务标记1号文件")
    check("deep document into the future")
    page_size(site, 2)
    check("page_size 3 → 2 in catalog.yaml")
    items[2][0].unlink()
    secret.append("R24A服务标记2号文件")
    check("delete a deep document's file")
    page_size(site, 5)
    set_field(items[3][0], "公开属性", "不予公开")
    secret.append("R24A服务标记3号文件")
    check("page_size 2 → 5 and 不予公开 at once")
finally:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(20)
