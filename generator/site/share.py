"""Share pages (issue 16): a passage link that explains itself when pasted into a chat.

``p/<slug>/<anchor>/`` is a tiny static HTML page, not a MkDocs page (there is one per passage:
about 41,000 per 1,000 reports). Its Open Graph and Twitter-card tags carry the report title,
the section and the passage's first ~120 characters, which chat services read without running
scripts; its canonical link is the report page with ``#<anchor>``; a meta refresh (scripts off)
and ``location.replace`` (scripts on) forward a browser there at once, where the passage is
highlighted (CSS ``:target``, or cite.js).

Forwarded anchors (passages that vanished, ``Block.forwards``) get a page too, describing the
surviving passage they forward to. Its meta refresh and links go to the survivor itself, so a
browser without scripts lands on it highlighted; its script goes to the old anchor, so cite.js
forwards it and shows its notice. A renamed report's old slug keeps a copy of every page,
pointing at the new report.

Every page of a report is a function of that report and its lock block only (and the site's
name and URL): an incremental build rewrites ``p/<slug>/`` for the changed reports and nothing
else. Corpus text reaches the HTML only through Jinja's autoescaping (text and attribute values
alike), after control characters are dropped.

This module composes in memory; :mod:`generator.publish.share` writes the pages into the built
site, one report at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.anchors.lock import Block
from generator.models import ROLE_NAMES, Passage, Report
from generator.site.render import environment
from generator.site.urls import passage_url, relative, report_url, share_dir, share_url

#: Characters of passage text in the description (chat previews show two or three lines).
EXCERPT = 120
#: Characters of a report title, and of each heading in the section label, in the title
#: (previews cut titles at 60-100 characters; some subsection headings are whole sentences).
TITLE, HEADING = 64, 24
#: Said of a forwarded anchor's passage (cite.js says the same when it lands there).
FORWARDED = "（原段落已修改或移除，以下是最接近的段落）"
#: Control characters (C0, DEL, C1) are not text: they become spaces, then runs of spaces one.
_CONTROLS = str.maketrans({c: " " for c in (*range(32), *range(127, 160))})


@dataclass(frozen=True, slots=True)
class ShareSettings:
    """What the pages need of the site: its name, and its URL when it is known."""

    site_name: str
    site_url: str = ""
    """Absolute, ending in ``/`` (MkDocs' ``site_url``), or ``""``: then the canonical link is
    relative and ``og:url`` is left out (Open Graph wants absolute URLs)."""


@dataclass(frozen=True, slots=True)
class SharePage:
    path: str
    """Site-relative file, ``p/<slug>/<anchor>/index.html``."""
    html: str


def clean(text: str) -> str:
    """One line of plain text: controls and runs of whitespace become single spaces."""
    return " ".join(text.translate(_CONTROLS).split())


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The first ``limit`` characters of ``text`` (cleaned), with ``…`` when cut."""
    text = clean(text)
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def section_label(passage: Passage) -> str:
    """Where a passage sits: ``存在的主要问题 › 理论学习方面``, or its role's name."""
    parts = [excerpt(p, HEADING) for p in (passage.section, passage.heading) if p and clean(p)]
    return " › ".join(parts) or ROLE_NAMES.get(passage.role, "")


def report_share_pages(report: Report, block: Block | None, settings: ShareSettings
                       ) -> Iterator[SharePage]:
    """Every share page of one report: one per passage, one per forwarded anchor, the folder's
    own page (forwards to the report), and the same again under each former slug."""
    by_anchor = {p.anchor: p for p in report.passages}
    forwards = {old: new for old, new in sorted(block.forwards.items())
                if new in by_anchor} if block else {}
    title = excerpt(report.meta.title, TITLE) or report.slug
    slugs = [report.slug, *sorted(set(block.renamed_from) - {report.slug} if block else ())]
    for slug in slugs:
        yield _folder_page(slug, report, title, settings)
        for passage in report.passages:
            yield _page(slug, passage.anchor, report, title, passage, False, settings)
        for old, new in forwards.items():
            yield _page(slug, old, report, title, by_anchor[new], True, settings)


def _page(slug: str, anchor: str, report: Report, title: str, passage: Passage,
          forwarded: bool, settings: ShareSettings) -> SharePage:
    here = share_url(slug, anchor)
    landing = passage_url(report.slug, passage.anchor)
    label = section_label(passage)
    text = excerpt(passage.text)
    return SharePage(here + "index.html", _render(
        here, settings,
        title=f"{title}｜{label}" if label else title,
        description=FORWARDED + text if forwarded else text,
        canonical=landing,
        target=landing,
        # The old anchor, so that cite.js forwards it and says so (its notice).
        scripted=passage_url(report.slug, anchor) if forwarded else landing))


def _folder_page(slug: str, report: Report, title: str, settings: ShareSettings) -> SharePage:
    """``p/<slug>/`` itself (a shortened share URL): forwards to the report."""
    here = share_dir(slug)
    meta = report.meta
    facts = "，".join(clean(x) for x in (meta.year and f"{meta.year}年", meta.meeting,
                                        meta.body) if x and clean(x))
    return SharePage(here + "index.html", _render(
        here, settings, title=title, description=facts or title,
        canonical=report_url(report.slug), target=report_url(report.slug),
        scripted=report_url(report.slug)))


def _render(here: str, settings: ShareSettings, *, title: str, description: str,
            canonical: str, target: str, scripted: str) -> str:
    """The page at site URL ``here``; ``canonical``, ``target`` and ``scripted`` are site
    URLs (made relative to ``here``, or absolute for canonical when the site URL is known)."""
    base = settings.site_url
    return environment().get_template("share.html.j2").render(
        title=title, description=description, site_name=settings.site_name,
        canonical=base + canonical if base else relative(here, canonical),
        url=base + here if base else "",
        target=relative(here, target), scripted=relative(here, scripted))
