"""Round 28, target 1: `gkssg bundle` (which builds first) with the 附件 or a body image swapped as the render
starts: the bundle must not be made, or hold no byte of the swapped file; the output untouched."""
from __future__ import annotations

import os
import sys
import tarfile

from click.testing import CliRunner
from r28_common import REPO, WORK, attack_sites, tree

sys.path.insert(0, str(REPO))
import gkssg.build.pipeline as pipeline  # noqa: E402
from gkssg.commands.cli import main  # noqa: E402

HEAD = b"<html><script>alert(28)</script>"
for target in ("content/ysq/files/bmb.docx", "content/ysq/media/yitu.png"):
    site = attack_sites.demo_copy(WORK, "bun-" + target.rsplit("/", 1)[1])
    md = site / "content/ysq/2025-90023.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n![图](media/yitu.png)\n", encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(main, ["build", "--site", str(site), "--date", "2026-12-07", "-j", "1"])
    before = tree(site / "public")
    md.write_text(md.read_text(encoding="utf-8").replace("招录计划", "招录计划（新）"), encoding="utf-8")
    real = pipeline.render_setup

    def swapped(build, _t=site / target, _real=real):
        st = _t.stat()
        data = _t.read_bytes()
        tmp = _t.with_name(".t")
        tmp.write_bytes(HEAD + data[len(HEAD):])
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(tmp, _t)
        return _real(build)
    pipeline.render_setup = swapped
    try:
        r = runner.invoke(main, ["bundle", "--site", str(site), "--date", "2026-12-07", "--out", str(site / "dist") + "/"])
    finally:
        pipeline.render_setup = real
    bundles = list((site / "dist").glob("*.tar.gz")) if (site / "dist").exists() else []
    leaked = []
    for b in bundles:
        with tarfile.open(b) as tf:
            for m in tf.getmembers():
                if m.isfile() and HEAD in tf.extractfile(m).read():
                    leaked.append(m.name)
    out_changed = len([k for k in set(before) | set(tree(site / "public")) if before.get(k) != tree(site / "public").get(k)])
    print(f"{target}: bundle exit {r.exit_code}; bundles {[b.name for b in bundles]}; script bytes in bundle {leaked}; "
          f"public changed {out_changed}; says {r.output.strip().splitlines()[-1][:120] if r.output.strip() else ''}",
          flush=True)
