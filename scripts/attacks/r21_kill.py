"""kill -9 of a build mid-way, and two builds at once, on a site whose pages carry records (404.html and
column.html read `site.documents`, document.html reads `build_date`). After each kill the output must be the
previous one or the complete new one (byte for byte), and the next build must equal `build --clean`.

    PYTHONPATH=$PWD python scripts/attacks/r21_kill.py [ROUNDS]
"""

import os
import random
import signal
import subprocess
import sys
import time

from r21_common import DATE, GK, MARKER, PY, build, compare, digest, edit, generate, in_block, override, say

EDIT = "content/ysgz/2026/00002.md"


def popen(site, date):
    return subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", date,
                             "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=dict(os.environ, PYTHONPATH=str(GK)), start_new_session=True)


def strip(d):
    return {k: v for k, v in d.items() if not k.endswith(MARKER)}


def main(rounds):
    site = generate("kill", 60)
    override(site, "404.html", in_block("404.html", '<p class="r21">{{ site.documents | map(attribute="title") | join("|") }}</p>'))
    override(site, "column.html", in_block("column.html", '<p class="r21">{{ site.documents | length }}</p>'))
    override(site, "document.html", in_block("document.html", '<p class="r21">{{ build_date }}</p>'))
    rc, out = build(site)
    assert rc == 0, out
    random.seed(21)
    bad = 0
    for i in range(rounds):
        before = strip(digest(site / "public"))
        edit(site, EDIT, "标题: ", f"标题: 第{i}次")
        date = f"2026-12-{2 + i % 20:02d}"
        p = popen(site, date)
        delay = random.uniform(0.3, 4)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL) if p.poll() is None else None
        os.killpg(p.pid, signal.SIGKILL) if p.poll() is None else None
        p.wait()
        after = strip(digest(site / "public"))
        verdict, rc, out, _, differ = compare(site, date)
        final = strip(digest(site / "public"))
        state = "previous" if after == before else ("the complete new one" if after == final else
                                                     f"NEITHER previous nor new ({sum(1 for k in set(after) | set(final) if after.get(k) != final.get(k))} files off the new)")
        if state.startswith("NEITHER"):
            bad += 1
        if verdict != "holds":
            bad += 1
        say(f"round {i}: killed after {delay:.1f}s (rc {p.returncode}), output {state}; next build vs clean: {verdict}")
    # two builds at once after an edit
    edit(site, EDIT, "标题: ", "标题: 同时")
    a, b = popen(site, DATE), popen(site, DATE)
    oa, ob = a.communicate()[0].decode(), b.communicate()[0].decode()
    verdict, rc, out, _, differ = compare(site)
    say(f"two at once: rc {a.returncode}/{b.returncode}; then vs clean: {verdict}; "
        f"{[l for l in (oa + ob).splitlines() if 'lock' in l or '锁' in l or '另一个' in l][:2]}")
    say(f"{bad} bad rounds")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)
