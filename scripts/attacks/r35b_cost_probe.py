"""Round 35b: seconds render/targets.py's reading (find_links via checks.links._read) takes on hostile bodies, in
process, new code only (r35b_cost.py compares the CLI with d2d6e89)."""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

N = int(os.environ.get("N", "5000"))
PAD = "政府信息公开" * 20 + "\n\n"
BODIES = {
    "plain links": "".join(f"[附件{i}](f{i}.pdf)\n\n" for i in range(N)),
    "one paragraph": "".join(f"[附件{i}](f{i}.pdf) " for i in range(N)),
    "escaped targets": "".join(f"[附件{i}](f\\_{i}.pdf)\n\n" for i in range(N)),
    "entity targets": "".join(f"[附件{i}](f&#95;{i}.pdf)\n\n" for i in range(N)),
    "tab targets (not found)": "".join(f"[附件{i}](<f\t{i}.pdf>)\n\n" + PAD for i in range(N)),
    "control targets (not found)": "".join(f"[附件{i}](f\x1b{i}.pdf)\n\n" + PAD for i in range(N)),
    "ctl+escape (not found)": "\\" + "".join(f"[附件{i}](f\x1b{i}.pdf)\n\n" + PAD for i in range(N)),
    "mailto obfuscated": "".join(f"<u{i}@a.cn>\n\n" + PAD for i in range(N)),
    "ref used N times": "[r]: f.pdf\n\n" + "".join(f"[附件{i}][r]\n\n" for i in range(N)),
    "text before each": "".join(f'"f{i}.pdf" 见 [附件](f{i}.pdf)\n\n' for i in range(N)),
    "code before each": "".join(f"`[a](f{i}.pdf)` [附件](f{i}.pdf)\n\n" for i in range(N)),
    "raw html srcset": "".join(f'<img src="a{i}.png" srcset="b{i}.png 1x, c{i}.png 2x">\n\n' for i in range(N)),
    "bare urls &": "&\n\n" + "".join(f"见 http://h{i}.cn/p 文件。\n\n" for i in range(N)),
    "5MB plain": "".join(f"[附件{i}](f{i}.pdf){'政务公开' * 25}\n\n" for i in range(N * 10)),
    "long value not found": "\\" + "".join(f"[附件{i}](<{'x' * 1500}\t{i}.pdf>)\n\n" for i in range(N // 10)),
}


def main():
    from r35b_diff import check_urls  # the new code only (checks.links._read)

    only = sys.argv[1:] or list(BODIES)
    for name in only:
        body = BODIES[name]
        t = time.perf_counter()
        links, dropped = check_urls(body)
        dt = time.perf_counter() - t
        print(f"{name:28} {len(body) / 1e6:6.2f} MB {len(links) + len(dropped):6} targets {dt:7.2f} s", flush=True)


if __name__ == "__main__":
    main()
