"""Shared phrasing in headless Chromium (issue 14): a marked span on one report's page leads
to the passage of the other report that has it; the toggle hides and shows the marking and
is remembered; the pair page shows both sides."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.conftest import screenshot, serve

pytestmark = pytest.mark.browser

FUZEREN = "2021-qu-zhengfu-fuzeren-dangshi-zhuanti"


def _pair_record(site: Path) -> dict:
    """A pairwise span of the seeds that starts on FUZEREN's page."""
    for line in gzip.decompress((site / "data" / "reuse.jsonl.gz").read_bytes()).decode(
            "utf-8").splitlines():
        record = json.loads(line)
        if record["kind"] == "pair" and record["a"].startswith(FUZEREN + "#"):
            return record
    raise AssertionError("the seeds share no span")


def test_follow_a_shared_span_and_toggle_marking(seed_site: Path, page) -> None:  # noqa: ANN001
    base = serve(seed_site)
    record = _pair_record(seed_site)
    source_anchor = record["a"].split("#")[1]
    page.goto(f"{base}reports/{FUZEREN}/")
    summary = page.locator(".reuse-summary")
    assert "与其他材料重合" in summary.inner_text()
    mark = page.locator(f"#{source_anchor} .reuse-pair").first
    mark.wait_for()
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert "共有：" in (mark.get_attribute("title") or "")
    screenshot(page, "reuse-report-marked")

    # the toggle hides the marks and their links, and the choice survives a reload
    toggle = page.locator(".reuse-toggle")
    assert toggle.inner_text() == "隐藏重合标记"
    toggle.click()
    assert page.evaluate("document.documentElement.classList.contains('reuse-off')")
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert not page.locator(f".reuse-refs[data-for='{source_anchor}']").is_visible()
    screenshot(page, "reuse-report-unmarked")
    page.reload()
    assert page.locator(".reuse-toggle").inner_text() == "显示重合标记"
    page.locator(".reuse-toggle").click()
    assert not page.evaluate("document.documentElement.classList.contains('reuse-off')")

    # clicking the marked span follows it to the other report's passage
    href = page.locator(f".reuse-refs[data-for='{source_anchor}'] .reuse-i0 a").first \
        .get_attribute("href")
    assert "#p-" in href
    target_anchor = href.rsplit("#", 1)[1]
    page.locator(f"#{source_anchor} .reuse.reuse-i0").first.click()
    page.wait_for_url(f"**#{target_anchor}")
    assert FUZEREN not in page.url
    landed = page.locator(f"#{target_anchor}")
    assert landed.is_visible()
    other = page.locator(f"#{target_anchor} .reuse").first
    assert other.count() == 1
    # and the other passage links back to a passage of the first report
    back = page.locator(f".reuse-refs[data-for='{target_anchor}'] a[href*='{FUZEREN}']")
    assert back.count() >= 1
    screenshot(page, "reuse-followed")


def test_pair_page_side_by_side(seed_site: Path, page) -> None:  # noqa: ANN001
    pairs = sorted((seed_site / "reuse" / "pairs").glob("*/index.html"))
    assert pairs, "the seeds have a pair that shares a lot"
    base = serve(seed_site)
    page.goto(base + pairs[0].relative_to(seed_site).parent.as_posix() + "/")
    rows = page.locator("table tbody tr")
    assert rows.count() >= 5
    cells = rows.first.locator("td")
    assert cells.count() == 3
    assert page.locator("table a[href*='#p-']").count() >= 2 * rows.count()
    screenshot(page, "reuse-pair-page")
    page.goto(base + "reuse/")
    assert page.locator("#boilerplate").count() == 1
    screenshot(page, "reuse-index")
