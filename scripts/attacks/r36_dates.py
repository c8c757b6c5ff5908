"""Round 36, row 6: --date and 发布日期 under check --changed's GK120: a build date far in the past (nothing public:
the "no document" form of GK120) or the future, 发布日期 on the build date itself (the SQL string comparison of
public_page_names against model.is_public), future 发布日期 moved back and forth across the build date in one
submission, and an output built on a later date than the check."""
from __future__ import annotations

import sys

from r36_common import QJ, committed, doc, run, set_field, standard, verdict


def qj_dates(site, day, which=range(1, 15)):
    for n in which:
        set_field(site / f"content/qj/2024-{n:05d}.md", "发布日期", day)


def main() -> int:
    broken = 0
    for date in ("1900-01-01", "0001-01-01", "2019-03-05", "9999-12-31"):
        site = committed(f"dates-{date}", standard())
        path = site / "content/qj/2024-00001.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
        broken += verdict(f"--date {date}; submission: one body edit", site, "--date", date,
                          date=date)["state"] == "BROKEN"
    for bad in ("2026-02-30", "10000-01-01", "-1-01-01", "２０２６-11-01"):
        site = committed(f"dates-bad-{len(bad)}", standard(), build=False)
        a = run("check", "--site", str(site), "--date", bad, "--changed")
        b = run("check", "--site", str(site), "--date", bad)
        same = a.returncode == b.returncode and "Traceback" not in a.stderr + b.stderr
        print(f"[{'holds' if same else 'BROKEN'}] --date {bad}: --changed rc={a.returncode} {a.stderr.strip()[:80]!r}; "
              f"check rc={b.returncode}")
        broken += not same

    # 发布日期 on the build date itself (public), the day after (not): 14 of 18
    for day, label in (("2026-11-01", "on the build date"), ("2026-11-02", "the day after the build date")):
        site = committed(f"dates-edge-{day}", standard())
        qj_dates(site, day)
        broken += verdict(f"14 qj documents' 发布日期 set to {day} ({label})", site)["state"] == "BROKEN"

    # REV has 14 future-dated qj documents (the output built later, all 18 public); the submission brings 7 back
    files = standard(qj=0)
    files.update(doc(QJ, n, 2024, 发布日期="2027-03-01") for n in range(1, 15))
    site = committed("dates-back-and-forth", files, build=False)
    done = run("build", "--site", str(site), "--date", "2027-06-01", "-j", "1")
    assert done.returncode == 0, done.stdout[-500:]
    qj_dates(site, "2024-03-01", range(1, 8))  # 7 brought back
    broken += verdict("output built on 2027-06-01 (18 pages); submission: 7 of 14 future qj brought back; check on "
                      "2026-11-01", site, do_build=False)["state"] == "BROKEN"
    qj_dates(site, "2028-01-01", range(1, 8))  # and pushed past the future again
    qj_dates(site, "2024-03-01", range(8, 15))
    broken += verdict("… 1–7 pushed to 2028, 8–14 brought back (7 + 7 in one submission)", site, do_build=False
                      )["state"] == "BROKEN"
    qj_dates(site, "2028-01-01", range(8, 12))
    broken += verdict("… 1–11 in 2027/2028, 12–14 back: 11 of 18 pages lost", site)["state"] == "BROKEN"
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
