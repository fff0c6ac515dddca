"""Browse pages and charts in headless Chromium (issue 15): sorting tables (one page and a
paginated listing), following a heat-map cell to its passages, term frequency from the search
index, print style, and screenshots at desktop and phone width in light and dark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.site import browse
from tests.conftest import build_site, copy_corpus, screenshot, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds with two reports a listing page, so listings paginate."""
    out = tmp_path_factory.mktemp("paged")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(browse, "PAGE_SIZE", 2)
        assert build_site(copy_corpus(out / "corpus"), out).ok
    return out / "site"


def _column(page, n: int) -> list[str]:  # noqa: ANN001
    return page.locator(f"article table tbody tr td:nth-child({n})").all_inner_texts()


def test_sort_a_table(seed_site: Path, page) -> None:  # noqa: ANN001
    page.goto(serve(seed_site) + "years/2021/")
    before = _column(page, 1)
    header = page.locator("article table thead th").nth(6)
    assert header.get_attribute("aria-sort") == "none"
    header.locator("button").click()
    counts = [int(x) for x in _column(page, 7)]
    assert counts == sorted(counts, reverse=True) and header.get_attribute("aria-sort") == "descending"
    header.locator("button").click()
    assert [int(x) for x in _column(page, 7)] == sorted(counts)
    assert header.get_attribute("aria-sort") == "ascending"
    title = page.locator("article table thead th").nth(0)
    title.locator("button").click()
    assert title.get_attribute("aria-sort") == "ascending"
    assert header.get_attribute("aria-sort") == "none"
    assert sorted(_column(page, 1)) == sorted(before)
    # the links still work after sorting
    page.locator("article table tbody tr td:nth-child(1) a").first.click()
    page.wait_for_url("**/reports/**")


def test_sort_merges_the_pages_of_a_listing(paged_site: Path, page) -> None:  # noqa: ANN001
    page.goto(serve(paged_site) + "browse/2/")
    assert page.locator("article table tbody tr").count() == 2
    page.locator("article table thead th").nth(6).locator("button").click()
    page.wait_for_function("document.querySelector('article table').dataset.sorted")
    counts = [int(x) for x in _column(page, 7)]
    assert len(counts) == 5 and counts == sorted(counts, reverse=True)
    assert page.locator(".pager").first.is_hidden()
    assert "已合并全部 3 页" in page.locator(".sortable").inner_text()
    # rows fetched from other pages link to the right reports
    for href in page.locator("article table tbody td:nth-child(1) a").evaluate_all(
            "els => els.map(a => a.href)"):
        assert re.search(r"/reports/[\w-]+/$", href)
    page.locator("article table tbody td:nth-child(1) a").last.click()
    page.wait_for_url("**/reports/**")
    assert page.locator("article .psg").count() > 10


def test_heat_map_cell_leads_to_its_passages(seed_site: Path, page) -> None:  # noqa: ANN001
    page.goto(serve(seed_site) + "charts/")
    cell = page.locator("#ch-heat a:has(text.ch-num)").first
    shown = int(cell.locator("text.ch-num").text_content())
    label = cell.get_attribute("aria-label")
    cell.click()
    page.wait_for_url(re.compile(r"/themes/\w+/(\d+/)?#r-"))
    anchor = page.evaluate("location.hash.slice(1)")
    heading = page.locator(f"#{anchor}")
    box = heading.bounding_box()
    assert box and 0 <= box["y"] < 600
    count = page.evaluate("""id => { let n = 0, el = document.getElementById(id).nextElementSibling;
        while (el && !/^H[23]$/.test(el.tagName)) { if (el.classList.contains('tax-passage')) n++;
        el = el.nextElementSibling; } return n; }""", anchor)
    assert count == shown, label
    page.locator(f"#{anchor} ~ .tax-passage a").first.click()
    page.wait_for_url(re.compile(r"/reports/[\w-]+/#p-"))
    target = page.locator(page.evaluate("location.hash"))
    assert "psg" in (target.get_attribute("class") or "")
    box = target.bounding_box()
    assert box and 0 <= box["y"] < 600


def test_term_frequency_from_the_search_index(seed_site: Path, page) -> None:  # noqa: ANN001
    page.goto(serve(seed_site) + "terms/")
    static = page.locator("#t4 + .term-counts").inner_text()
    term = page.locator("#t4").inner_text().strip()
    expected = int(re.search(r"共出现 (\d+) 次", static).group(1))
    page.fill("#term-q", term)
    page.click("#term-form button")
    page.wait_for_selector("#term-result[data-total]")
    assert int(page.get_attribute("#term-result", "data-total")) == expected
    assert "term" in page.url and page.locator("#term-result svg a").count() >= 4
    page.locator("#term-result svg a").first.click()
    page.wait_for_url("**/search/?q=*")
    page.wait_for_selector("#archive-results[data-total]")
    assert int(page.get_attribute("#archive-results", "data-total")) > 0


def test_report_prints_without_chrome_with_ids(seed_site: Path, page) -> None:  # noqa: ANN001
    page.goto(serve(seed_site) + "reports/2021-qu-zhengfu-lingdao-banzi-duizhao-jiancha/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".report-source", ".psg-link"):
        assert page.locator(selector).first.evaluate("el => getComputedStyle(el).display") == "none"
    after = page.locator(".psg-point").first.evaluate(
        "el => getComputedStyle(el, '::after').content")
    assert re.fullmatch(r'"#p-[a-z2-7]{6}"', after)


PAGES = {"home": "", "facet": "years/2021/", "theme": "themes/theory_study/",
         "heatmap": "charts/#heatmap"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("device", "width"), [("desktop", 1280), ("phone", 375)])
def test_screenshots(seed_site: Path, browser, device: str, width: int, scheme: str) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 800},
                                  is_mobile=width < 500, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name, url in PAGES.items():
        page.goto(serve(seed_site) + url)
        page.wait_for_timeout(150)
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, name
        if name == "theme":
            page.locator("#ch-years-theory_study").scroll_into_view_if_needed()
        screenshot(page, f"browse-{name}-{device}-{scheme}")
    assert errors == []
    context.close()
