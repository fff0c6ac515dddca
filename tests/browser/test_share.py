"""Share URLs in headless Chromium (issue 16): ``p/<slug>/<anchor>/`` forwards to the passage,
highlighted, with scripts on and off; the ¶ control copies the share URL; forwarded anchors
land on the surviving passage.

With scripts on, the highlight (``.psg-hl``) and the forward notice come from cite.js. At the
time of writing cite.js looks for ``article.report`` and ``.report-body``, which the Markdown
report pages no longer have, so it does not land at all (tests/browser/test_citation.py fails
the same way); those two checks are marked as expected failures in exactly that state, and pass
by themselves once the cite.js rewrite lands.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.site.exports import load_passages
from tests.conftest import build_site, copy_corpus, screenshot, serve

pytestmark = pytest.mark.browser

SHI = "2021-shi-zhengfu-dangzu-dangshi-zhuanti"
QU = "2023-qu-wei-banzi-zhuti-jiaoyu-zhuanti"
FORWARDED = "此段落已修改/移除，已跳转到最接近的段落"  # cite.js's notice
CITE_GAP = ("cite.js does not land on the Markdown report pages yet (it looks for "
            "article.report); the cite.js rewrite in progress fixes that")


def _records(site: Path) -> list[dict]:
    return load_passages(site / "data")


def _anchor(record: dict) -> str:
    return record["id"].split("#")[1]


@pytest.fixture()
def tab(browser, request) -> Iterator[object]:  # noqa: ANN001
    """A page with scripts on or off (``request.param``), clipboard allowed."""
    scripts = getattr(request, "param", True)
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=scripts)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


_HIGHLIGHTED = """a => { const e = document.getElementById(a); if (!e) return false;
    const bg = getComputedStyle(e).backgroundColor;
    return bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent'; }"""


def _in_view(page, anchor: str, timeout: float = 15.0) -> bool:  # noqa: ANN001
    """Whether the passage is in view once the page has settled: two reads in a row agree
    (after ``load`` the page may still lay out late content and scroll to the target; a
    single read races it). False if it is not in view within ``timeout`` seconds."""
    deadline, last = time.monotonic() + timeout, None
    while True:
        now = page.evaluate("""a => { const r = document.getElementById(a).getBoundingClientRect();
            return [r.top >= 0 && r.top < innerHeight - 40, Math.round(r.top)]; }""", anchor)
        if now[0] and now == last:
            return True
        if time.monotonic() > deadline:
            return False
        last = now
        time.sleep(0.1)


def _cite_gap(page) -> bool:  # noqa: ANN001
    """cite.js runs but cannot land on this page (see the module's docstring)."""
    return page.evaluate("!!window.archiveCite && !document.querySelector('article.report')")


_DIAGNOSIS = """a => { const e = document.getElementById(a);
    return JSON.stringify({url: location.href, found: !!e, tag: e && e.tagName,
        cls: e && e.className, target: !!e && e.matches(':target'),
        bg: e && getComputedStyle(e).backgroundColor, html: document.documentElement.className,
        ids: document.querySelectorAll('[id="' + a + '"]').length,
        css: [...document.styleSheets].map(s => (s.href || 'inline').split('/').pop())}); }"""


def _wait_highlighted(page, anchor: str, scripts: bool, timeout: float = 5000) -> None:  # noqa: ANN001
    """The landed passage is visibly marked: by :target (scripts off) or cite.js's .psg-hl.

    Polls from here with ``evaluate``: in a page with scripts off, ``wait_for_function``'s own
    poller (animation frames or timers inside the page) may never run again after its first
    check, and times out on a page that shows the mark. A failure says what the page showed."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(_HIGHLIGHTED, anchor):
        if time.monotonic() > deadline:
            if scripts and _cite_gap(page):
                pytest.xfail(CITE_GAP)
            raise AssertionError(f"#{anchor} is not highlighted: "
                                 f"{page.evaluate(_DIAGNOSIS, anchor)}")
        time.sleep(0.1)


@pytest.mark.parametrize("tab", [True, False], ids=["scripts-on", "scripts-off"],
                         indirect=True)
def test_share_url_lands_on_the_highlighted_passage(seed_site: Path, tab, request) -> None:  # noqa: ANN001
    page, scripts = tab, request.node.callspec.params["tab"]
    record = next(r for r in _records(seed_site) if r["report"] == SHI and r["path"] == "1.4.1")
    anchor = _anchor(record)
    base = serve(seed_site)
    page.goto(f"{base}p/{SHI}/{anchor}/")
    page.wait_for_url(f"{base}reports/{SHI}/#{anchor}")
    page.wait_for_load_state("load")
    assert page.evaluate("a => document.getElementById(a).matches(':target')", anchor)
    assert _in_view(page, anchor)
    name = "share-landing-" + ("scripts-on" if scripts else "scripts-off")
    try:
        _wait_highlighted(page, anchor, scripts)
    finally:
        screenshot(page, name)
    assert _in_view(page, anchor)


@pytest.mark.parametrize("tab", [True, False], ids=["scripts-on", "scripts-off"],
                         indirect=True)
def test_forwarded_share_url_lands_on_the_survivor(tmp_path: Path, tab, request) -> None:  # noqa: ANN001
    page, scripts = tab, request.node.callspec.params["tab"]
    corpus = copy_corpus(tmp_path / "corpus")
    assert build_site(corpus, tmp_path / "one", classify=False, search=False).ok
    before = [r for r in _records(tmp_path / "one" / "site") if r["report"] == QU]
    gone = next(r for r in before if r["lead"] == "政治格局不高")
    survivor = _anchor(before[before.index(gone) + 1])
    source = corpus / f"{QU}.txt"
    source.write_text(source.read_text("utf-8").replace(gone["text"], "", 1), "utf-8")
    assert build_site(corpus, tmp_path / "two", classify=False, search=False).ok
    base = serve(tmp_path / "two" / "site")
    page.goto(f"{base}p/{QU}/{_anchor(gone)}/")
    if not scripts:
        # Meta refresh: straight to the surviving passage, marked by :target.
        page.wait_for_url(f"{base}reports/{QU}/#{survivor}")
        _wait_highlighted(page, survivor, scripts)
        assert _in_view(page, survivor)
        screenshot(page, "share-forward-scripts-off")
        return
    # Script: the old anchor, which cite.js forwards to the survivor with its notice.
    page.wait_for_url(f"{base}reports/{QU}/#*")
    page.wait_for_load_state("load")
    try:
        page.wait_for_selector(".cite-notice", timeout=5000)
    except Exception:
        screenshot(page, "share-forward-scripts-on")
        if _cite_gap(page):
            pytest.xfail(CITE_GAP)
        raise
    assert FORWARDED in page.locator(".cite-notice").inner_text()
    page.wait_for_function("a => location.hash === '#' + a", arg=survivor)
    _wait_highlighted(page, survivor, scripts)
    screenshot(page, "share-forward-scripts-on")


def test_paragraph_control_copies_the_share_url(seed_site: Path, tab, browser) -> None:  # noqa: ANN001
    page = tab
    record = next(r for r in _records(seed_site) if r["report"] == SHI and r["path"] == "1.1.2")
    anchor = _anchor(record)
    base = serve(seed_site)
    share = f"{base}p/{SHI}/{anchor}/"
    page.goto(f"{base}reports/{SHI}/")
    page.wait_for_load_state("load")
    link = page.locator(f"#{anchor} > .psg-link")
    page.wait_for_function("a => document.querySelector('#' + a + ' > .psg-link')"
                           ".href.includes('/p/')", arg=anchor)
    assert link.evaluate("a => a.href") == share  # "copy link address" gives it too
    assert page.evaluate("a => window.archiveShare.url(a)", anchor) == share
    page.locator(f"#{anchor}").hover()
    link.click()
    page.wait_for_function("u => navigator.clipboard.readText().then(t => t === u)", arg=share)
    assert page.locator(".archive-toast").inner_text() == "已复制本段链接"
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert "psg-hl" in (page.locator(f"#{anchor}").get_attribute("class") or "")
    screenshot(page, "share-copy")

    # The citation keeps the canonical URL (when cite.js offers its 引用 control here).
    cite = page.locator(f"#{anchor} .psg-cite")
    if cite.count():
        cite.click()
        page.wait_for_function("() => navigator.clipboard.readText()"
                               ".then(t => t.startsWith('《'))")
        text = page.evaluate("navigator.clipboard.readText()")
        assert f"{base}reports/{SHI}/#{anchor}" in text and "/p/" not in text

    # What the reader pasted, opened without scripts (a chat's in-app browser, say).
    context = browser.new_context(java_script_enabled=False)
    other = context.new_page()
    other.goto(share)
    other.wait_for_url(f"{base}reports/{SHI}/#{anchor}")
    other.wait_for_load_state("load")
    _wait_highlighted(other, anchor, scripts=False, timeout=15000)
    context.close()


def test_without_share_pages_paragraph_control_is_unchanged(tmp_path: Path, tab) -> None:  # noqa: ANN001
    page = tab
    corpus = copy_corpus(tmp_path / "corpus")
    assert build_site(corpus, tmp_path, classify=False, search=False, share=False).ok
    site = tmp_path / "site"
    record = next(r for r in _records(site) if r["report"] == SHI)
    page.goto(serve(site) + f"reports/{SHI}/")
    page.wait_for_load_state("load")
    assert page.evaluate("a => window.archiveShare.url(a)", _anchor(record)) == ""
    href = page.locator(f"#{_anchor(record)} > .psg-link").get_attribute("href")
    assert href.endswith(f"#{_anchor(record)}") and "/p/" not in href  # Material may absolutise
    shutil.rmtree(site)
