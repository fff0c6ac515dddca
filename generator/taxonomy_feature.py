"""The taxonomy stage of the build (a :class:`generator.site.Feature`).

``before``: classify every report, put the labels where the exports read them
(``context["labels"][slug][anchor]``), give each report page its chips
(``context["extras"][slug]["taxonomy"].get(anchor)``), add the nav links, and return the theme,
problem-type, cause, measure and matrix pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.classify import classify_all
from generator.models import Label, Problem, Report
from generator.taxonomy import Taxonomy, load_taxonomy, taxonomy_paths
from generator.taxonomy_index import build_index
from generator.taxonomy_links import PassageLinks, ReportChips
from generator.taxonomy_pages import build_taxonomy_pages

NAV_LINKS = (
    {"title": "主题", "url": "themes/"},
    {"title": "问题类型", "url": "problems/"},
    {"title": "报告 × 主题矩阵", "url": "matrix/"},
)


@dataclass(slots=True)
class TaxonomyFeature:
    taxonomy: Taxonomy
    jobs: int = 1

    def before(self, reports: Sequence[Report], context: dict[str, Any]) -> dict[str, str]:
        labels = classify_all(list(reports), self.taxonomy, self.jobs)
        links = PassageLinks(build_index(reports, labels, self.taxonomy))
        for report in reports:
            context["labels"][report.slug] = by_anchor(labels.get(report.slug, ()))
            extras = context["extras"].setdefault(report.slug, {})
            extras["taxonomy"] = ReportChips(links, report.slug)
        context["nav_links"].extend(NAV_LINKS)
        return build_taxonomy_pages(reports, labels, self.taxonomy)

    def after(self, reports: Sequence[Report], context: dict[str, Any]) -> dict[str, str]:
        return {}


def stage(corpus: Path, jobs: int = 1) -> TaxonomyFeature:
    """The stage for ``corpus`` (its own taxonomy.yml/meetings.yml, else the project's).
    Invalid entries are left out; :func:`validate` reports them."""
    taxonomy, _ = load_taxonomy(*taxonomy_paths(corpus))
    return TaxonomyFeature(taxonomy, jobs)


def validate(corpus: Path) -> list[Problem]:
    """Every problem in the corpus' taxonomy and meetings files, as ``file:line: message``."""
    return load_taxonomy(*taxonomy_paths(corpus))[1]


def by_anchor(labels: Sequence[Label]) -> dict[str, list[Label]]:
    out: dict[str, list[Label]] = defaultdict(list)
    for label in labels:
        out[label.anchor].append(label)
    return dict(out)
