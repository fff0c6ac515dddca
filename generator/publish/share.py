"""The share step (issue 16): write every report's share pages into the built site.

Runs after MkDocs, before the link check (so the checker follows the pages' links). The pages
are composed by :mod:`generator.site.share` and written one report at a time, so memory stays
flat however many passages there are. They never pass through MkDocs: at 10,000 reports there
are about 400,000 of them, and a Material page each would be ~14 KB instead of ~1.5 KB.

Incremental builds: a report's pages are exactly the folder ``p/<slug>/`` (plus ``p/<old>/``
for each former slug) and depend on nothing but the report, its lock block and
:class:`ShareSettings`; :func:`write_report` rewrites one report's folders and nothing else,
:func:`drop_report` removes a report that left the corpus.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.anchors.lock import Block
from generator.models import Report
from generator.site.share import ShareSettings, report_share_pages
from generator.site.urls import share_dir


@dataclass(slots=True)
class ShareStats:
    reports: int = 0
    files: int = 0
    bytes: int = 0


def settings_from_config(config: Path) -> ShareSettings:
    """The site's name and URL from ``mkdocs.yml`` (tags MkDocs would resolve, such as
    ``!!python/name``, are read as plain values: only two strings are wanted here)."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506
    url = str(data.get("site_url") or "").strip()
    if url and not url.endswith("/"):
        url += "/"
    return ShareSettings(site_name=str(data.get("site_name") or ""), site_url=url)


def write_share_pages(reports: Sequence[Report], blocks: Mapping[str, Block],
                      settings: ShareSettings, site: Path) -> ShareStats:
    """Write the share pages of all ``reports`` under ``site/p/``. A former slug that is now
    another report's slug is left to that report (its own pages win)."""
    root = site / "p"
    if root.exists():
        raise FileExistsError(f"{root} exists: a generated page took the share pages' folder")
    live = {r.slug for r in reports}
    stats = ShareStats()
    for report in reports:
        write_report(report, blocks.get(report.slug), settings, site, live, stats)
    return stats


def update_share_pages(reports: Sequence[Report], blocks: Mapping[str, Block],
                       settings: ShareSettings, site: Path, changed: set[str],
                       gone: Sequence[str], written: list[str]) -> ShareStats:
    """An incremental build's share step: ``site`` holds the previous build's share pages
    (hard links); drop those of the reports that are ``gone``, rewrite those of the
    ``changed`` ones (appending the pages to ``written``), leave the others."""
    for slug in gone:
        drop_report(slug, site)
    live = {r.slug for r in reports}
    stats = ShareStats()
    for report in reports:
        if report.slug in changed:
            write_report(report, blocks.get(report.slug), settings, site, live, stats, written)
    return stats


def write_report(report: Report, block: Block | None, settings: ShareSettings, site: Path,
                 live: set[str] | frozenset[str] = frozenset(),
                 stats: ShareStats | None = None, paths: list[str] | None = None
                 ) -> ShareStats:
    """(Re)write one report's share folders: ``p/<slug>/`` and one per former slug not taken
    by a report in ``live``. Folders are replaced whole, so pages of passages that are gone
    (and not forwarded) disappear."""
    stats = stats if stats is not None else ShareStats()
    root = os.fspath(site) + "/"
    made: set[str] = set()
    for page in report_share_pages(report, block, settings):
        slug = page.path.split("/", 2)[1]
        if slug != report.slug and slug in live:  # a former slug another report now has
            continue
        if slug not in made:  # the folder is replaced whole, then filled one page at a time
            shutil.rmtree(root + share_dir(slug), ignore_errors=True)
            os.makedirs(root + share_dir(slug))
            made.add(slug)
        folder = page.path.rpartition("/")[0]
        if folder + "/" != share_dir(slug):
            os.mkdir(root + folder)  # one new folder per page: no exists-check needed
        data = page.html.encode("utf-8")
        _write(root + page.path, data)
        if paths is not None:
            paths.append(page.path)
        stats.files += 1
        stats.bytes += len(data)
    stats.reports += 1
    return stats


def drop_report(slug: str, site: Path) -> None:
    """Remove the share pages of a report that left the corpus (an incremental build; a
    renamed report keeps its old folder through :func:`write_report` instead)."""
    shutil.rmtree(site / share_dir(slug), ignore_errors=True)


def _write(path: str, data: bytes) -> None:
    """A new file (plain os calls: this runs once per passage)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
