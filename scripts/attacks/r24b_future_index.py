"""Hostile round 24b: the endpoint serves <site>/.gkssg/search, the same index `gkssg search` updates "to the public
set of --date" before each query. A member of staff previews with `gkssg search 齾齉 --date 2027-06-01` (a document
scheduled for 2027-03-02): the shared index then holds the scheduled document, and the public endpoint answers from
it — the result itself, and `missing` no longer names the word — until the next build. Run after r24b_custom.py
(its site /tmp/h24b/custom). `python r24b_future_index.py`"""
import io
import json
import subprocess
import sys
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

from r24b_common import REPO, WORK

from gkssg.search.corpus import STATE_DIR
from gkssg.search.endpoint import make_app


def endpoint(root, q):
    app = make_app(root / STATE_DIR)
    environ = {"PATH_INFO": "/search", "QUERY_STRING": urlencode({"q": q})}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO()
    body = json.loads(b"".join(app(environ, lambda s, h: None)))
    return [(r["title"], r["published"]) for r in body["results"]], body.get("missing")


def gkssg(root, *args):
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "gkssg.commands.cli", *args, "--site", str(root)], capture_output=True,
                          text=True, env=env, timeout=600)


def main():
    root = WORK / "custom"
    print("endpoint before:", endpoint(root, "齾齉 年报"), endpoint(root, "齾齉"))
    out = gkssg(root, "search", "齾齉", "--date", "2027-06-01")
    print("staff preview `gkssg search 齾齉 --date 2027-06-01`:", out.stdout.strip()[:80].replace("\n", " | "), out.returncode)
    print("endpoint after:", endpoint(root, "齾齉 年报"), endpoint(root, "齾齉"))
    out = gkssg(root, "search", "年报")  # today's date (the default): the index back to today's public set
    print("endpoint after `gkssg search 年报` (today):", endpoint(root, "齾齉"))
    # a preview build into another folder, dated after the scheduled document
    out = gkssg(root, "build", "--date", "2027-06-01", "--out", str(WORK / "custom-preview"))
    print("preview `gkssg build --date 2027-06-01 --out …/custom-preview`:", out.returncode, out.stdout.strip()[-60:])
    print("endpoint after the preview build:", endpoint(root, "齾齉"))


if __name__ == "__main__":
    main()
