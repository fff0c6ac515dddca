"""Site URLs (directory style, as MkDocs' ``use_directory_urls``) and relative links."""

from __future__ import annotations

from functools import lru_cache

from generator.models import Report


def report_url(slug: str) -> str:
    return f"reports/{slug}/"


def passage_url(slug: str, anchor: str) -> str:
    """The one URL of a passage: its report page and its permanent anchor."""
    return f"{report_url(slug)}#{anchor}"


#: The site folder that holds the share pages, a folder per report.
SHARE_ROOT = "p"


def share_dir(slug: str) -> str:
    """The folder of a report's share pages (issue 16): ``p/<slug>/``."""
    return f"{SHARE_ROOT}/{slug}/"


def share_url(slug: str, anchor: str) -> str:
    """A passage's share URL, ``p/<slug>/<anchor>/``: a tiny static page whose Open Graph tags
    describe the passage and which forwards to :func:`passage_url` (``site/share.py``)."""
    return f"{share_dir(slug)}{anchor}/"


def report_path(slug: str) -> str:
    """Docs-relative path of a report's page (Markdown links point at files, as on a code
    host; MkDocs turns them into the page URLs)."""
    return f"reports/{slug}.md"


def source_url(report: Report) -> str:
    """Where the original file is published. Markup formats get ``.txt`` appended so a
    hostile saved page is downloaded as text, never rendered on the archive's origin."""
    suffix = report.source.path.suffix.lower()
    if report.source.format in {"md", "html", "mht"}:
        suffix += ".txt"
    return f"sources/{report.slug}{suffix}"


def page_url(docs_path: str) -> str:
    """``reports/x.md`` → ``reports/x/``; ``index.md`` → ``""``."""
    stem = docs_path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@lru_cache(maxsize=65536)
def _relative_dir(from_dir: tuple[str, ...], target: str) -> str:
    parts = target.split("/")
    common = 0
    while (common < len(from_dir) and common < len(parts) - 1
           and from_dir[common] == parts[common]):
        common += 1
    up = "../" * (len(from_dir) - common)
    rest = "/".join(parts[common:])
    return (up + rest) or "./"


def relative(from_url: str, to_url: str) -> str:
    """A relative link from the page at ``from_url`` to ``to_url`` (both site-relative,
    directory-style: pages end in ``/``, files don't). String work only: this runs for
    every link of every page."""
    target, _, fragment = to_url.partition("#")
    from_dir = tuple(p for p in from_url.split("/")[:-1] if p) if from_url else ()
    rel = _relative_dir(from_dir, target)
    return rel + (f"#{fragment}" if fragment else "")


def relative_docs(from_path: str, to_path: str) -> str:
    """A relative Markdown link from the docs file ``from_path`` to the docs file ``to_path``
    (``#fragment`` kept): what MkDocs resolves on its first lookup."""
    target, _, fragment = to_path.partition("#")
    rel = _relative_dir(tuple(from_path.split("/")[:-1]), target)
    return rel + (f"#{fragment}" if fragment else "")
