"""The built overview, browse and chart pages (issue 15): every number a chart shows links to
exactly what it counts, listings add up, the dataset is described, the home page stays small."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from generator.search.normalize import fold
from generator.search.reader import IndexReader
from generator.site.exports import load_passages

HREF = "xlink:href"


def _page(site: Path, url: str) -> lxml.html.HtmlElement:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    return lxml.html.parse(str(path)).getroot()


def _target(page_url: str, href: str) -> tuple[str, str]:
    """(site-relative page folder, fragment) of a link on the page at ``page_url``."""
    parts = urlsplit(href)
    path = posixpath.normpath(posixpath.join(page_url, unquote(parts.path)))
    return ("" if path == "." else path), parts.fragment


def _after(root: lxml.html.HtmlElement, anchor: str, stop: str) -> list[lxml.html.HtmlElement]:
    """Elements following the element with id ``anchor`` up to the next one matching ``stop``."""
    start = root.get_element_by_id(anchor)
    out = []
    for el in start.itersiblings():
        if el.xpath(f"self::{stop}"):
            break
        out.append(el)
    return out


def _chart_links(root: lxml.html.HtmlElement, chart_id: str) -> list[tuple[str, str]]:
    """(href, number shown) of a chart's linked numbers."""
    svg = root.get_element_by_id(chart_id)
    out = []
    for a in svg.iter("a"):
        nums = [t.text_content() for t in a.iter("text") if t.get("class") in ("ch-num", "ch-value")]
        if nums:
            out.append((a.get(HREF), nums[0]))
    return out


def test_heat_map_cells_count_the_passages_they_link_to(seed_site: Path) -> None:
    root = _page(seed_site, "charts")
    cells = _chart_links(root, "ch-heat")
    assert len(cells) > 40
    for href, shown in cells:
        folder, fragment = _target("charts", href)
        assert fragment.startswith("r-")
        passages = [el for el in _after(_page(seed_site, folder), fragment, "h2 or self::h3")
                    if "tax-passage" in (el.get("class") or "")]
        assert len(passages) == int(shown), href


def test_year_columns_count_the_reports_they_link_to(seed_site: Path) -> None:
    for url in ("themes/theory_study", "problems/formalism_bureaucratism"):
        root = _page(seed_site, url)
        links = _chart_links(root, f"ch-years-{url.split('/')[1]}")
        assert links
        for href, shown in links:
            folder, fragment = _target(url, href)
            assert folder == url and re.fullmatch(r"y-\d{4}", fragment)
            groups = [el for el in _after(root, fragment, "h2")
                      if "tax-report-title" in (el.get("class") or "")]
            assert len(groups) == int(shown)


def test_level_cells_link_to_pages_listing_those_reports(seed_site: Path) -> None:
    root = _page(seed_site, "charts")
    cells = _chart_links(root, "ch-levels")
    assert cells
    for href, shown in cells:
        folder, _ = _target("charts", href)
        assert re.fullmatch(r"problems/\w+/level-\w+", folder)
        page = _page(seed_site, folder)
        assert len(page.find_class("tax-report-title")) == int(shown)


def test_listings_add_up(seed_site: Path) -> None:
    reports = json.loads((seed_site / "data" / "reports.json").read_text("utf-8"))
    for folder in ("years", "meetings", "levels", "bodies", "collective"):
        index = _page(seed_site, folder)
        rows = index.xpath("//article//table/tbody/tr")
        counts = [int(r.xpath("td[2]")[0].text_content()) for r in rows]
        assert sum(counts) == len(reports), folder
        for row in rows:
            link = row.xpath("td[1]/a")[0].get("href")
            page = _page(seed_site, posixpath.normpath(f"{folder}/{link}"))
            assert len(page.xpath("//article//table/tbody/tr")) == int(row.xpath("td[2]")[0]
                                                                          .text_content())
    combo = _page(seed_site, "years/2021/dangshixuexijiaoyuzhuanti")
    assert len(combo.xpath("//article//table/tbody/tr")) == sum(
        1 for r in reports if r["year"] == "2021" and r["meeting"] == "党史学习教育专题")


def test_home_page_overview(seed_site: Path) -> None:
    html = (seed_site / "index.html").read_bytes()
    assert len(html) < 300_000
    root = lxml.html.fromstring(html)
    hrefs = {a.get("href") for a in root.iter("a")}
    for folder in ("years", "meetings", "levels", "bodies", "collective"):
        assert any(h and h.startswith(f"{folder}/") for h in hrefs), folder
    assert root.get_element_by_id("ch-top-problems") is not None
    assert {"charts/", "terms/", "downloads/", "search/"} <= hrefs
    assert root.xpath("//p[contains(@class,'sortable')]")


def test_datapackage_describes_the_exports(seed_site: Path) -> None:
    data = seed_site / "data"
    package = json.loads((data / "datapackage.json").read_text("utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {"reports", "passages", "passages-csv", "reuse"}
    report = json.loads((data / "reports.json").read_text("utf-8"))[0]
    assert [f["name"] for f in resources["reports"]["schema"]["fields"]] == list(report)
    passage = load_passages(data)[0]
    assert [f["name"] for f in resources["passages"]["schema"]["fields"]] == list(passage)
    reuse = gzip.decompress((data / "reuse.jsonl.gz").read_bytes()).decode("utf-8").splitlines()
    assert reuse, "the seeds share some phrasing"
    assert [f["name"] for f in resources["reuse"]["schema"]["fields"]] == list(json.loads(reuse[0]))
    for res in resources.values():
        assert (data / res["path"]).stat().st_size == res.get("bytes", res["path"] and
                                                               (data / res["path"]).stat().st_size)
        assert all(re.search(r"[\u4e00-\u9fff]", f["description"])
                   for f in res.get("schema", {}).get("fields", ()))
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_static_term_counts_equal_the_search_index(seed_site: Path) -> None:
    reader = IndexReader(seed_site / "searchindex")
    meta = reader.meta
    report_of = [r for r, n in enumerate(meta["counts"]) for _ in range(n)]
    years = meta["facets"]["year"]
    root = _page(seed_site, "terms")
    for title in root.find_class("term-title"):
        term = title.text_content().strip()
        hits = reader.search(fold(term))
        per_year: dict[str, int] = {}
        for pid, n in hits.items():
            year = years[meta["columns"]["year"][report_of[pid]]]
            per_year[year] = per_year.get(year, 0) + n
        counts = title.getnext().text_content()
        assert f"共出现 {sum(hits.values())} 次" in counts, term
        chart = title.getnext().getnext()
        shown = {}
        for label, value in zip(chart.xpath(".//figure[1]//text[@class='ch-label']"),
                                chart.xpath(".//figure[1]//text[@class='ch-value']"),
                                strict=True):
            shown[label.text_content().removesuffix("年")] = int(value.text_content().split()[0])
        assert {y: n for y, n in shown.items() if n} == per_year, term


def test_report_pages_have_a_structure_view_and_print_styles(seed_site: Path) -> None:
    root = _page(seed_site, "reports/2021-qu-zhengfu-lingdao-banzi-duizhao-jiancha")
    figure = root.find_class("report-structure")[0]
    assert "全库中位数" in figure.text_content()
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    assert all(a.get(HREF)[1:] in ids for a in figure.iter("a"))
    css = (seed_site / "assets" / "archive" / "archive.css").read_text("utf-8")
    assert "@media print" in css and "attr(id)" in css
