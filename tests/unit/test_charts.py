"""Chart drawing and the counts behind the charts (issue 15): aggregation over reports and the
taxonomy index, SVG output (escaped, linked, one raw HTML block), structure medians, term
counts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.models import Report
from generator.parse.report import parse_report
from generator.publish.fast_markdown import render
from generator.readers import read_source
from generator.site import aggregate, charts, heatmap, structure, terms
from generator.site.aggregate import FACET
from generator.site.browse import browse_index, unique_slugs
from generator.site.structure import structure_figure
from generator.site.taxonomy_pages import build_taxonomy_pages
from generator.taxonomy.classify import classify_all
from generator.taxonomy.index import TaxIndex, build_index
from generator.taxonomy.load import Taxonomy

ROOT = Path(__file__).resolve().parents[2]
SVG = "http://www.w3.org/2000/svg"
XLINK = "{http://www.w3.org/1999/xlink}href"
REPORT = """{title}
一、存在的主要问题
（一）理论学习方面。一是学用结合不够紧密{extra}。存在学用“两张皮”问题。二是理论学习不够系统。
（二）工作作风方面。一是调查研究不够深入。下基层少。
二、原因剖析
（一）理想信念有所淡化。
三、整改措施
一是强化理论武装。坚持学以致用。二是改进工作作风。三是加强调查研究。
"""


def _parse(tmp: Path, name: str, text: str) -> Report:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return parse_report(read_source(path, tmp))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, taxonomy: Taxonomy
           ) -> tuple[list[Report], TaxIndex]:
    """Twelve small reports over four years and three levels, one without a year."""
    tmp = tmp_path_factory.mktemp("charts")
    places = ["某某县委常委班子", "某某区委常委班子", "某某市委常委班子"]
    reports = []
    for i in range(12):
        year = "" if i == 11 else str(2020 + i % 4)
        title = f"{places[i % 3]}{year}{'年度' if year else ''}民主生活会对照检查材料"
        extra = "，形式主义问题突出" if i % 2 else ""
        reports.append(_parse(tmp, f"r{i:02d}.txt", REPORT.format(title=title, extra=extra)))
    labels = classify_all(reports, taxonomy, 1)
    index = build_index(reports, labels, taxonomy)
    return index.reports, index


def _svg(text: str) -> ET.Element:
    """Parse a chart's SVG (HTML parsers bind ``xlink:``; XML needs the declaration)."""
    text = text.replace("<svg ", f'<svg xmlns="{SVG}" xmlns:xlink="http://www.w3.org/1999/xlink" ', 1)
    return ET.fromstring(text)


# -- aggregation ----------------------------------------------------------------------------------


def test_facet_values_in_browsing_order(corpus: tuple[list[Report], TaxIndex]) -> None:
    reports, _ = corpus
    years = aggregate.group_reports(reports, FACET["year"])
    assert list(years) == ["2023", "2022", "2021", "2020", "未知年度"]
    assert sum(len(v) for v in years.values()) == len(reports)
    counts = {"县": 3, "单位": 9, "市": 1, "未知层级": 5, "乡": 2, "中央": 1}
    assert aggregate.ordered_values(FACET["level"], counts) == [
        "中央", "市", "县", "单位", "乡", "未知层级"]
    assert aggregate.ordered_values(FACET["collective"], {"个人": 5, "集体": 1, "未标明": 9}) == [
        "集体", "个人", "未标明"]
    assert aggregate.ordered_values(FACET["body"], {"乙": 1, "甲": 3, "未知主体": 9}) == [
        "甲", "乙", "未知主体"]


def test_year_counts_are_reports_raising_the_category(corpus: tuple[list[Report], TaxIndex]) -> None:
    reports, index = corpus
    totals = aggregate.year_totals(reports)
    assert totals["未知"] == 1 and sum(totals.values()) == len(reports)
    for cid in index.entries:
        slices = aggregate.by_year(index, cid, totals)
        assert sum(s.reports for s in slices.values()) == index.report_counts(cid)
        assert sum(s.passages for s in slices.values()) == len(index.entries[cid])
        for year, s in slices.items():
            assert 0 < s.reports <= s.base == totals[year]
            raising = {e.report.slug for e in index.entries[cid]
                       if aggregate.year_key(e.report.meta.year) == year}
            assert s.reports == len(raising)


def test_grids_add_up(corpus: tuple[list[Report], TaxIndex]) -> None:
    reports, index = corpus
    grid = aggregate.theme_year_grid(index, reports)
    assert grid.cols == ["2020", "2021", "2022", "2023", "未知"]
    for cid in grid.rows:
        assert sum(grid.cells[(cid, y)].reports for y in grid.cols if (cid, y) in grid.cells) == \
            index.report_counts(cid)
    problems = aggregate.top_categories(index, "problem", 3)
    assert len(problems) == 3
    counts = [index.report_counts(c) for c in problems]
    assert counts == sorted(counts, reverse=True)
    levels = aggregate.category_grid(index, problems, FACET["level"], reports)
    for cid in problems:
        assert sum(s.reports for (c, _), s in levels.cells.items() if c == cid) == \
            index.report_counts(cid)
    per_report = aggregate.report_theme_grid(index, reports)
    assert sum(s.passages for s in per_report.cells.values()) == sum(
        len(index.entries.get(t, ())) for t in per_report.cols)


def test_recent_against_earlier_years(corpus: tuple[list[Report], TaxIndex]) -> None:
    reports, index = corpus
    latest, ranked = aggregate.recent_vs_earlier(index, reports, "problem", 5)
    assert latest == "2023"
    assert ranked and len(ranked) <= 5
    for r in ranked:
        slices = aggregate.by_year(index, r.cid, aggregate.year_totals(reports))
        assert r.recent == slices["2023"]
        assert r.earlier is not None and r.earlier.base == 9  # 2020–2022, three reports each
        assert r.earlier.reports == sum(s.reports for y, s in slices.items() if y in
                                        ("2020", "2021", "2022"))
    assert [r.recent.reports for r in ranked] == sorted((r.recent.reports for r in ranked),
                                                        reverse=True)


def test_year_pages_point_at_the_page_where_the_year_begins(
        tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.taxonomy import index as taxonomy_index

    monkeypatch.setattr(taxonomy_index, "PAGE_SIZE", 4)
    reports = [_parse(tmp_path, f"r{i:02d}.txt", REPORT.format(
        title=f"某某县委{2018 + i // 3}年度民主生活会对照检查材料", extra="")) for i in range(12)]
    index = build_index(reports, classify_all(reports, taxonomy, 1), taxonomy)
    cid = next(c for c, es in index.entries.items() if len({e.report.slug for e in es}) == 12)
    starts = aggregate.year_pages(index, cid)
    pages = index.pages_of(cid)
    assert len(pages) > 2
    for year, n in starts.items():
        assert any(e.report.meta.year == year for e in pages[n - 1])
        assert not any(e.report.meta.year == year for page in pages[:n - 1] for e in page)
    files = build_taxonomy_pages(index)
    cat = index.taxonomy.get(cid)
    folder = {"theme": "themes", "problem": "problems"}[cat.kind]
    for year, n in starts.items():
        path = f"{folder}/{cid}.md" if n == 1 else f"{folder}/{cid}/{n}.md"
        assert re.search(rf"^## {year}年 · \d+ 份报告，\d+ 处段落 {{: #y-{year} ", files[path], re.M)


def test_structure_counts_and_medians(tmp_path: Path) -> None:
    a = _parse(tmp_path, "a.txt", REPORT.format(title="县委班子对照检查材料", extra=""))
    b = _parse(tmp_path, "b.txt", REPORT.replace("二是理论学习不够系统。", "").format(
        title="县委班子对照检查材料", extra=""))
    assert structure.role_items(a) == {"problems": 3, "causes": 1, "measures": 3}
    assert structure.role_items(b) == {"problems": 2, "causes": 1, "measures": 3}
    medians = structure.role_medians([a, b])
    assert medians == {"problems": 2.5, "causes": 1.0, "measures": 3.0}
    html = structure_figure(a, medians)
    assert "存在问题 3 条" in html and "存在问题 2.5 条" in html
    root = _svg(re.search(r"<svg.*?</svg>", html, re.S).group())
    anchors = [el.get(XLINK) for el in root.iter(f"{{{SVG}}}a")]
    assert anchors and all(h.startswith("#p-") for h in anchors)
    assert {p.anchor for p in a.passages} >= {h[1:] for h in anchors}


def test_term_counts_fold_like_the_search_and_count_overlaps(tmp_path: Path) -> None:
    text = REPORT.format(title="某某县委2021年度民主生活会对照检查材料", extra="，形式主義嚴重，哈哈哈")
    report = _parse(tmp_path, "t.txt", text)
    assert terms.occurrences("哈哈哈", "哈哈") == 2
    [forms, laugh, none] = terms.term_counts([report], ["形式主义", "哈哈", "不存在的词"])
    assert forms.by_year == {"2021": 1} and forms.passages == 1 and forms.reports == 1
    assert laugh.total == 2
    assert none.total == 0 and none.by_year == {}


# -- drawing --------------------------------------------------------------------------------------


def test_bars_are_linked_escaped_and_proportional() -> None:
    rows = [charts.Row('<script>"x"</script>', [charts.Bar(10, "10 份", "a/?q=1&y=2", "提示 <b>")]),
            charts.Row("乙", [charts.Bar(5, "5 份", "b/", "乙"), charts.Bar(0, "0", "", "无")])]
    svg = charts.hbars(rows, "t1", "标题 & <题>", "说明")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp;y=2" in svg
    root = _svg(svg)
    assert root.get("role") == "group" and root.get("aria-labelledby") == "t1-t"
    assert root.find(f"{{{SVG}}}title").text == "标题 & <题>"
    links = list(root.iter(f"{{{SVG}}}a"))
    assert [a.get(XLINK) for a in links] == ["a/?q=1&y=2", "b/"]
    assert all(a.get("aria-label") for a in links)
    bars = [r for r in root.iter(f"{{{SVG}}}rect") if r.get("class") == "ch-bar"]
    widths = [float(r.get("width")) for r in bars]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0


def test_heat_map_cells_levels_and_vertical_labels() -> None:
    heat = heatmap.Heat([("行一", "r1/"), ("行二", "")], [("主题甲", "t/a/"), ("乙", "t/b/")])
    heat.cells[(0, 0)] = heatmap.Cell("9", "t/a/#r-x", "9 处", heatmap.level_of(9, 9))
    heat.cells[(1, 1)] = heatmap.Cell("1", "t/b/#r-y", "1 处", heatmap.level_of(1, 9))
    root = _svg(heatmap.heatmap(heat, "h", "热力图", "说明"))
    groups = [g for g in root.iter(f"{{{SVG}}}g") if (g.get("class") or "").startswith("ch-q")]
    assert sorted(g.get("class") for g in groups) == ["ch-q0", "ch-q0", "ch-q1", "ch-q5"]
    hrefs = {a.get(XLINK) for a in root.iter(f"{{{SVG}}}a")}
    assert {"t/a/#r-x", "t/b/#r-y", "r1/", "t/a/", "t/b/"} <= hrefs
    tspans = [t.text for t in root.iter(f"{{{SVG}}}tspan")]
    assert tspans[:4] == ["主", "题", "甲", "乙"]


@pytest.mark.parametrize(("value", "top", "level"), [
    (0, 10, 0), (0.1, 10, 1), (2, 10, 1), (2.01, 10, 2), (5, 10, 3), (9.9, 10, 5), (10, 10, 5),
    (3, 0, 0)])
def test_level_of(value: float, top: float, level: int) -> None:
    assert heatmap.level_of(value, top) == level


def test_columns_link_only_what_they_count() -> None:
    bars = [charts.Bar(3, "3", "x/#y-2020", "2020"), charts.Bar(0, "", "", "2021：无")]
    root = _svg(charts.columns(["2020", "2021"], bars, "c", "t", "d"))
    assert [a.get(XLINK) for a in root.iter(f"{{{SVG}}}a")] == ["x/#y-2020"]


def test_figure_is_one_raw_html_block_the_fast_path_keeps() -> None:
    svg = charts.hbars([charts.Row("甲", [charts.Bar(1, "1", "a/", "甲")])], "f", "t", "d")
    table = charts.data_table(["名称", "数"], [[("甲", "a/", "提示"), "1"]])
    fig = str(charts.figure(svg, "说明 <x>", "ch-test", table, scroll=True, min_scale=0.5))
    assert fig.startswith('<figure class="ch ch-test">') and fig.endswith("</figure>")
    assert "\n\n" not in fig and "说明 &lt;x&gt;" in fig
    assert render(f"前文\n\n{fig}\n\n后文") == f"<p>前文</p>\n{fig}\n<p>后文</p>"


def test_text_width_and_clip() -> None:
    assert charts.text_width("中文", 10) == 20
    assert charts.text_width("ab", 10) == pytest.approx(12)
    assert charts.clip("一二三四五六", 40, 10) == "一二三…"
    assert charts.clip("一二", 40, 10) == "一二"
    assert charts.percent(0.5) == "50%" and charts.percent(0.012) == "1.2%"


def test_slugs_never_collide_with_page_files() -> None:
    slugs = unique_slugs(["2", "index", "甲", "jia", "values-2"])
    assert len(set(slugs.values())) == 5
    assert not any(s in ("2", "index") or s.startswith("values-") for s in slugs.values())


def test_browse_index_year_meeting_lists(corpus: tuple[list[Report], TaxIndex]) -> None:
    reports, _ = corpus
    browse = browse_index(reports)
    years = browse.facets["year"]
    assert sum(years.counts().values()) == len(reports)
    for year in years.groups:
        links = browse.breakdown("year", year)
        assert sum(x["count"] for x in links) == len(years.groups[year])


def test_link_checker_follows_chart_links(tmp_path: Path) -> None:
    from generator.publish.linkcheck import check_site

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="y-2023">2023</h2>', encoding="utf-8")
    svg = ('<svg><a xlink:href="a/#y-2023"><rect/></a><a xlink:href="a/#y-2019"><rect/></a>'
           '<a xlink:href="missing/"><rect/></a></svg>')
    (tmp_path / "index.html").write_text(svg, encoding="utf-8")
    assert check_site(tmp_path) == ["index.html: missing anchor a/#y-2019",
                                    "index.html: missing missing/"]
