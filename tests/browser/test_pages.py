"""The site in headless Chromium: home page, a report page, passage links, phone width."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.exports import load_passages
from tests.conftest import screenshot, serve

pytestmark = pytest.mark.browser


def _records(site: Path) -> list[dict]:
    return load_passages(site / "data")


def test_home_lists_every_report(seed_site: Path, page) -> None:  # noqa: ANN001
    page.goto(serve(seed_site))
    rows = page.locator(".md-content table tbody tr:not(.ch-data tr)")  # not a chart's data
    assert rows.count() == 5
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.locator(".md-content a", has_text="数据下载").count() == 1  # the exports
    screenshot(page, "home")
    page.locator(".md-content table a", has_text="市政府党组").click()
    page.wait_for_url("**/reports/2021-shi-zhengfu-dangzu-dangshi-zhuanti/")
    assert "查找的突出问题" in page.locator(".md-content article").inner_text()


@pytest.mark.parametrize("slug", ["2021-shi-zhengfu-dangzu-dangshi-zhuanti",
                                  "2021-qu-zhuyao-fuzeren-dangshi-zhuanti"])
def test_report_page_passages_match_export(seed_site: Path, page, slug: str) -> None:  # noqa: ANN001
    page.goto(serve(seed_site) + f"reports/{slug}/")
    expected = [r["id"].split("#")[1] for r in _records(seed_site) if r["report"] == slug]
    ids = page.locator(".md-content .psg").evaluate_all("els => els.map(e => e.id)")
    assert ids == expected
    assert page.locator(".psg-point > strong:first-of-type").count() == sum(
        1 for r in _records(seed_site) if r["report"] == slug and r["kind"] == "point")
    assert page.locator(".md-sidebar--secondary .md-nav__link").count() > 3
    screenshot(page, f"report-{slug}")


def test_passage_link_highlights_and_copies(seed_site: Path, browser) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    slug = "2023-qu-wei-banzi-zhuti-jiaoyu-zhuanti"
    record = next(r for r in _records(seed_site) if r["report"] == slug and r["kind"] == "point")
    anchor = record["id"].split("#")[1]
    page.goto(serve(seed_site) + record["url"])
    target = page.locator(f"#{anchor}")
    assert "psg-hl" in target.get_attribute("class")
    box = target.bounding_box()
    assert box and 0 <= box["y"] < 450  # scrolled into view, below the sticky header
    target.hover()
    target.locator(".psg-link").click()
    assert page.locator(".archive-toast").inner_text() == "已复制本段链接"
    screenshot(page, "passage-highlight")
    context.close()


def test_phone_width_has_no_horizontal_scroll(seed_site: Path, browser) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(serve(seed_site) + "reports/2021-qu-zhengfu-lingdao-banzi-duizhao-jiancha/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 376
    screenshot(page, "report-phone")
    context.close()


def test_dark_mode_toggle(seed_site: Path, page) -> None:  # noqa: ANN001
    page.goto(serve(seed_site))
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}


def test_cross_references_collapse_behind_a_toggle(seed_site: Path, browser) -> None:  # noqa: ANN001
    """"其他报告中的同类问题" is a paragraph after the chips: with scripts it is collapsed
    behind a toggle at the end of the chips; without scripts it stays visible."""
    url = serve(seed_site) + "reports/2021-shi-zhengfu-dangzu-dangshi-zhuanti/"
    plain = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = plain.new_page()
    page.goto(url)
    refs = page.locator("p.tax-refs")
    assert refs.count() > 3
    assert refs.first.is_visible() and refs.first.inner_text().startswith("其他报告中的同类问题")
    plain.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    toggles = page.locator(".psg-tax > button.tax-refs-toggle")
    page.wait_for_function("document.querySelectorAll('.tax-refs-toggle').length > 3")
    assert toggles.count() == page.locator("p.tax-refs").count()
    assert page.locator("p.tax-refs:visible").count() == 0
    toggle = toggles.nth(1)
    assert toggle.inner_text().strip().endswith("其他报告中的同类问题")
    assert toggle.get_attribute("aria-expanded") == "false"
    refs = page.locator("#" + (toggle.get_attribute("aria-controls") or ""))
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and refs.is_visible()
    assert refs.locator("a[href*='#p-']").count() >= 1
    screenshot(page, "report-refs-open")
    toggle.click()
    assert not refs.is_visible()
    context.close()
