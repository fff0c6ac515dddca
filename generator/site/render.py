"""Rendering: reports and indexes → Markdown page text (raw HTML blocks, all text escaped).

Corpus text is untrusted. Every string from a report reaches the page through Jinja2's
autoescaping inside raw HTML blocks, which Python-Markdown passes through untouched, so
Markdown, HTML and template syntax in a report show as the characters they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.models import SOURCE_NAMES, Metadata, Passage, Report
from generator.parse.numbering import clause_end
from generator.site.urls import relative, report_url, source_url

ROLE_NAMES = {"preamble": "导语", "review": "上年度整改情况", "problems": "存在问题",
              "case": "典型案例剖析", "causes": "原因剖析", "measures": "整改措施",
              "other": "其他"}
KIND_NAMES = {"heading": "标题", "para": "段落", "point": "要点"}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["rel"] = relative
    env.globals.update(role_names=ROLE_NAMES, kind_names=KIND_NAMES, source_attr=source_attr)
    return env


def source_attr(meta: Metadata, name: str) -> Markup:
    """`` title="来源：标题"`` for a metadata value, saying where it was read; for a value
    that could not be found, how to supply it."""
    source = SOURCE_NAMES.get(meta.sources.get(name, ""), "")
    if getattr(meta, name):
        text = f"来源：{source}" if source else ""
    else:
        text = "未能从原文推断；可在文件头或元数据文件中补充"
    return Markup(f' title="{escape(text)}"') if text else Markup("")


def front_matter(data: dict[str, Any]) -> str:
    """YAML front matter. Titles lose ``<>&`` (to full-width look-alikes) because themes
    print ``page.title`` unescaped in places; the page body keeps the exact text."""
    safe = {k: _defang(v) if isinstance(v, str) else v for k, v in data.items()}
    safe["raw_html"] = True  # see generator/publish/mkdocs_hooks.py
    if "outline" not in safe:
        safe["hide"] = ["toc"]  # only report pages have an outline; give tables the width
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml is ~10x faster
    return "---\n" + yaml.dump(safe, Dumper=dumper, allow_unicode=True, sort_keys=False) + "---\n"


def _defang(text: str) -> str:
    return text.translate(str.maketrans({"<": "＜", ">": "＞", "&": "＆", "{": "｛",
                                         "}": "｝", "\n": " "}))


@dataclass(frozen=True, slots=True)
class PassageView:
    passage: Passage
    number: str
    lead: str
    rest: str
    tag: str

    @property
    def anchor(self) -> str:
        return self.passage.anchor


def passage_view(passage: Passage) -> PassageView:
    """Split a passage's text into its number, its lead (with end punctuation) and the rest.
    The three parts concatenate to the passage text exactly."""
    text, n = passage.text, len(passage.number)
    if passage.kind == "para":
        return PassageView(passage, "", "", text, "p")
    end = clause_end(text, n) if passage.kind == "point" else len(text)
    tag = "div" if passage.kind == "point" else f"h{min(passage.level + 1, 6)}"
    return PassageView(passage, text[:n], text[n:end], text[end:], tag)


def outline_entries(report: Report) -> list[dict[str, Any]]:
    """The sidebar outline: sections and subsections with their anchors."""
    entries = []
    for section in report.sections:
        kids = [{"title": f"{s.number}{s.heading}", "anchor": s.anchor}
                for s in section.subsections]
        entries.append({"title": f"{section.number}{section.heading}",
                        "anchor": section.anchor, "children": kids})
    return entries


def citation_meta(report: Report) -> dict[str, str]:
    """Fields for Highwire (``citation_*``) and Dublin Core meta tags (Zotero & co.)."""
    meta = report.meta
    fields = {"title": meta.title or report.slug, "author": meta.author or meta.body,
              "institution": meta.body, "date": meta.date or meta.year,
              "source": report.source.path.name, "sha256": report.source.sha256}
    return {k: v for k, v in fields.items() if v}


def render_report(report: Report, chips: Any = None, forwards: str = "") -> str:
    """The Markdown page of one report; ``chips.get(anchor)`` gives a passage's label chips,
    ``forwards`` the JSON of its removed anchors' targets."""
    url = report_url(report.slug)
    matter = front_matter({"title": report.meta.title or report.slug, "report": report.slug,
                           "citation": citation_meta(report), "outline": outline_entries(report)})
    body = environment().get_template("report.md.j2").render(
        report=report, meta=report.meta, url=url, source_url=source_url(report),
        views=[passage_view(p) for p in report.passages], chips=chips,
        forwards=forwards)
    return matter + body


def render_page(template: str, url: str, title: str, redirect: bool = False,
                **context: Any) -> str:
    """Any other generated page (home, listings, about, redirects)."""
    matter = front_matter({"title": title, **({"redirect": relative(url, context["target"])}
                                               if redirect else {})})
    return matter + environment().get_template(template).render(url=url, **context)


def report_row(report: Report) -> dict[str, Any]:
    """What a listing shows of a report."""
    meta = report.meta
    return {"slug": report.slug, "url": report_url(report.slug),
            "title": meta.title or report.slug, "year": meta.year, "meeting": meta.meeting,
            "body": meta.body, "body_key": meta.body_key, "level": meta.level,
            "collective": meta.collective,
            "problems": report.problem_points, "passages": len(report.passages)}


def paginate(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]
