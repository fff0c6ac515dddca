"""Theme / problem-type pages, matrix, chips and cross-references (issue 4)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from generator.models import Report
from generator.parse.report import parse_report
from generator.readers import read_source
from generator.site.chips import PassageLinks, ReportChips
from generator.site.taxonomy_pages import build_taxonomy_pages
from generator.taxonomy import index as taxonomy_index
from generator.taxonomy.classify import classify_all
from generator.taxonomy.index import build_index
from generator.taxonomy.load import Taxonomy
from tests.conftest import page_html

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<script>alert(1)</script>{{ x }}**粗体**"
REPORT = """{year}年度民主生活会对照检查材料
一、存在的主要问题
（一）理论学习方面。一是学用结合不够紧密{extra}。存在学用“两张皮”问题。
（二）工作作风方面。一是调查研究不够深入。下基层少。
二、整改措施
一是强化理论武装。坚持学以致用。
"""


def _reports(tmp_path: Path, n: int, extra: str = "") -> list[Report]:
    out = []
    for i in range(n):
        path = tmp_path / f"r{i:03d}.txt"
        path.write_text(REPORT.format(year=2010 + i % 15, extra=extra), encoding="utf-8")
        out.append(parse_report(read_source(path, tmp_path)))
    return out


def _html(files: dict[str, str]) -> dict[str, str]:
    return {path: page_html(path, text) for path, text in files.items()}


def _hrefs(text: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', text)


def _resolve(page_path: str, href: str) -> str:
    """Docs path of a directory-style page's relative link (``themes/x.md`` → ``themes/x/``)."""
    stem = page_path.removesuffix(".md")
    base = stem.removesuffix("index").rstrip("/") if stem.endswith("index") else stem
    target = href.partition("#")[0]
    return posixpath.normpath(posixpath.join(base, target)) + "/"


def test_every_theme_and_type_has_a_page_plus_indexes_and_matrix(
    seeds: list[Report], taxonomy: Taxonomy
) -> None:
    files = _html(build_taxonomy_pages(build_index(seeds, classify_all(seeds, taxonomy), taxonomy)))
    for key in ("themes/index.md", "problems/index.md", "matrix.md"):
        assert key in files
    for cat in taxonomy.categories:
        assert f"{taxonomy_index.FOLDERS[cat.kind]}/{cat.id}.md" in files


def test_page_links_point_at_existing_pages_and_passages(
    seeds: list[Report], taxonomy: Taxonomy
) -> None:
    files = _html(build_taxonomy_pages(build_index(seeds, classify_all(seeds, taxonomy), taxonomy)))
    pages = (
        {
            posixpath.normpath(p.removesuffix(".md").removesuffix("index") or ".") + "/"
            for p in files
        }
        | {f"reports/{r.slug}/" for r in seeds}
        | {"./"}
    )
    anchors = {f"reports/{r.slug}/": {p.anchor for p in r.passages} for r in seeds}
    for path, text in files.items():
        for href in _hrefs(text):
            target = _resolve(path, href)
            assert target in pages, (path, href, target)
            frag = href.partition("#")[2]
            if frag and target in anchors:
                assert frag in anchors[target], (path, href)
    theme_page = files["themes/theory_study.md"]
    assert 'href="../../reports/' in theme_page


def test_corpus_text_is_escaped_in_raw_html(tmp_path: Path, taxonomy: Taxonomy) -> None:
    reports = _reports(tmp_path, 2, extra=HOSTILE)
    labels = classify_all(reports, taxonomy)
    files = _html(build_taxonomy_pages(build_index(reports, labels, taxonomy)))
    page = files["problems/theory_practice_gap.md"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "{{ x }}**粗体**" in page  # literal: escaped Markdown, and no template pass after
    links = PassageLinks(build_index(reports, labels, taxonomy))
    for report in reports:
        for p in report.passages:
            chips = ReportChips(links, report.slug).get(p.anchor)
            assert "<script>" not in page_html(f"reports/{report.slug}.md", chips)


def test_large_sets_paginate_and_group_by_report(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(taxonomy_index, "PAGE_SIZE", 10)
    reports = _reports(tmp_path, 35)
    files = _html(build_taxonomy_pages(build_index(reports, classify_all(reports, taxonomy), taxonomy)))
    theme_pages = sorted(p for p in files if p.startswith("themes/theory_study"))
    assert theme_pages[0] == "themes/theory_study.md" and len(theme_pages) >= 4
    for path in theme_pages:
        assert files[path].count('class="tax-passage"') <= 10
        assert 'class="pager"' in files[path]
    assert "matrix/4.md" in files and "matrix/5.md" not in files
    years = [int(y) for y in re.findall(r'class="tax-report-title"[^>]*>.*?</a> (\d+)',
                                        files[theme_pages[0]])]
    assert years
    assert years == sorted(years, reverse=True)


def test_matrix_cells_link_to_the_report_group_on_the_theme_page(
    seeds: list[Report], taxonomy: Taxonomy
) -> None:
    files = _html(build_taxonomy_pages(build_index(seeds, classify_all(seeds, taxonomy), taxonomy)))
    cells = re.findall(r'href="\.\./themes/(\w+)/#r-([\w-]+)"', files["matrix.md"])
    assert cells
    for theme, slug in cells:
        assert f'id="r-{slug}"' in files[f"themes/{theme}.md"]


def test_cross_refs_name_other_reports_only(seeds: list[Report], taxonomy: Taxonomy) -> None:
    labels = classify_all(seeds, taxonomy)
    refs = cross_refs(seeds, labels, taxonomy)
    found = 0
    for (slug, _), items in refs.items():
        for item in items:
            assert item["reports"] >= 1 and item["url"].endswith(f"/{item['id']}/")
            for ex in item["examples"]:
                assert not ex["url"].startswith(f"reports/{slug}/")
                found += 1
    assert found
    assert chips(seeds, labels, taxonomy)


def test_chips_on_report_pages_link_to_category_pages(
    seeds: list[Report], taxonomy: Taxonomy
) -> None:
    labels = classify_all(seeds, taxonomy)
    links = PassageLinks(build_index(seeds, labels, taxonomy))
    report = seeds[0]
    point = next(p for p in report.passages if p.kind == "point" and p.role == "problems")
    html = page_html(f"reports/{report.slug}.md", ReportChips(links, report.slug).get(point.anchor))
    assert 'class="tax-chip tax-chip-theme"' in html
    hrefs = _hrefs(html)
    assert any(h.startswith("../../themes/") for h in hrefs)
    for h in hrefs:  # category pages, or passages of other reports
        assert re.match(r"\.\./\.\./(themes|problems|causes|measures)/\w+/$", h) or re.match(
            r"\.\./[\w-]+/#p-", h
        ), h
    assert "其他报告中的同类问题" in html


def chips(reports, labels, taxonomy):  # noqa: ANN001, ANN201
    """(slug, anchor) → the passage's chips."""
    links = PassageLinks(build_index(reports, labels, taxonomy))
    return {key: links.chips(*key) for key in links.index.labels_at}


def cross_refs(reports, labels, taxonomy):  # noqa: ANN001, ANN201
    """(slug, anchor) → "the same problem in other reports"."""
    links = PassageLinks(build_index(reports, labels, taxonomy))
    out = {key: links.refs(*key) for key in links.index.labels_at}
    return {key: refs for key, refs in out.items() if refs}
