"""Hostile round 23, claim 2: what a template reaches from the objects of its context (one probe a line).

Loads a generated site as the build does (pipeline.load, render.core_pages.site_globals, the theme's
ThemeEnvironment) and renders small templates with a public document in the context; prints each
probe's output or the GK022 it raised. A leak is a probe that prints a file's bytes, an absolute path,
the wall clock, a process-dependent value (a memory address, a random draw) or a withheld document.
"""

import datetime as dt
import re
from pathlib import Path

from gkssg.build.pipeline import Settings, load
from gkssg.render.core_pages import site_globals
from gkssg.render.markdown import make_environment
from scripts.attacks.r21_common import GK, generate, say

site_dir = generate("r23-probe", 8)
build, _ = load(Path(site_dir), Settings(build_date=dt.date(2026, 12, 1)))
env = make_environment([GK / "themes" / "default"], globals_=site_globals(build.site))
doc = build.site.public_documents()[0]
PROBES = {
    "repr of a document (origin, source path, attachments' paths)": "{{ doc }}",
    "pprint of a document": "{{ doc | pprint }}",
    "doc.source": "{{ doc.source }}",
    "doc.origin": "{{ doc.origin }}",
    "site object (memory address)": "{{ site }}",
    "namespace() (memory address)": "{{ namespace() }}",
    "cycler (memory address)": "{{ cycler(1, 2) }}",
    "url global (memory address)": "{{ url }}",
    "random filter": "{{ range(100000) | random }}",
    "lipsum (random)": "{{ lipsum(1, false, 3, 5) }}",
    "build_date.today()": "{{ build_date.today() }}",
    "tojson of attachments": "{{ doc.attachments | map(attribute='path') | map('string') | list | tojson }}",
    "columns' repr": "{{ site.columns[0] | string | length }}",
}
for label, source in PROBES.items():
    try:
        out = env.from_string(source).render(doc=doc)
    except Exception as err:  # noqa: BLE001 — a refused probe: its message is the answer
        out = "REFUSED " + str(err)[:90]
    found = [m for m in ("/tmp/", "origin='/", " at 0x", "PosixPath") if m in out]
    flat = re.sub(r"\s+", " ", out)
    at = max(flat.find(found[0]) - 60, 0) if found else 0
    flat = flat[at:at + 160]
    say(f"{label}: {'LEAK ' + str(found) if found else ''} {flat}")
