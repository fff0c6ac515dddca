"""A link checker over the built site: every internal link and fragment must resolve,
and nothing may be loaded from outside the site."""

from __future__ import annotations

import multiprocessing as mp
import os
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.workers import worker_init

_ATTR = re.compile(
    r"""<(a|link|script|img|iframe|source)\b[^>]*?\s(href|src)\s*=\s*["']([^"']*)["']""", re.I)
_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
_EXTERNAL_OK = ("mailto:", "tel:", "javascript:void", "data:")


def check_site(site: Path, only: Iterable[str] | None = None) -> list[str]:
    """Return one message per broken link (``page: link``), empty when all resolve; with
    ``only``, check the links of those pages (an incremental build's rewritten pages).

    Works on strings against a set of the site's files (no file-system call per link):
    a 10,000-report site has millions of links.
    """
    site = site.resolve()
    files = set()
    for folder, _, names in os.walk(site):
        rel = os.path.relpath(folder, site).replace(os.sep, "/")
        files.update(names if rel == "." else (f"{rel}/{n}" for n in names))
    pages = sorted(f for f in (files if only is None else set(only) & files)
                   if f.endswith(".html"))
    global _shared
    if len(pages) < _PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        return _check_pages(site, files, pages)
    # Both cores: the forked workers read the file set from this process' memory.
    _shared = (site, files)
    jobs = min(os.cpu_count() or 1, 4)
    chunks = [pages[i::jobs] for i in range(jobs)]
    try:
        with mp.get_context("fork").Pool(jobs, initializer=worker_init) as pool:
            parts = pool.map(_check_chunk, chunks)
    finally:
        _shared = None
    found = [(page, b) for part in parts for page, b in part]
    return [b for _, b in sorted(found, key=lambda pb: pb[0])]  # stable: in-page order kept


_PARALLEL_FROM = 2000
_shared: tuple[Path, set[str]] | None = None


def _check_chunk(pages: list[str]) -> list[tuple[str, str]]:
    assert _shared is not None
    return [(b.split(": ", 1)[0], b) for b in _check_pages(*_shared, pages)]


def _check_pages(site: Path, files: set[str], pages: list[str]) -> list[str]:
    ids: dict[str, set[str]] = {}
    broken: list[str] = []
    for page in pages:
        text = (site / page).read_text("utf-8", "replace")
        for tag, _, url in _ATTR.findall(text):
            problem = _check(site, files, ids, page, tag.lower(), url)
            if problem:
                broken.append(f"{page}: {problem}")
    return broken


def _check(site: Path, files: set[str], ids: dict[str, set[str]], page: str, tag: str,
           url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or url.startswith("//"):
        # Outbound links are fine; anything the page *loads* from outside is not.
        return None if tag == "a" else f"loads from outside the site: {url}"
    if parts.scheme or url.startswith(_EXTERNAL_OK):
        return None
    target = _target(page, unquote(parts.path))
    if target not in files:
        return f"missing {url}"
    fragment = parts.fragment
    if fragment and target.endswith(".html") and re.fullmatch(r"[\w-]+", fragment):
        if target not in ids:
            ids[target] = set(_ID.findall((site / target).read_text("utf-8", "replace")))
        if fragment not in ids[target]:
            return f"missing anchor {url}"
    return None


def _target(page: str, path: str) -> str:
    """The site-relative file a link on ``page`` points at (a folder means its index.html)."""
    if not path:
        return page
    base = "" if path.startswith("/") else posixpath.dirname(page)
    norm = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if norm == ".":
        return "index.html"
    if path.endswith("/") or "." not in norm.rsplit("/", 1)[-1]:
        return f"{norm}/index.html"
    return norm
