"""Round 36b: load/weburl.ipv4_host against Node's WHATWG URL parser (the URL standard browsers follow) on hosts made
of odd pieces (compatibility digits, IDNA-ignored code points, %-escapes, dots of other scripts). MISS: the browser's
host is an IPv4 address and GK730 would not say so; FALSE: GK730 would refuse a host the browser reads as a name or
refuses. Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_ipv4_node.py"""
from __future__ import annotations

import itertools
import json
import re
import subprocess
from urllib.parse import urlsplit

from gkssg.load.weburl import ipv4_host

PIECES = ["1", "0x1", "01", "⒈", "¹", "①", "１", "𝟙", "。", "．", "｡", ".", "\u00ad", "\u200b", "\u2060", "\ufe0f",
          "\u034f", "%2e", "%31", "%C2%AD", "٣", "ⅰ", "⑴", "㏠", "\u180b", "\u200d"]


def main():
    hosts = ["".join(p) for p in itertools.product(PIECES, repeat=2)]
    hosts = [f"1.2.{h}" for h in hosts] + [f"{h}.1" for h in hosts]
    urls = [f"http://{h}/" for h in hosts]
    script = ("const us = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(us.map(u => { try { return new URL(u).hostname } catch (e) { return null } })));")
    out = json.loads(subprocess.run(["node", "-e", script], input=json.dumps(urls), capture_output=True, text=True,
                                    check=True).stdout)
    miss = false = 0
    for url, browser in zip(urls, out):
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
        mine = bool(host) and ipv4_host(host)
        theirs = browser is not None and re.fullmatch(r"\d+\.\d+\.\d+\.\d+", browser) is not None
        if mine != theirs:
            miss += theirs
            false += mine
            if miss + false <= 40:
                print("MISS " if theirs else "FALSE", repr(url), "browser:", browser, "urlsplit host:", repr(host))
    print(f"{len(urls)} hosts: {miss} MISS, {false} FALSE")


if __name__ == "__main__":
    main()
