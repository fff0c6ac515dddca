"""The search client in headless Chromium, on the site built from the real corpus: the header
box, the full page with filters, a linked query URL and a click through to the passage."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from benchmarks.queries import brute_force
from generator.search.normalize import fold
from generator.site.exports import load_passages
from tests.conftest import screenshot, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(seed_site: Path) -> tuple[str, list[dict], dict[str, dict]]:
    """Base URL, the site's own passages.jsonl and reports.json (by slug)."""
    passages = load_passages(seed_site / "data")
    reports = json.loads((seed_site / "data/reports.json").read_text(encoding="utf-8"))
    return serve(seed_site), passages, {r["slug"]: r for r in reports}


def expected(passages: list[dict], query: str, keep=lambda p: True) -> set[str]:
    folded = [fold(p["text"]) for p in passages]
    return {passages[i]["id"] for i in brute_force(folded, query) if keep(passages[i])}


def finished(page, selector: str = "#archive-results") -> int:  # noqa: ANN001
    page.wait_for_selector(f"{selector}[data-total]", state="attached")
    return int(page.get_attribute(selector, "data-total"))


def shown(page, selector: str = "#archive-results") -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all(
        f"{selector} [data-passage]", "els => els.map(e => e.dataset.passage)"
    )


def open_search(page, base: str, query: str, **filters: str) -> int:  # noqa: ANN001
    params = "".join(f"&{k}={quote(v)}" for k, v in filters.items())
    page.goto(f"{base}search/?q={quote(query)}{params}")
    return finished(page)


@pytest.mark.parametrize(
    "query",
    [
        "学用结合",
        "廉政",
        "问题",
        "D史",
        "党",
        "xx",
        "2021",
        "黨風廉政",
        "廉政 -整改",
        "存在 问题",
        '"两个维护"',
        "没有的词语",
    ],
)
def test_linked_query_finds_every_passage(page, site, query: str) -> None:  # noqa: ANN001
    base, passages, _ = site
    want = expected(passages, query)
    assert open_search(page, base, query) == len(want)
    ids = shown(page)
    assert len(ids) == min(10, len(want)) and set(ids) <= want
    if want:
        reports = {p["report"] for p in passages if p["id"] in want}
        assert f"共 {len(want)} 段，{len(reports)} 份材料" in page.inner_text(".archive-sp__status")
        assert page.locator("#archive-results mark").count() >= len(ids)


def test_filters_match_brute_force(page, site) -> None:  # noqa: ANN001
    base, passages, reports = site
    query = "问题"
    assert open_search(page, base, query, role="problems") == len(
        expected(passages, query, lambda p: p["role"] == "problems")
    )
    year = reports[passages[0]["report"]]["year"]
    page.select_option("select[name=year]", year)  # a filter change re-runs the search
    page.wait_for_url(f"**year={year}**")
    want = expected(
        passages, query, lambda p: p["role"] == "problems" and reports[p["report"]]["year"] == year
    )
    assert finished(page) == len(want)
    assert set(shown(page)) <= want


def test_paging(page, site) -> None:  # noqa: ANN001
    base, passages, _ = site
    total = open_search(page, base, "的")
    assert total > 10
    first = shown(page)
    page.click(".archive-sp__pager a[data-page='2']")
    page.wait_for_url("**page=2**")
    finished(page)
    second = shown(page)
    assert second and not set(first) & set(second)
    assert set(first) | set(second) <= expected(passages, "的")


def test_header_box(page, site) -> None:  # noqa: ANN001
    base, passages, _ = site
    page.goto(base)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('[data-archive-search-query]')")
    assert page.is_checked("#__search")
    page.keyboard.type("调查研究")
    results = "[data-archive-search-result] ol"
    want = expected(passages, "调查研究")
    assert finished(page, results) == len(want)
    assert set(shown(page, results)) <= want
    more = page.locator("[data-archive-search-result] .md-search-result__meta a")
    assert "search/?q=" in more.get_attribute("href")
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search")
    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the box hides behind a button
    page.click("label.md-header__button[for=__search]")
    assert page.is_checked("#__search")
    page.wait_for_function("document.activeElement.matches('[data-archive-search-query]')")
    page.keyboard.type("廉政")
    finished(page, results)
    screenshot(page, "search-header-phone")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert finished(page) == len(expected(passages, "廉政"))


def test_click_through_highlights_the_passage(page, site) -> None:  # noqa: ANN001
    base, passages, _ = site
    open_search(page, base, "调查研究")
    first = shown(page)[0]
    page.click("#archive-results li:first-child a.archive-hit__title")
    page.wait_for_selector("mark.archive-hl--current")
    assert "hl=" in page.url and page.url.endswith("#" + first.split("#")[-1])
    anchor = first.split("#")[-1]
    assert page.evaluate(
        "a => document.getElementById(a).contains(document.querySelector('.archive-hl--current'))",
        anchor,
    )
    marks = page.locator("mark.archive-hl").count()
    report = next(p["report"] for p in passages if p["id"] == first)
    assert (
        marks
        >= sum(fold(p["text"]).count("调查研究") for p in passages if p["report"] == report)
        > 0
    )
    position = page.inner_text(".archive-hl-bar__pos")
    page.click(".archive-hl-bar button[data-step='1']")
    assert page.inner_text(".archive-hl-bar__pos") != position or marks == 1
