"""Hostile round 27b: targeted cache tampering. (1) The checks row of the document whose attachment is
HTML-in-PDF (GK724) given the blob of a clean document's row (its own source and digest kept): is GK724
missed, and does the build then publish the file? (2) docs blobs rotated: does the refusal (GK117) last?
(3) a random blob: exit 70 on every run?"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from r27b_common import Steps, gkssg, settle

s = Steps(sys.argv[1] if len(sys.argv) > 1 else "tamper2")
db = s.root / ".gkssg/cache.db"
pdf = s.root / "content/ysq/files/ysfa.pdf"
bad, donor = "content/ysq/2025-90014.md", "content/ysq/2025-90004.md"  # 90004 names an .xlsx attachment
data = pdf.read_bytes()
pdf.write_bytes(b"<html><script>alert(27)</script>" + data[32:])
settle()
print("check before:", s.step("pdf head HTML: GK724 expected"))


def sql(q, *a):
    con = sqlite3.connect(db)
    r = con.execute(q, a).fetchall()
    con.commit(); con.close()
    return r


rows = sql("select state, source, length(blob) from checks where source in (?, ?)", bad, donor)
print(rows)
for (state,) in sql("select distinct state from checks"):
    blob = sql("select blob from checks where state=? and source=?", state, donor)
    if blob:
        sql("update checks set blob=? where state=? and source=?", blob[0][0], state, bad)
p = gkssg(s.root, "build", "-j", "1")
print("build after donor blob: rc", p.returncode, "GK724" in p.stdout + p.stderr)
leak = subprocess.run(["grep", "-rl", "alert(27)", str(s.root / "public")], capture_output=True, text=True).stdout.split()
page = next((s.root / "public/docs").glob("*2025-90014.html"), None)
listed = page is not None and "ysfa" in page.read_text(encoding="utf-8")
leak = f"{leak or 'not published'}, page lists the attachment: {listed}"
print("published HTML-in-PDF:", leak)
s.rows.append(("GK724 doc's checks row given a clean doc's blob, then build",
               f"build rc {p.returncode}, GK724 reported {'GK724' in p.stdout + p.stderr}, HTML-in-PDF in public/: {leak}"))
s.step("(compare after donor blob)", build=False)
# random bytes in every checks blob: every run?
pdf.write_bytes(data)
settle()
gkssg(s.root, "build", "-j", "1")
sql("update checks set blob=randomblob(length(blob))")
rcs = [gkssg(s.root, "check").returncode for _ in range(3)]
print("random blobs, 3 checks rc:", rcs)
s.rows.append(("random checks blobs, 3 checks in a row", f"exit codes {rcs}"))
os.unlink(db)
gkssg(s.root, "build", "-j", "1")
rows = sql("select source, blob from docs order by source")
for i, (src, _) in enumerate(rows):
    sql("update docs set blob=? where source=?", rows[(i + 1) % len(rows)][1], src)
rcs = [gkssg(s.root, "check").returncode for _ in range(3)]
print("docs rotated, 3 checks rc:", rcs)
s.rows.append(("docs blobs rotated, 3 checks in a row", f"exit codes {rcs}"))
for label, v in s.rows:
    print(f"| {label} | {v} |")
