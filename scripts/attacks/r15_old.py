"""Round 15: a whoosh index written by the old code (FORMAT 3, a119e5c: no stored lengths), with deleted
documents in it, then used by the new code: the endpoint (which opens the index as it finds it), `gkssg
search` (which should rebuild it), then old and new code in turns (a downgrade and an upgrade).

Run: python scripts/attacks/r15_old.py SITE OLD_CHECKOUT   (e.g. /tmp/h15old = git worktree of a119e5c)
"""
import json
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

from r15_common import build, setup

from gkssg.search.endpoint import make_app

PY = sys.executable
NEW = Path(__file__).resolve().parents[2]


def run(code: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-c", "from gkssg.commands.cli import main; main()", *args],
                          env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True, timeout=1200)


def search(code: Path, site: Path, date, *extra: str) -> list[tuple[str, float]]:
    r = run(code, "search", "工作", "--json", "--limit", "10000", "--site", str(site), "--date", str(date), *extra)
    if r.returncode:
        print("   search failed:", r.stderr[-400:])
        return []
    return [(x["url"], x["score"]) for x in json.loads(r.stdout)]


def state(site: Path) -> str:
    st = json.loads((site / ".gkssg/search/state.json").read_text(encoding="utf-8"))
    from whoosh import index
    ix = index.open_dir(str(site / ".gkssg/search/whoosh"))
    return f"state format {st['format']} docs {len(st['docs'])}; whoosh live/all {ix.doc_count()}/{ix.doc_count_all()}"


def endpoint(site: Path, query: str = "工作") -> str:
    app = make_app(site / ".gkssg/search")
    status = []
    env = {"PATH_INFO": "/search", "REQUEST_METHOD": "GET", "QUERY_STRING": f"q={query}&limit=100",
           "wsgi.input": BytesIO()}
    try:
        body = b"".join(app(env, lambda s, h: status.append(s)))
    except Exception as e:  # noqa: BLE001 — what a WSGI server turns into a 500
        return f"raised {type(e).__name__}: {e}"
    return f"{status[0]} total {json.loads(body).get('total')}"


def edit(site: Path, k: int) -> None:
    docs = sorted(p for p in (site / "content").rglob("0*.md"))
    for d in docs[k::40][:5]:
        d.unlink()
    for d in docs[k + 1::40][:5]:
        if d.exists():
            d.write_text(d.read_text(encoding="utf-8") + "\n加强管理工作。\n", encoding="utf-8")


def main() -> None:
    src, old = Path(sys.argv[1]), Path(sys.argv[2])
    site, out, date = setup(src, Path("/tmp/h15/old"))
    search(old, site, date)  # the old code creates its index
    edit(site, 0)
    search(old, site, date)  # and updates it: deleted documents in a FORMAT 3 index
    print("1 old code's index:", state(site))
    print("  new endpoint on it:", endpoint(site))
    build(site, out, date)  # new code's build updates (rebuilds) it
    print("2 after a new build:", state(site), "| endpoint:", endpoint(site))
    edit(site, 2)
    search(old, site, date)  # a downgrade: the old code finds a FORMAT 4 state and rebuilds as FORMAT 3
    edit(site, 4)
    search(old, site, date)
    print("3 old search after edits (downgrade):", state(site), "| new endpoint:", endpoint(site))
    a = search(NEW, site, date)
    print("4 new search:", state(site))
    copy = site.parent / "copy"
    subprocess.run(["cp", "-a", str(site), str(copy)], check=True)
    b = search(NEW, copy, date, "--reindex")
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)
    print(f"  new search {len(a)} vs --reindex {len(b)}: same {a == b} first differing {first}")


if __name__ == "__main__":
    main()
