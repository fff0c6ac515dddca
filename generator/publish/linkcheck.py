"""A link checker over the built site: every internal link and fragment must resolve,
and nothing may be loaded from outside the site.

Checked: ``href``/``src`` of ``a``, ``link``, ``script``, ``img``, ``iframe`` and ``source``;
the URL of a meta refresh (redirect and share pages); and on a report page whose header names
its share pages' folder (``data-share-base``), that every passage on it has its share page.
An absolute URL under the site's own URL (``site_url``, as share pages' canonical links and
``og:url`` use when it is set) is checked as the internal link it is. Links in inline SVG
charts (``xlink:href``, see :mod:`generator.site.charts`) are links like any other.
"""

from __future__ import annotations

import html
import multiprocessing as mp
import os
import posixpath
import re
from collections.abc import Container, Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.workers import fork_pool

_ATTR = re.compile(
    r"""<(a|link|script|img|iframe|source)\b[^>]*?\s(href|src|xlink:href)\s*=\s*["']([^"']*)["']""",
    re.I)
_REL = re.compile(r"""\srel\s*=\s*["']([^"']*)["']""", re.I)
_REFRESH = re.compile(r"""<meta\b[^>]*?\shttp-equiv\s*=\s*["']?refresh["']?[^>]*?\scontent\s*=\s*"""
                      r"""["']\s*\d+\s*;\s*url\s*=\s*([^"']*)["']""", re.I)
_FRAGMENT = re.compile(r"[\w-]+")
_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
_PASSAGE_ID = re.compile(r"""\sid\s*=\s*["'](p-[a-z2-7]{6})["']""")
_SHARE_BASE = re.compile(r"""\sdata-share-base\s*=\s*["']([^"']*)["']""")
_EXTERNAL_OK = ("mailto:", "tel:", "javascript:void", "data:")
#: ``<link rel=…>`` values that name a page rather than load a resource.
_NAMES_A_PAGE = {"canonical", "alternate", "prev", "next", "author", "license", "help"}


def check_site(site: Path, site_url: str = "", only: Iterable[str] | None = None
               ) -> list[str]:
    """Return one message per broken link (``page: link``), empty when all resolve; with
    ``only``, check the links of those pages (an incremental build's rewritten pages).

    Works on strings against a set of the site's files (no file-system call per link), and
    checks a link once per folder it appears from: a 10,000-report site has millions of links
    (and ~400,000 share pages), most of them the same navigation links on every page.
    """
    site = site.resolve()
    files: Container[str] = _files(site) if only is None else _OnDisk(site)
    pages = sorted(f for f in (files if only is None else set(only))  # type: ignore[arg-type]
                   if f.endswith(".html") and f in files)
    global _shared
    if len(pages) < _PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        return _check_pages(site, files, pages, site_url)
    # Both cores: the forked workers read the file set from this process' memory.
    _shared = (site, files, site_url)
    jobs = min(os.cpu_count() or 1, 4)
    chunks = [pages[i::jobs] for i in range(jobs)]
    try:
        with fork_pool(jobs) as pool:
            parts = pool.map(_check_chunk, chunks)
    finally:
        _shared = None
    found = [(page, b) for part in parts for page, b in part]
    return [b for _, b in sorted(found, key=lambda pb: pb[0])]  # stable: in-page order kept


_PARALLEL_FROM = 2000
_shared: tuple[Path, Container[str], str] | None = None


class _OnDisk:
    """The site's files as the links of a few pages ask about them: a ``stat`` per distinct
    path (an incremental build checks the pages it rewrote; listing the whole site first,
    mostly share pages, cost more than that)."""

    __slots__ = ("known", "root")

    def __init__(self, root: Path) -> None:
        self.root = os.fspath(root)
        self.known: dict[str, bool] = {}

    def __contains__(self, rel: object) -> bool:
        if not isinstance(rel, str):
            return False
        found = self.known.get(rel)
        if found is None:
            inside = not (rel.startswith(("/", "../")) or rel == "..")
            found = self.known[rel] = inside and os.path.isfile(os.path.join(self.root, rel))
        return found


def _check_chunk(pages: list[str]) -> list[tuple[str, str]]:
    assert _shared is not None
    site, files, site_url = _shared
    return [(b.split(": ", 1)[0], b) for b in _check_pages(site, files, pages, site_url)]


def _check_pages(site: Path, files: Container[str], pages: list[str], site_url: str
                 ) -> list[str]:
    ids: dict[str, set[str]] = {}

    @lru_cache(maxsize=1 << 16)
    def check(folder: str, kind: str, url: str) -> str | None:
        return _check(site, files, ids, f"{folder}/index.html" if folder else "index.html",
                      kind, url)

    broken: list[str] = []
    for page in pages:
        with open(site / page, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        folder = posixpath.dirname(page)
        for kind, url in _links(text):
            url = _internal(html.unescape(url) if "&" in url else url, site_url)
            if url.startswith("#"):  # this page's own fragment (every ¶, every outline entry)
                if page not in ids:
                    ids[page] = set(_ID.findall(text))
                fragment = unquote(url[1:])
                problem = (f"missing anchor {url}" if _FRAGMENT.fullmatch(fragment)
                           and fragment not in ids[page] else None)
            elif not url:
                problem = None
            else:
                problem = check(folder, kind, url)
            if problem:
                broken.append(f"{page}: {problem}")
        base = _SHARE_BASE.search(text)
        if base:
            broken.extend(f"{page}: {p}" for p in _share_pages(files, page, text, base.group(1)))
    return broken


def _files(site: Path) -> set[str]:
    """Every file of the site, site-relative with ``/`` (os.walk: no stat call per file)."""
    out: set[str] = set()
    for folder, _, names in os.walk(site):
        rel = os.path.relpath(folder, site).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        out.update(prefix + name for name in names)
    return out


def _links(text: str) -> list[tuple[str, str]]:
    """(kind, url) for each link of a page, in order; kind ``a`` follows a link (an ``a``,
    a ``<link rel=canonical>`` and the like, a meta refresh), anything else loads."""
    out = []
    for match in _ATTR.finditer(text):
        tag, url = match.group(1).lower(), match.group(3)
        if tag == "link":
            end = text.find(">", match.end())
            rel = _REL.search(text, match.start(), end if end >= 0 else len(text))
            if rel and set(rel.group(1).lower().split()) <= _NAMES_A_PAGE:
                tag = "a"
        out.append((tag, url))
    if "refresh" in text:
        out.extend(("a", m.group(1).strip()) for m in _REFRESH.finditer(text))
    return out


def _internal(url: str, site_url: str) -> str:
    """A URL under the site's own address as a site-root-relative one."""
    if site_url and url.startswith(site_url):
        return "/" + url[len(site_url):]
    return url


def _share_pages(files: Container[str], page: str, text: str, base: str) -> list[str]:
    """Every passage of a report page has a share page at ``base + anchor + "/"``."""
    return [f"missing share page {base}{anchor}/" for anchor in _PASSAGE_ID.findall(text)
            if _target(page, f"{base}{anchor}/") not in files]


def _check(site: Path, files: Container[str], ids: dict[str, set[str]], page: str, tag: str,
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
    if fragment and target.endswith(".html") and _FRAGMENT.fullmatch(fragment):
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
