"""The features of a build, in the order their hooks run: the one registry.

Each entry names a module whose `FEATURE` is a `Feature` (features/protocol.py). The
entries are names, resolved when a build starts, because two features live in stages
above the build (search/, deploy/: docs/architecture.md) and the build must not import
a higher stage; every other way of plugging a feature in is gone (no hook is probed for).
"""

from __future__ import annotations

import importlib

from gkssg.features.protocol import Feature

REGISTRY: tuple[str, ...] = (
    "gkssg.features.lifecycle",  # effective 有效性 at the build date, notices, replacement chains
    "gkssg.features.interpretations",  # 政策解读 ↔ policy links, media
    "gkssg.checks.lifecycle",  # GK8xx
    "gkssg.features.library",  # 规范性文件库 views
    "gkssg.features.browse",  # 分类浏览: 主题分类, 体裁分类, 发布机构, 年份
    "gkssg.features.application",  # 依申请公开: guide, ways to apply, 申请表 (page and .docx)
    "gkssg.features.feeds",  # RSS, sitemap.xml
    "gkssg.features.annual",  # 政府信息公开工作年度报告: tables, R1–R6, comparison pages
    "gkssg.deploy.ipv6",  # IPv6 readiness of catalog.yaml and bodies (GK78x)
    "gkssg.search.feature",  # search page, browser index (search/), whoosh index (.gkssg/search/)
)


def features(names: tuple[str, ...] | list[str] | None = None) -> tuple[Feature, ...]:
    """The Feature objects of `names` (default: REGISTRY), in order."""
    found = []
    for name in REGISTRY if names is None else names:
        feature = getattr(importlib.import_module(name), "FEATURE", None)
        if not isinstance(feature, Feature):
            raise TypeError(f"{name}.FEATURE is not a gkssg.features.protocol.Feature")
        found.append(feature)
    return tuple(found)
