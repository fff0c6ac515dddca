"""Shared phrasing on the site: the figure and links on report pages, a page per pair of
reports that share a lot, the corpus page of template phrases and boilerplate with a page
per phrase, and ``data/reuse.jsonl.gz``.

Everything is Markdown written with :mod:`generator.site.markdown` (corpus text escaped, marks
as ``<span class="...">``, links to docs files)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup
from rapidfuzz.distance import Levenshtein

from generator.models import Report
from generator.reuse.model import Family, Mark, Pair, Place, Reuse
from generator.site import markdown as md
from generator.site.render import front_matter, render_page
from generator.site.urls import relative_docs, report_path

INDEX = "reuse/index.md"
#: Phrases with a page of their own (the most used; every boilerplate family).
PHRASE_PAGES = 300
TITLE_CHARS = 24
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def pair_path(a: str, b: str) -> str:
    return f"reuse/pairs/{a}--{b}.md"


def phrase_path(fid: str) -> str:
    return f"reuse/phrases/{fid}.md"


def _short(text: str, n: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


class ReuseLinks:
    """What a report page shows of shared phrasing, looked up by slug and anchor."""

    def __init__(self, reuse: Reuse, reports: Sequence[Report], search: bool = True) -> None:
        self.reuse = reuse
        self.search = search
        self.titles = {r.slug: r.meta.title or r.slug for r in reports}
        self.pages = {f.id for f in phrase_families(reuse)}
        self.ordered = {(p.a, p.b) for p in reuse.pairs}
        self.pairs = self.ordered | {(b, a) for a, b in self.ordered}
        self.families = {f.id: f for f in reuse.families}

    def marks(self, slug: str, anchor: str) -> tuple[Mark, ...]:
        return self.reuse.marks.get((slug, anchor), ())

    def summary(self, report: Report) -> str:
        """The figure: how much of the report's text other reports share, boilerplate apart,
        and the reports it shares most with."""
        fig = self.reuse.reports.get(report.slug)
        if fig is None:
            return ""
        here = report_path(report.slug)
        text = f"与其他材料重合 **{fig.share:.0%}**"
        if fig.boiler:
            text += f"（另有套话 {fig.boiler_share:.0%}）"
        text += "。"
        if fig.partners:
            parts = []
            for slug, chars in fig.partners:
                item = md.link(_short(self.titles.get(slug, slug)), relative_docs(
                    here, report_path(slug)), self.titles.get(slug, slug), "reuse-partner")
                item += f" {chars / max(fig.chars, 1):.0%}"
                key = (report.slug, slug)
                if key in self.pairs:
                    a, b = key if key in self.ordered else (key[1], key[0])
                    item += " " + md.link("对照", relative_docs(here, pair_path(a, b)),
                                          "两份材料的共有文字并排对照", "reuse-pair-link")
                parts.append(item)
            text += "重合最多的材料：" + " · ".join(parts) + "。"
        text += " " + md.link("说明", relative_docs(here, INDEX), "重复文字：模板句、套话与对照",
                              "reuse-about")
        return text + "\n" + md.attrs("reuse-summary", "reuse-summary",
                                      data_share=f"{fig.share:.3f}") + "\n\n"

    def _groups(self, slug: str, anchor: str) -> list[tuple[int, int, str, list[tuple]]]:
        """Per marked span of a passage: its range, kind, and what its link line shows, as
        plain data: ``(text,)`` or ``(text, docs path, title, *classes)`` for a link."""
        out = []
        for mark in self.marks(slug, anchor):
            items: list[tuple] = []
            if mark.kind == "common":
                items.append((f"常见说法（{_at_least(mark.more + 1)} 份以上材料）",))
                if self.search:  # reuse.js adds the marked words as the query
                    items.append(("检索", "search.md", "在全文检索中查找这段文字", "reuse-search"))
            elif mark.family:
                family = self.families.get(mark.family)
                label = "套话" if mark.kind == "boiler" else "模板句"
                text = f"{label}（{_reports(family.reports if family else 0)}材料）"
                items.append((text, phrase_path(mark.family), "这句话在各材料中的用法",
                              "reuse-link", "reuse-family") if mark.family in self.pages
                             else (text,))
            for place in mark.links:
                title = self.titles.get(place.slug, place.slug)
                items.append((_short(title), report_path(place.slug) + "#" + place.anchor, title,
                              "reuse-link"))
            if mark.more and not mark.family and mark.more + len(mark.links) < _EXACT_BELOW:
                items.append((f"等 {mark.more + len(mark.links)} 处",))
            out.append((mark.start, mark.end, mark.kind, items))
        return out

    def refs_key(self, slug: str, anchor: str) -> str:
        """Everything :meth:`refs` (by :meth:`_groups`) shows of a passage's marks, as plain
        values and without composing its texts (cheap: a report page's memo key reads every
        passage's): the marks, their families' report counts as shown and whether they have
        a page, the linked reports' titles."""
        marks = self.marks(slug, anchor)
        if not marks:
            return ""
        parts = []
        for m in marks:
            family = self.families.get(m.family) if m.family else None
            n = m.more + len(m.links)
            parts.append((m.start, m.end, m.kind, m.family, m.family in self.pages,
                          _reports(family.reports if family else 0) if m.family else "",
                          _at_least(m.more + 1) if m.kind == "common" else 0,
                          n if m.more and not m.family and n < _EXACT_BELOW else 0,
                          [(p.slug, p.anchor, self.titles.get(p.slug, p.slug))
                           for p in m.links]))
        return repr((self.search, parts))

    def refs(self, slug: str, anchor: str) -> str:
        """Per marked span of a passage, the passages (or the phrase page) it links to."""
        here = report_path(slug)
        groups = []
        for i, (_s, _e, _kind, items) in enumerate(self._groups(slug, anchor)):
            links = [md.escape(item[0]) if len(item) == 1 else
                     md.link(item[0], relative_docs(here, item[1]), item[2], *item[3:])
                     for item in items]
            num = _CIRCLED[i] if i < len(_CIRCLED) else f"({i + 1})"
            groups.append(md.span(f"{num} " + " · ".join(links), "reuse-ref", f"reuse-i{i}"))
        if not groups:
            return ""
        return ("共有文字：" + " ".join(groups) + "\n"
                + md.attrs("", "reuse-refs", data_for=anchor) + "\n\n")


#: Counts from here on are shown as a round lower bound ("10 份以上"): a report page quotes the
#: counts of phrases it shares with many reports, and an exact count would change (and rewrite)
#: every such page whenever a report is added or removed. The phrase pages give exact counts.
_EXACT_BELOW = 5
_BOUNDS = (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000)


def _at_least(n: int) -> int:
    """The largest round bound not above ``n`` (``n`` itself below ``_EXACT_BELOW``)."""
    return n if n < _EXACT_BELOW else max(b for b in _BOUNDS if b <= n)


def _reports(n: int) -> str:
    """"3 份" or "10 份以上": how many reports use a phrase, as a report page says it."""
    return f"{n} 份" if n < _EXACT_BELOW else f"{_at_least(n)} 份以上"


def phrase_families(reuse: Reuse) -> list[Family]:
    """Families with a page: every boilerplate family and the most used others."""
    boiler = [f for f in reuse.families if f.boilerplate]
    others = [f for f in reuse.families if not f.boilerplate][:PHRASE_PAGES]
    return boiler + others


def reuse_pages(reuse: Reuse, reports: Sequence[Report]) -> dict[str, str]:
    """The corpus page, the phrase pages and the pair pages."""
    titles = {r.slug: r.meta.title or r.slug for r in reports}
    years = {r.slug: r.meta.year for r in reports}
    files = {INDEX: _index_page(reuse, reports, titles)}
    for family in phrase_families(reuse):
        files[phrase_path(family.id)] = _phrase_page(family, titles, years)
    texts = {(r.slug, p.anchor): p.text for r in reports for p in r.passages}
    order = {(r.slug, p.anchor): i for r in reports for i, p in enumerate(r.passages)}
    for pair in reuse.pairs:
        files[pair_path(pair.a, pair.b)] = _pair_page(pair, reuse, titles, texts, order)
    return files


def _index_page(reuse: Reuse, reports: Sequence[Report], titles: dict[str, str]) -> str:
    path = INDEX
    chars = sum(f.chars for f in reuse.reports.values())
    shared = sum(f.shared for f in reuse.reports.values())
    boiler = sum(f.boiler for f in reuse.reports.values())
    pages = {f.id for f in phrase_families(reuse)}

    def family_rows(items: list[Family]) -> list[dict[str, Any]]:
        rows = []
        for f in items:
            link = (md.link(_short(f.text, 60), relative_docs(path, phrase_path(f.id)), f.text)
                    if f.id in pages else md.escape(_short(f.text, 60)))
            by_year = "，".join(f"{y or '未知'} {n}" for y, n in f.years.items())
            rows.append({"link": Markup(link), "reports": f.reports, "years": by_year})
        return rows

    boiler_f = [f for f in reuse.families if f.boilerplate]
    tpl_f = [f for f in reuse.families if not f.boilerplate][:PHRASE_PAGES]
    ranked = sorted(reuse.reports.values(), key=lambda f: (-f.share, f.slug))[:20]
    most = [{"link": Markup(md.link(_short(titles.get(f.slug, f.slug), 40), relative_docs(
        path, report_path(f.slug)), titles.get(f.slug, f.slug))), "share": f"{f.share:.0%}",
        "boiler": f"{f.boiler_share:.0%}"} for f in ranked]
    pairs = [{"link": Markup(md.link(
        f"{_short(titles.get(p.a, p.a))} ↔ {_short(titles.get(p.b, p.b))}",
        relative_docs(path, pair_path(p.a, p.b)))),
              "a": p.shared_a, "b": p.shared_b, "n": len(p.matches)} for p in reuse.pairs]
    return render_page(
        "reuse.md.j2", path, "重复文字", reports=len(reports), chars=chars,
        share=f"{shared / chars:.1%}" if chars else "0%",
        boiler_share=f"{boiler / chars:.1%}" if chars else "0%", matches=len(reuse.matches),
        tpl=family_rows(tpl_f), boiler=family_rows(boiler_f), most=most, pairs=pairs,
        families=len(reuse.families),
        data=Markup(relative_docs(path, "data/reuse.jsonl.gz")))


def _phrase_page(family: Family, titles: dict[str, str], years: dict[str, str]) -> str:
    """Every use of a template phrase or boilerplate sentence, by year, linked."""
    path = phrase_path(family.id)
    by_year: dict[str, list[Place]] = defaultdict(list)
    for use in family.uses:
        by_year[years.get(use.slug, "")].append(use)
    kind = "套话" if family.boilerplate else "模板句"
    count = f"{family.reports} 份材料使用这句话（或稍有改动的写法），共 {len(family.uses)} 处。"
    lines = [f"{kind}：{md.escape(family.text)}", md.attrs("", "reuse-phrase-text"), "",
             md.escape(count), "", md.link("← 重复文字", relative_docs(path, INDEX)), ""]
    for year in sorted(by_year, reverse=True):
        uses = by_year[year]
        heading = md.escape(f"{year or '未知年度'}（{len(uses)} 处）")
        lines += [f"## {heading} {{: #y-{year or 'none'} }}", "", "| 材料 | 段落 |",
                  "| --- | --- |"]
        for use in uses:
            title = titles.get(use.slug, use.slug)
            report = report_path(use.slug)
            here = relative_docs(path, report + "#" + use.anchor)
            lines.append(f"| {md.link(_short(title, 40), relative_docs(path, report), title)} | "
                         f"{md.link('¶ ' + use.anchor, here)} |")
        lines.append("")
    title = f"{kind}：{_short(family.text, 30)}"
    return front_matter({"title": title}) + md.tidy("\n".join(lines) + "\n")


def _pair_page(pair: Pair, reuse: Reuse, titles: dict[str, str],
               texts: dict[tuple[str, str], str], order: dict[tuple[str, str], int]) -> str:
    """Two reports' shared spans side by side, in the first report's order, differences
    marked."""
    path = pair_path(pair.a, pair.b)
    ta, tb = titles.get(pair.a, pair.a), titles.get(pair.b, pair.b)

    def share(slug: str, chars: int) -> str:
        fig = reuse.reports.get(slug)
        return f"{chars} 字（{chars / max(fig.chars if fig else 1, 1):.0%}）"

    intro = (f"{md.link(ta, relative_docs(path, report_path(pair.a)))} 与 "
             f"{md.link(tb, relative_docs(path, report_path(pair.b)))} 共有 "
             f"{len(pair.matches)} 处文字：前者 {md.escape(share(pair.a, pair.shared_a))}，"
             f"后者 {md.escape(share(pair.b, pair.shared_b))}。左右并排，不同之处标出。")
    lines = [intro, md.attrs("", "reuse-pair-intro"), "",
             md.link("← 重复文字", relative_docs(path, INDEX)), "",
             f"| {md.escape(_short(ta, 30))} | {md.escape(_short(tb, 30))} | 相似度 |",
             "| --- | --- | --- |"]

    def cell(place: Place, marked_text: str) -> str:
        url = relative_docs(path, report_path(place.slug) + "#" + place.anchor)
        return f"{marked_text} {md.link('¶', url, '原文段落')}"

    for m in sorted(pair.matches, key=lambda m: (order.get((m.a.slug, m.a.anchor), 0),
                                                  m.a.start)):
        da, db = diff_marked(texts[(m.a.slug, m.a.anchor)][m.a.start:m.a.end],
                             texts[(m.b.slug, m.b.anchor)][m.b.start:m.b.end])
        lines.append(f"| {cell(m.a, da)} | {cell(m.b, db)} | {m.similarity:.2f} |")
    title = f"对照：{_short(ta, 16)} ↔ {_short(tb, 16)}"
    return front_matter({"title": title}) + md.tidy("\n".join(lines) + "\n")


def diff_marked(a: str, b: str) -> tuple[str, str]:
    """Two aligned spans as escaped Markdown with what differs in
    ``<span class="reuse-diff">`` (Levenshtein opcodes from rapidfuzz)."""
    out_a, out_b = [], []
    for op in Levenshtein.opcodes(a, b):
        pa, pb = a[op.src_start:op.src_end], b[op.dest_start:op.dest_end]
        if op.tag == "equal":
            out_a.append(md.escape(pa))
            out_b.append(md.escape(pb))
        else:
            if pa:
                out_a.append(md.span(md.escape(pa), "reuse-diff"))
            if pb:
                out_b.append(md.span(md.escape(pb), "reuse-diff"))
    return "".join(out_a), "".join(out_b)


__all__ = ["ReuseLinks", "diff_marked", "reuse_pages"]
