"""End to end: the seeds built with the taxonomy stage; every taxonomy link resolves on disk
(the project's link checker over site/), chips resolve from report pages, text stays escaped."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator.parse.report import parse_report
from generator.publish.linkcheck import check_site
from generator.readers import read_source
from generator.site.chips import PassageLinks, ReportChips
from generator.taxonomy.classify import classify_all
from generator.taxonomy.index import build_index
from generator.taxonomy.load import load_taxonomy
from generator.validate import validate
from tests.conftest import CORPUS, build_site, make_corpus, page_html

HOSTILE = """恶意材料对照检查
一、存在的主要问题
（一）理论学习方面。一是学用结合不够紧密<script>alert(1)</script>{{ x }}**粗体**。学用“两张皮”。
"""


@pytest.fixture(scope="module")
def taxonomy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tax-build")
    corpus = out / "corpus"
    corpus.mkdir()
    for path in CORPUS.glob("20*"):
        shutil.copy(path, corpus / path.name)
    make_corpus(corpus, {"hostile.txt": HOSTILE})
    result = build_site(corpus, out, search=False)  # taxonomy alone: faster and focused
    assert result.ok, result.gathered.problems
    return out


def test_link_checker_finds_no_broken_link(taxonomy_site: Path) -> None:
    site = taxonomy_site / "site"
    assert (site / "themes" / "theory_study" / "index.html").exists()
    assert (site / "matrix" / "index.html").exists()
    assert check_site(site) == []


def test_chips_and_cross_refs_resolve_from_report_pages(taxonomy_site: Path) -> None:
    site, corpus = taxonomy_site / "site", taxonomy_site / "corpus"
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md"))
    reports = [parse_report(read_source(p, corpus)) for p in files]
    taxonomy = load_taxonomy()[0]
    links = PassageLinks(build_index(reports, classify_all(reports, taxonomy), taxonomy))
    checked = 0
    for report in reports:
        page = site / "reports" / report.slug
        chips = ReportChips(links, report.slug)
        for p in report.passages:
            html = page_html(f"reports/{report.slug}.md", chips.get(p.anchor))
            for href in re.findall(r'href="([^"]+)"', html):
                target, _, frag = href.partition("#")
                html = (page / unquote(target) / "index.html").resolve()
                assert html.exists(), (report.slug, href)
                if frag:
                    assert f'id="{frag}"' in html.read_text(encoding="utf-8"), href
                checked += 1
    assert checked > 100


def test_corpus_text_renders_literally(taxonomy_site: Path) -> None:
    html = taxonomy_site / "site" / "problems" / "theory_practice_gap" / "index.html"
    text = html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)" not in text
    assert "{{ x }}**粗体**" in text


def test_validate_reports_nothing_for_the_project_files() -> None:
    assert validate(CORPUS).problems == []
