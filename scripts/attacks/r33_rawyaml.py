"""Round 33, C: raw control bytes written straight into the YAML (not escapes): ESC, BEL, U+009B, U+0085 (which
PyYAML accepts as a line break), DEL, U+2028, in a front-matter title (plain and single-quoted) and in catalog.yaml's
site name; check's terminal output searched for raw controls, tracebacks; rc."""
from __future__ import annotations

from r33_common import check, codes, demo, has_ctrl

A = "content/ysq/2025-90023.md"
CH = {"esc": "\x1b]0;PWN\x07", "csi8": "\x9b2J", "nel": "\x85", "del": "\x7f", "ls": "\u2028"}


def main():
    for key, ch in CH.items():
        for where in ("plain", "single", "catalog", "body-line1"):
            site = demo(f"rawyaml-{key}-{where}")
            if where == "catalog":
                p = site / "catalog.yaml"
                t = p.read_text(encoding="utf-8")
                i = t.index("  name: ")
                j = t.index("\n", i)
                p.write_text(t[:j] + ch + "X" + t[j:], encoding="utf-8")
            else:
                p = site / A
                t = p.read_text(encoding="utf-8")
                old = "标题: 演示区2026年度考试录用公务员公告"
                new = {"plain": f"标题: 演示区2026年度考试{ch}录用公务员公告",
                       "single": f"标题: '演示区2026年度考试{ch}录用公务员公告'",
                       "body-line1": old}[where]
                t = t.replace(old, new)
                if where == "body-line1":
                    t = t.replace("\n---\n", f"\n---\n{ch}", 1)
                p.write_text(t, encoding="utf-8")
            c = check(site)
            out = c.stdout + c.stderr
            mine = [x.strip()[:110] for x in out.splitlines() if "错误" in x and "GK" in x][:1]
            print(f"{key:5} {where:10} rc {c.returncode} tb {'Traceback' in out} raw {has_ctrl(out)} {codes(c)[:5]} {mine}",
                  flush=True)


if __name__ == "__main__":
    main()
