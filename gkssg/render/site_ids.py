"""The footer's site identifiers (DOMAIN.md §9; 国办发〔2017〕47号《政府网站发展指引》).

党政机关网站标识 (the organiser's badge, linked to its record), 网站标识码, the
ICP备案编号 linked to the MIIT filing system and the 公安机关备案号 linked to its
record with its emblem. Both images are files of the site (catalog.yaml names
them, config.identifier_image_problem checks them): they are published as theme
assets under static/site-ids/ with a content hash in their names, so a changed
image changes every page's fingerprint (build.site_fingerprint) and nothing is
fetched from another host.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from gkssg.fs.confine import FILE, confine
from gkssg.load.config import identifier_root
from gkssg.model import Site

ICP_URL = "https://beian.miit.gov.cn/"
# The 全国互联网安全管理服务平台 page of a record, by the 14 digits of its number.
POLICE_URL = "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode={digits}"
IMAGES = (("conac_badge", "site-ids/conac"), ("police_emblem", "site-ids/police"))


def declared_images(site: Site) -> dict[str, tuple[str, Path]]:
    """catalog.yaml key → (logical asset name, image file) for every identifier image it declares."""
    found: dict[str, tuple[str, Path]] = {}
    for key, name in IMAGES:
        value = getattr(site.info, key)
        where = confine(site.root / value, identifier_root(site.root, value)) if value else None
        if where and where.verdict == FILE:  # read where the link leads, inside the site (config checked it)
            found[key] = (name + Path(value).suffix.lower(), where.real)
    return found


def images(site: Site) -> dict[str, Path]:
    """Logical asset name → image file."""
    return dict(declared_images(site).values())


def assets(site: Site) -> dict[str, tuple[str, Path]]:
    """The identifier images as theme assets: logical name → (content-hashed output name, file),
    published beside theme_static.static_assets."""
    found = {}
    for name, path in images(site).items():
        stem, _, ext = name.rpartition(".")
        found[name] = (f"{stem}.{hashlib.sha256(path.read_bytes()).hexdigest()[:10]}.{ext}", path)
    return found


def police_url(record: str) -> str:
    digits = "".join(re.findall(r"\d", record))
    return POLICE_URL.format(digits=digits) if digits else ""


def footer(site: Site) -> dict:
    """What the footer shows: {conac, icp, police}, each None when catalog.yaml leaves it out."""
    info = site.info
    named = {key: name for key, (name, _) in declared_images(site).items()}
    conac = ({"image": named["conac_badge"], "url": info.conac_url} if "conac_badge" in named else None)
    police = None
    if info.police_record:
        police = {"text": info.police_record, "url": info.police_record_url or police_url(info.police_record),
                  "image": named.get("police_emblem", "")}
    icp = {"text": info.icp, "url": info.icp_url or ICP_URL} if info.icp else None
    return {"conac": conac, "police": police, "icp": icp}
