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

from generator.models import ROLE_NAMES, SOURCE_NAMES, Metadata, Passage, Report
from generator.parse.numbering import clause_end
from generator.site import markdown as md
from generator.site.urls import relative, report_path, report_url, share_dir, source_url

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
    safe["generated"] = True  # see generator/publish/fast_markdown.py
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


#: Marks that close a lead and belong to it on the page (…不紧。 【…】 「…」).
_LEAD_CLOSERS = frozenset("。；;：:，,！!？?】〕］」』")


def passage_view(passage: Passage) -> PassageView:
    """Split a passage's text into its number, its lead (with end punctuation) and the rest.
    The three parts concatenate to the passage text exactly."""
    text, n = passage.text, len(passage.number)
    if passage.kind == "para":
        return PassageView(passage, "", "", text, "p")
    end = clause_end(text, n) if passage.kind == "point" else len(text)
    if passage.kind == "point" and passage.lead and (at := text.find(passage.lead, n)) >= 0:
        # The parsed lead, with the mark that closes it: a table row's item cell, a lead in
        # 【】 or bold, words after a struck-out deletion, as well as a plain first clause.
        end = at + len(passage.lead)
        end += end < len(text) and text[end] in _LEAD_CLOSERS
    tag = "div" if passage.kind == "point" else f"h{min(passage.level + 1, 6)}"
    return PassageView(passage, text[:n], text[n:end], text[end:], tag)


def outline_entries(report: Report) -> list[dict[str, Any]]:
    """The sidebar outline: sections and subsections with their anchors."""
    entries = []
    for section in report.sections:
        kids = [{"title": f"{s.number}{s.heading}", "anchor": s.anchor}
                for s in section.subsections]
        # A copy that starts inside a section has no heading for it.
        entries.append({"title": f"{section.number}{section.heading}" or "（标题缺失）",
                        "anchor": section.anchor, "children": kids})
    return entries


def citation_meta(report: Report) -> dict[str, str]:
    """Fields for Highwire (``citation_*``) and Dublin Core meta tags (Zotero & co.)."""
    meta = report.meta
    fields = {"title": meta.title or report.slug, "author": meta.author or meta.body,
              "institution": meta.body, "date": meta.date or meta.year,
              "source": report.source.path.name, "sha256": report.source.sha256}
    return {k: v for k, v in fields.items() if v}


def render_report(report: Report, chips: Any = None, forwards: str = "", reuse: Any = None,
                  share: bool = False, structure: str = "") -> str:
    """The Markdown page of one report; ``chips.get(anchor)`` gives a passage's label chips
    (a small HTML block), ``forwards`` the JSON of its removed anchors' targets, ``reuse``
    (a :class:`generator.site.reuse_pages.ReuseLinks`) its shared spans; with ``share`` the
    header names the folder of the passages' share pages (``data-share-base``); ``structure``
    is the figure of its sections against the corpus (a raw HTML block)."""
    url = report_url(report.slug)
    matter = front_matter({"title": report.meta.title or report.slug, "report": report.slug,
                           "citation": citation_meta(report), "outline": outline_entries(report)})
    head = environment().get_template("report_head.html.j2").render(
        report=report, meta=report.meta, url=url, source_url=source_url(report),
        forwards=forwards, share_base=share_dir(report.slug) if share else "")
    summary = reuse.summary(report) if reuse else ""
    figure = f"{structure}\n\n" if structure else ""
    return matter + head + "\n" + summary + figure + "".join(
        _passage_md(p, chips, reuse, report.slug) for p in report.passages)


def _passage_md(passage: Passage, chips: Any, reuse: Any = None, slug: str = "") -> str:
    """One passage as a Markdown block with its attribute list; chips follow as HTML, then
    the passages its marked spans are shared with."""
    v = passage_view(passage)
    a = passage.anchor
    link = f"[¶](#{a} \"复制本段链接\"){{: .psg-link }}"
    num = f'<span class="psg-num">{md.escape(v.number)}</span>' if v.number else ""
    marks = reuse.marks(slug, a) if reuse else ()
    n, m = len(v.number), len(v.number) + len(v.lead)
    lead = marked(passage.text, n, m, marks)
    rest = marked(passage.text, m, len(passage.text), marks)
    if passage.kind == "heading":
        level = "#" * min(passage.level + 1, 6)
        text = f"{level} {num}{lead}{rest} {link} "
    elif passage.kind == "point":
        text = f"{num}{marked(passage.text, n, m, marks, bold=True)}{rest} {link}\n"
    else:
        text = f"{rest} {link}\n"
    block = text + md.attrs(a, "psg", f"psg-{passage.kind}", data_path=passage.path,
                            data_role=passage.role) + "\n\n"
    return block + (chips.get(a) if chips else "") + (reuse.refs(slug, a) if marks else "")


#: Mark kinds as classes: shared with particular passages, a template phrase, boilerplate.
MARK_CLASSES = {"reuse": "reuse-pair", "tpl": "reuse-tpl", "boiler": "reuse-boiler",
                "common": "reuse-common"}
_BLANK = str.maketrans({chr(c): " " for c in range(33)})


def marked(text: str, lo: int, hi: int, marks: Sequence[Any], bold: bool = False) -> str:
    """``text[lo:hi]`` as escaped Markdown, each marked range in a
    ``<span class="reuse reuse-<kind> reuse-i<N>">`` (``N``: the mark's number in the
    passage, which its links below carry too); ``bold`` makes it the ``**lead**`` (outer
    blanks stay outside the markers, as :func:`markdown.strong` does)."""
    if bold:
        plain = text[lo:hi].translate(_BLANK)
        core_lo = lo + len(plain) - len(plain.lstrip())
        core_hi = hi - (len(plain) - len(plain.rstrip()))
        if core_lo >= core_hi:
            return md.escape(text[lo:hi].translate(_BLANK))
        return (md.escape(plain[:core_lo - lo]) + "**" + marked(text, core_lo, core_hi, marks)
                + "**" + md.escape(plain[core_hi - lo:]))
    out, pos = [], lo
    for i, mark in enumerate(marks):
        s, e = max(mark.start, lo), min(mark.end, hi)
        if s >= e:
            continue
        if s > pos:
            out.append(md.escape(text[pos:s]))
        out.append(md.span(md.escape(text[s:e]), "reuse", MARK_CLASSES[mark.kind], f"reuse-i{i}"))
        pos = e
    if pos < hi:
        out.append(md.escape(text[pos:hi]))
    return "".join(out)


def render_page(template: str, path: str, title: str, **context: Any) -> str:
    """Any other generated page (home, listings, about) at docs path ``path``: Markdown
    templates escape for Markdown and link docs files."""
    body = md.environment().get_template(template).render(path=path, **context)
    return front_matter({"title": title}) + md.tidy(body)


def render_redirect(url: str, title: str, target: str) -> str:
    """A redirect page (a small HTML widget; raw HTML links are URLs, relative to ``url``)."""
    matter = front_matter({"title": title, "redirect": relative(url, target)})
    return matter + environment().get_template("redirect.html.j2").render(url=url, target=target)


def report_row(report: Report) -> dict[str, Any]:
    """What a listing shows of a report."""
    meta = report.meta
    return {"slug": report.slug, "url": report_url(report.slug), "path": report_path(report.slug),
            "title": meta.title or report.slug, "year": meta.year, "meeting": meta.meeting,
            "body": meta.body, "body_key": meta.body_key, "level": meta.level,
            "collective": meta.collective,
            "problems": report.problem_points, "passages": len(report.passages),
            "problems_anchor": next((s.anchor for s in report.sections if s.role == "problems"),
                                    "")}


def paginate(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]
