"""Today's date in a site's time zone: the default build date.

Its own module, standard library only: a no-op `gkssg build` (incremental/buildstamp.py) needs
the date, not the loader (YAML, the site model) that load/site.py imports.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo


def today_in(timezone: str) -> dt.date:
    """Today's date in the site's time zone (the default build date)."""
    return dt.datetime.now(zoneinfo.ZoneInfo(timezone)).date()
