"""Term frequency (issue 15): a few terms counted at build time, folded and overlapping as
the full-text search counts them, so each count equals the search's for the same filter. The
page's form counts any other term in the browser from the search index (``terms.js``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from generator.models import Report
from generator.search.normalize import fold, fold_all
from generator.site import aggregate, charts
from generator.site.aggregate import FACET, year_key
from generator.site.browse import Browse
from generator.site.render import render_page
from generator.site.urls import page_url, relative

Files = dict[str, str]
#: The term-frequency page's precomputed examples (any other term runs in the browser).
TERMS = ("形式主义", "官僚主义", "调查研究", "担当作为", "为民服务", "八项规定")


@dataclass(frozen=True, slots=True)
class TermCounts:
    term: str
    by_year: dict[str, int]
    by_level: dict[str, int]
    passages: int
    reports: int

    @property
    def total(self) -> int:
        return sum(self.by_year.values())


def occurrences(text: str, term: str) -> int:
    """Occurrences of ``term`` in ``text``, overlapping ones included: what the search index
    counts (every start position)."""
    n, i = 0, text.find(term)
    while i >= 0:
        n += 1
        i = text.find(term, i + 1)
    return n


def term_counts(reports: Sequence[Report], terms: Sequence[str]) -> list[TermCounts]:
    """Per term: occurrences per year and per level, folded as the search folds (traditional
    characters, full-width letters, case), so each count equals the search's for that filter."""
    level = FACET["level"]
    folded_terms = [fold(t) for t in terms]
    years: list[Counter[str]] = [Counter() for _ in terms]
    levels: list[Counter[str]] = [Counter() for _ in terms]
    passages = [0] * len(terms)
    reports_with = [0] * len(terms)
    for report in reports:
        texts = fold_all([p.text for p in report.passages])
        year, lvl = year_key(report.meta.year), level.value(report)
        for i, term in enumerate(folded_terms):
            counts = [occurrences(t, term) for t in texts if term in t]
            if not counts:
                continue
            n = sum(counts)
            years[i][year] += n
            levels[i][lvl] += n
            passages[i] += len(counts)
            reports_with[i] += 1
    return [TermCounts(t, dict(years[i]), dict(levels[i]), passages[i], reports_with[i])
            for i, t in enumerate(terms)]


def terms_page(reports: Sequence[Report], browse: Browse, terms: Sequence[str] = TERMS
               ) -> Files:
    """A few terms counted at build time (a view without scripts, and examples); the form
    above them counts any term in the browser from the search index (``terms.js``)."""
    path = "terms.md"
    here = page_url(path)
    search = relative(here, "search/")
    level_order = list(browse.facets["level"].groups)
    years = list(reversed(aggregate.years_in(reports)))
    years = [y for y in years if y.isdigit()] + [y for y in years if not y.isdigit()]
    blocks = []
    for i, tc in enumerate(term_counts(reports, terms)):
        q = quote(tc.term)
        by_year = [charts.Row(
            f"{y}年" if y.isdigit() else "未知年度",
            [charts.Bar(tc.by_year.get(y, 0), f"{tc.by_year.get(y, 0)} 次",
                        f"{search}?q={q}" + (f"&year={y}" if y.isdigit() else ""),
                        f"“{tc.term}” · {y}：{tc.by_year.get(y, 0)} 次；点击检索")])
            for y in years]
        by_level = [charts.Row(
            v, [charts.Bar(tc.by_level.get(v, 0), f"{tc.by_level.get(v, 0)} 次",
                           f"{search}?q={q}" + (f"&level={quote(v)}"
                                                if v != FACET["level"].unknown else ""),
                           f"“{tc.term}” · {v}：{tc.by_level.get(v, 0)} 次；点击检索")])
            for v in level_order]
        top = max([b.value for r in by_year + by_level for b in r.bars] + [1])
        fy = charts.hbars(by_year, f"ch-term-{i}-y", f"“{tc.term}”各年度出现次数",
                          "每条横条为该年度材料中出现的次数，点击在全文检索中查看。", top=top,
                          width=360, label_max=80)
        fl = charts.hbars(by_level, f"ch-term-{i}-l", f"“{tc.term}”各层级出现次数",
                          "每条横条为该层级材料中出现的次数，点击在全文检索中查看。", top=top,
                          width=360, label_max=80)
        more = Markup('<p class="ch-more"><a href="{}">在全文检索中查看全部 {} 处 →</a></p>'
                      ).format(f"{search}?q={q}", tc.total)
        blocks.append({"term": tc.term, "total": tc.total, "passages": tc.passages,
                       "reports": tc.reports, "anchor": f"t{i + 1}",
                       "chart": charts.block(
                           str(charts.figure(fy, "按年度", "ch-small")),
                           str(charts.figure(fl, "按层级", "ch-small")), more, cls="ch-pair")})
    return {path: render_page("terms.md.j2", path, "词频", blocks=blocks,
                              search_href=search)}
