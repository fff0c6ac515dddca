"""A link checker over the built site: every internal link and fragment must resolve,
and nothing may be loaded from outside the site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_ATTR = re.compile(
    r"""<(a|link|script|img|iframe|source)\b[^>]*?\s(href|src)\s*=\s*["']([^"']*)["']""", re.I)
_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
_EXTERNAL_OK = ("mailto:", "tel:", "javascript:void", "data:")


def _target(page: Path, site: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve() if path else page
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target


def check_site(site: Path) -> list[str]:
    """Return one message per broken link (``page: link``), empty when all resolve."""
    site = site.resolve()
    pages = sorted(site.rglob("*.html"))
    ids: dict[Path, set[str]] = {}
    broken: list[str] = []

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(_ID.findall(path.read_text("utf-8", "replace")))
        return ids[path]

    for page in pages:
        text = page.read_text("utf-8", "replace")
        for tag, _, url in _ATTR.findall(text):
            problem = _check(page, site, tag.lower(), url, ids_of)
            if problem:
                broken.append(f"{page.relative_to(site)}: {problem}")
    return broken


def _check(page: Path, site: Path, tag: str, url: str, ids_of) -> str | None:  # noqa: ANN001
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or url.startswith("//"):
        # Outbound links are fine; anything the page *loads* from outside is not.
        return None if tag == "a" else f"loads from outside the site: {url}"
    if parts.scheme or url.startswith(_EXTERNAL_OK):
        return None
    target = _target(page, site, url)
    if not target.exists():
        return f"missing {url}"
    if parts.fragment and target.suffix == ".html" and parts.fragment not in ids_of(target):
        if not re.fullmatch(r"[\w-]+", parts.fragment) or parts.fragment.startswith(":~:"):
            return None
        return f"missing anchor {url}"
    return None
