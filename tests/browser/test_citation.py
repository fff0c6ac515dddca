"""Passage citations in headless Chromium (issue 5): the 引用 control, landing and highlight,
position aliases, forwards of vanished passages, selection citations with text fragments,
Material's instant navigation, phone and keyboard use."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.site.exports import load_passages
from tests.conftest import build_site, copy_corpus, screenshot, serve

pytestmark = pytest.mark.browser

SHI = "2021-shi-zhengfu-dangzu-dangshi-zhuanti"
SHI_TITLE = "市政府党组专题民主生活会对照检查材料"
FORWARDED = "此段落已修改/移除，已跳转到最接近的段落"
SCRIPTS = ("fragments", "common", "landing", "citation", "selection", "refs")
TAGS = (
    '<link rel="stylesheet" href="{root}assets/archive/cite.css">',
    *(f'<script src="{{root}}assets/archive/{name}.js"></script>' for name in SCRIPTS),
)


def _records(site: Path) -> list[dict]:
    return load_passages(site / "data")


def _record(site: Path, slug: str, path: str, kind: str | None = None) -> dict:
    return next(
        r
        for r in _records(site)
        if r["report"] == slug and r["path"] == path and (kind is None or r["kind"] == kind)
    )


def _anchor(record: dict) -> str:
    return record["id"].split("#")[1]


def with_cite_assets(site: Path, dest: Path) -> Path:
    """``site`` itself when its pages load the citation scripts (mkdocs.yml lists them);
    otherwise a copy with their tags added to every page."""
    sample = next((site / "reports").glob("*/index.html")).read_text("utf-8")
    if "assets/archive/landing.js" in sample:
        return site
    shutil.copytree(site, dest)
    for page in dest.rglob("*.html"):
        depth = len(page.relative_to(dest).parts) - 1
        root = "../" * depth
        tags = "".join(t.format(root=root) for t in TAGS)
        page.write_text(page.read_text("utf-8").replace("</body>", tags + "</body>"), "utf-8")
    return dest


@pytest.fixture(scope="module")
def site(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_cite_assets(seed_site, tmp_path_factory.mktemp("cite") / "site")


@pytest.fixture()
def clip_page(browser) -> Iterator[object]:  # noqa: ANN001
    """A page whose context may read and write the clipboard."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def _today(page) -> str:  # noqa: ANN001
    return page.evaluate(
        "(() => { const d = new Date(); return d.getFullYear() + '年' + "
        "(d.getMonth() + 1) + '月' + d.getDate() + '日'; })()"
    )


def _clipboard(page) -> str:  # noqa: ANN001
    return page.evaluate("navigator.clipboard.readText()")


def _wait_landed(page, anchor: str) -> None:  # noqa: ANN001
    page.wait_for_function(
        "a => { const e = document.getElementById(a);"
        " return e && e.classList.contains('psg-hl'); }",
        arg=anchor,
    )


_BELOW_HEADER = ("a => document.getElementById(a).getBoundingClientRect().top - "
                 "document.querySelector('.md-header').getBoundingClientRect().bottom")


def _below_header(page, anchor: str) -> float:  # noqa: ANN001
    """The passage's top relative to the sticky header's bottom (px), once the page has
    stopped moving (two reads 100 ms apart agree; at most 5 s): a loaded machine lays the
    page out late, and landing.js puts the passage back while it settles."""
    page.wait_for_function(
        f"""a => {{ const y = ({_BELOW_HEADER})(a);
            const same = window.__lastY !== undefined && Math.abs(window.__lastY - y) < 1;
            window.__lastY = y; return same; }}""",
        arg=anchor, polling=100, timeout=5000)
    return page.evaluate(_BELOW_HEADER, anchor)


def _settles_below_header(page, anchor: str, timeout: float = 5000) -> float:  # noqa: ANN001
    """The passage's offset below the header once it is there (0–60 px), waiting up to
    ``timeout`` ms: on a loaded machine the page may hold still for a moment at an earlier
    layout before landing.js has put the passage back. On timeout, the offset as it is."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"a => {{ const y = ({_BELOW_HEADER})(a); return y >= 0 && y < 60; }}",
            arg=anchor, polling=100, timeout=timeout)
    return page.evaluate(_BELOW_HEADER, anchor)


def test_cite_button_copies_exact_citation(site: Path, clip_page) -> None:  # noqa: ANN001
    page = clip_page
    record = _record(site, SHI, "1.1.1", "point")
    anchor = _anchor(record)
    base = serve(site)
    page.goto(base + f"reports/{SHI}/")
    target = page.locator(f"#{anchor}")
    target.hover()
    target.locator(".psg-cite").click()
    page.wait_for_selector(".cite-toast")
    assert page.locator(".cite-toast").inner_text() == "已复制本段引文"
    expected = (
        f"《{SHI_TITLE}》，一、查找的突出问题，（一）理论学习方面，一是学习不够积极主动，"
        f"{base}reports/{SHI}/#{anchor}，访问日期：{_today(page)}。"
    )
    assert _clipboard(page) == expected
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert "psg-hl" in (target.get_attribute("class") or "")
    screenshot(page, "cite-point")


def test_cite_heading_and_paragraph(site: Path, clip_page) -> None:  # noqa: ANN001
    page = clip_page
    base = serve(site)
    page.goto(base + f"reports/{SHI}/")
    heading = _anchor(_record(site, SHI, "1.2", "heading"))
    page.locator(f"#{heading} .psg-cite").focus()
    page.keyboard.press("Enter")  # keyboard use: the control is a real button
    page.wait_for_selector(".cite-toast")
    assert _clipboard(page) == (
        f"《{SHI_TITLE}》，一、查找的突出问题，（二）标准境界方面，"
        f"{base}reports/{SHI}/#{heading}，访问日期：{_today(page)}。"
    )
    para = _anchor(_record(site, SHI, "3", "para"))
    page.locator(f"#{para} .psg-cite").focus()
    page.keyboard.press("Space")
    page.wait_for_function("a => navigator.clipboard.readText().then(t => t.includes(a))", arg=para)
    assert _clipboard(page).startswith(f"《{SHI_TITLE}》，三、努力方向和整改措施，{base}")


def test_copy_link_control_copies_share_url(site: Path, clip_page) -> None:  # noqa: ANN001
    """¶ copies the passage's share URL (issue 16, share.js); citations keep the report URL."""
    page = clip_page
    anchor = _anchor(_record(site, SHI, "1.1.2", "point"))
    base = serve(site)
    page.goto(base + f"reports/{SHI}/")
    page.locator(f"#{anchor}").hover()
    page.locator(f"#{anchor} .psg-link").click()
    page.wait_for_function(
        "a => navigator.clipboard.readText().then(t => t.endsWith(a))", arg=f"/{anchor}/"
    )
    assert _clipboard(page) == f"{base}p/{SHI}/{anchor}/"


def test_landing_scrolls_below_header_and_highlights(site: Path, page) -> None:  # noqa: ANN001
    anchor = _anchor(_record(site, SHI, "1.5.3", "point"))
    page.goto(serve(site) + f"reports/{SHI}/#{anchor}")
    _wait_landed(page, anchor)
    assert 0 <= _settles_below_header(page, anchor) < 60
    assert page.locator(".psg-hl").count() == 1
    assert page.locator(".cite-notice").count() == 0
    screenshot(page, "cite-landing")


_GROW_ABOVE = """() => { const d = document.createElement('div'); d.id = 'late';
    d.style.height = '900px'; document.querySelector('.md-content').prepend(d); }"""


def test_landing_holds_while_the_page_settles(site: Path, page) -> None:  # noqa: ANN001
    """Content laid out late above the passage (a slow font, a block that grows) does not
    carry the passage away; once the reader scrolls, the page is theirs. (Chromium's scroll
    anchoring would hide the movement here; it is off, as in browsers without it, and as
    when the movement happens before anything is in view.)"""
    anchor = _anchor(_record(site, SHI, "1.5.3", "point"))
    page.goto(serve(site) + f"reports/{SHI}/#{anchor}")
    _wait_landed(page, anchor)
    page.evaluate("() => { for (const e of [document.documentElement, document.body])"
                  " e.style.overflowAnchor = 'none'; }")
    page.evaluate(_GROW_ABOVE)
    assert 0 <= _below_header(page, anchor) < 60
    page.mouse.move(640, 500)
    page.mouse.wheel(0, 300)  # the reader's own scroll
    page.wait_for_timeout(300)
    moved = _below_header(page, anchor)
    page.evaluate("() => document.getElementById('late').style.height = '1800px'")
    assert _below_header(page, anchor) > moved + 800  # left where the reader's page put it


def test_position_alias_forwards_to_permanent_anchor(site: Path, page) -> None:  # noqa: ANN001
    slug = "2021-qu-zhuyao-fuzeren-dangshi-zhuanti"
    cases = {
        "s2-1-3": None,
        "s2-2-3": ("2.2.3", "point"),
        "s3": ("3", "heading"),
        "s2-1": ("2.1", "heading"),
        "s3-2": ("3.2", "point"),
    }
    base = serve(site)
    for alias, expected in cases.items():
        page.goto("about:blank")  # each alias is a fresh arrival, as when a link is pasted
        page.goto(base + f"reports/{slug}/#{alias}")
        if expected is None:  # there is no point 2.1.3 in this report
            page.wait_for_selector(".cite-notice")
            assert page.locator(".psg-hl").count() == 0
            continue
        anchor = _anchor(_record(site, slug, *expected))
        _wait_landed(page, anchor)
        # The alias is replaced by a permanent anchor (Material's navigation.tracking may
        # then set the hash to the enclosing heading's anchor as the page scrolls).
        assert page.evaluate("location.hash").startswith("#p-"), alias
        assert 0 <= _settles_below_header(page, anchor) < 60
    page.goto("about:blank")
    page.goto(base + f"reports/{SHI}/#s1-3-2")
    anchor = _anchor(_record(site, SHI, "1.3.2", "point"))
    _wait_landed(page, anchor)
    screenshot(page, "cite-alias")


def test_forward_injected_map(site: Path, page) -> None:  # noqa: ANN001
    """The JS side of forwards, independent of the lock: a map injected into the page."""
    target = _anchor(_record(site, SHI, "1.4.2", "point"))
    page.goto(serve(site) + f"reports/{SHI}/")
    page.evaluate(
        """t => {
        document.getElementById('psg-forwards')?.remove();
        const s = document.createElement('script');
        s.type = 'application/json'; s.id = 'psg-forwards';
        s.textContent = JSON.stringify({'p-zzzzzz': t});
        document.body.appendChild(s);
        location.hash = '#p-zzzzzz';
    }""",
        target,
    )
    _wait_landed(page, target)
    # The landing may run twice (the hash change, then Material's page event on a slow
    # machine); what a reader sees once it settles is the notice above the passage.
    page.wait_for_selector(f'.cite-notice[data-for="{target}"]', state="visible")
    notice = page.locator(".cite-notice")
    assert notice.count() == 1
    assert notice.inner_text().strip().startswith(FORWARDED)
    page.wait_for_function("a => location.hash === '#' + a", arg=target)
    screenshot(page, "cite-forward-injected")
    notice.locator("button").click()
    assert page.locator(".cite-notice").count() == 0


def test_forward_after_a_passage_is_deleted(tmp_path: Path, page) -> None:  # noqa: ANN001
    """Real forwards: build, delete a point from the corpus, rebuild with the lock."""
    corpus = copy_corpus(tmp_path / "corpus")
    assert build_site(corpus, tmp_path / "one").ok
    old = _records(tmp_path / "one" / "site")
    victim = next(r for r in old if r["report"] == SHI and r["path"] == "1.2.2")
    source = corpus / f"{SHI}.md"
    text = source.read_text("utf-8")
    assert victim["text"] in text
    source.write_text(text.replace(victim["text"], ""), "utf-8")
    assert build_site(corpus, tmp_path / "two").ok
    site = with_cite_assets(tmp_path / "two" / "site", tmp_path / "two-cite")
    page_html = (site / "reports" / SHI / "index.html").read_text("utf-8")
    assert "data-forwards=" in page_html
    anchor = _anchor(victim)
    page.goto(serve(site) + f"reports/{SHI}/#{anchor}")
    page.wait_for_selector(".cite-notice")
    assert page.locator(".cite-notice").is_visible()
    landed = page.evaluate("location.hash").lstrip("#")
    assert landed != anchor and page.locator(f"#{landed}.psg-hl").count() == 1
    assert 0 <= _below_header(page, landed) < 120  # the notice sits above the passage
    screenshot(page, "cite-forward-real")
    # Arriving by instant navigation: Material re-creates the page's inline scripts without
    # their attributes, and the forward must still work.
    _instant_go(page, add_sitemap(site), f"reports/{SHI}/#{anchor}")
    page.wait_for_selector(".cite-notice")
    assert page.evaluate("window.__noReload === true")
    assert page.locator(f"#{landed}.psg-hl").count() == 1


def _select(page, anchor: str, start: int, end: int) -> str:  # noqa: ANN001
    """Select characters [start, end) of a passage's text; returns the selected text."""
    return page.evaluate(
        """([a, start, end]) => {
        const el = document.getElementById(a);
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
            acceptNode: n => n.parentElement.closest('.psg-link, .psg-cite, .cite-sel')
                ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
        const range = document.createRange();
        let pos = 0, n;
        while ((n = walker.nextNode())) {
            const len = n.data.length;
            if (pos <= start && start < pos + len) range.setStart(n, start - pos);
            if (pos < end && end <= pos + len) { range.setEnd(n, end - pos); break; }
            pos += len;
        }
        const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
        return sel.toString();
    }""",
        [anchor, start, end],
    )


def test_selection_citation_with_text_fragment(site: Path, clip_page, browser) -> None:  # noqa: ANN001
    page = clip_page
    record = _record(site, SHI, "1.3.2", "point")
    anchor = _anchor(record)
    base = serve(site)
    page.goto(base + f"reports/{SHI}/")
    page.locator(f"#{anchor}").scroll_into_view_if_needed()
    start = record["text"].index("有的同志只防出错")
    chosen = _select(page, anchor, start, start + len("有的同志只防出错、不求出新"))
    button = page.locator(".cite-sel")
    button.wait_for(state="visible")
    screenshot(page, "cite-selection")
    button.click()
    page.wait_for_selector(".cite-toast")
    cited = _clipboard(page)
    url = re.search(r"(http\S+?)，访问日期", cited).group(1)
    assert url.startswith(f"{base}reports/{SHI}/#{anchor}:~:text=")
    assert f"“{chosen}”" in cited
    assert cited.startswith(
        f"《{SHI_TITLE}》，一、查找的突出问题，（三）工作作风方面，二是攻坚克难韧劲不够，“"
    )
    fragment = url.split(":~:text=")[1]
    assert "%2D" not in fragment or "-" not in fragment.replace("-,", "")
    # Opening the link lands on the passage whether or not text fragments are supported.
    other = browser.new_page()
    other.goto(url)
    _wait_landed(other, anchor)
    assert other.evaluate("archiveCite.parseHash(location.hash)") == anchor
    other.close()


def test_long_selection_uses_text_start_and_end(site: Path, clip_page) -> None:  # noqa: ANN001
    page = clip_page
    record = _record(site, SHI, "1.3.1", "point")
    anchor = _anchor(record)
    page.goto(serve(site) + f"reports/{SHI}/")
    _select(page, anchor, 12, 12 + 90)
    page.locator(".cite-sel").wait_for(state="visible")
    page.locator(".cite-sel").click()
    page.wait_for_selector(".cite-toast")
    url = re.search(r"(http\S+?)，访问日期", _clipboard(page)).group(1)
    terms = url.split(":~:text=")[1].split(",")
    assert len(terms) == 2 and all(terms)


def test_hash_parsing_strips_the_fragment_directive(site: Path, page) -> None:  # noqa: ANN001
    """Browsers without text-fragment support keep ``:~:`` in location.hash."""
    anchor = _anchor(_record(site, SHI, "2.2", "point"))
    page.goto(serve(site) + f"reports/{SHI}/")
    directive = ":~:text=" + quote("党性修养")
    assert page.evaluate("h => archiveCite.parseHash(h)", f"#{anchor}{directive}") == anchor
    page.evaluate(
        "h => { history.replaceState(null, '', h); archiveCite.land(); }", f"#{anchor}{directive}"
    )
    _wait_landed(page, anchor)


def add_sitemap(site: Path) -> str:
    """Serve ``site`` with a sitemap listing every page: Material's instant navigation only
    intercepts links to pages its sitemap lists, and MkDocs writes an empty one while
    ``site_url`` is unset. Returns the base URL."""
    base = serve(site)
    urls = "".join(
        f"<url><loc>{base}{p.parent.relative_to(site).as_posix()}/</loc></url>".replace(
            f"{base}./", base
        )
        for p in sorted(site.rglob("index.html"))
    )
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
        f'schemas/sitemap/0.9">{urls}</urlset>\n',
        "utf-8",
    )
    return base


def _instant_go(page, base: str, href: str) -> None:  # noqa: ANN001
    """From the home page, follow a link to ``href`` with Material's instant navigation."""
    # Material intercepts links only once it has fetched and parsed the sitemap, which it
    # does after the page loads: a click before that is an ordinary page load.
    page.goto(base, wait_until="networkidle")
    page.wait_for_function(
        """() => performance.getEntriesByType('resource')
            .some(e => e.name.endsWith('/sitemap.xml') && e.responseEnd > 0)"""
    )
    page.wait_for_timeout(200)
    page.evaluate("window.__noReload = true")
    page.evaluate(
        """h => { const a = document.createElement('a'); a.href = h; a.id = 'go';
        a.textContent = 'go'; document.querySelector('.md-content').appendChild(a); }""",
        href,
    )
    page.locator("#go").click()
    page.wait_for_url("**/" + href.split("#")[0] + "**")


@pytest.fixture(scope="module")
def instant_site(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("instant") / "site"
    shutil.copytree(site, copy)
    add_sitemap(copy)
    return copy


def test_instant_navigation_lands_and_highlights(instant_site: Path, page) -> None:  # noqa: ANN001
    site = instant_site
    anchor = _anchor(_record(site, SHI, "1.4.1", "point"))
    _instant_go(page, serve(site), f"reports/{SHI}/#{anchor}")
    _wait_landed(page, anchor)
    assert page.evaluate("window.__noReload === true"), "Material's instant navigation was used"
    assert 0 <= _below_header(page, anchor) < 60


def test_renamed_report_redirect_keeps_the_fragment(tmp_path: Path, page) -> None:  # noqa: ANN001
    corpus = copy_corpus(tmp_path / "corpus")
    assert build_site(corpus, tmp_path / "one").ok
    anchor = _anchor(_record(tmp_path / "one" / "site", SHI, "1.1.3", "point"))
    (corpus / f"{SHI}.md").rename(corpus / "2021-shi-zhengfu-dangzu.md")
    assert build_site(corpus, tmp_path / "two").ok
    site = tmp_path / "two" / "site"
    if not (site / "reports" / SHI / "index.html").exists():
        pytest.skip("the build does not write redirect pages yet")
    site = with_cite_assets(site, tmp_path / "two-cite")
    page.goto(serve(site) + f"reports/{SHI}/#{anchor}")
    page.wait_for_url("**/reports/2021-shi-zhengfu-dangzu/#" + anchor)
    _wait_landed(page, anchor)


def test_phone_tap_cite(site: Path, browser) -> None:  # noqa: ANN001
    context = browser.new_context(
        viewport={"width": 375, "height": 800},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    anchor = _anchor(_record(site, SHI, "1.1.1", "point"))
    page.goto(serve(site) + f"reports/{SHI}/#{anchor}")
    _wait_landed(page, anchor)
    button = page.locator(f"#{anchor} .psg-cite")
    assert float(button.evaluate("b => getComputedStyle(b).opacity")) > 0.5
    box = button.bounding_box()
    assert box and box["height"] >= 24  # a finger-sized target
    button.tap()
    page.wait_for_selector(".cite-toast")
    assert "访问日期" in _clipboard(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    screenshot(page, "cite-phone")
    context.close()


@pytest.mark.slow
def test_anchor_stability_benchmark(tmp_path: Path) -> None:
    """Two edit classes of ``benchmarks/anchor_stability.py`` (all six: run the script):
    typos kept by similarity, renamed files redirected, every old link in Chromium."""
    # In its own thread: the session's Playwright (sync API) owns this thread's event loop.
    from concurrent.futures import ThreadPoolExecutor

    from benchmarks.anchor_stability import met, run

    with ThreadPoolExecutor(1) as pool:
        figures = pool.submit(run, "be", seed=5, workers=2, keep=tmp_path / "bench",
                              fresh_every=5).result()
    assert [f.name for f in figures if not met(f)] == []


def test_text_fragment_link_shows_the_quote(site: Path, browser) -> None:  # noqa: ANN001
    """Chromium follows the text fragment to the quoted words; landing keeps them in view
    even when the passage's top would be above the viewport."""
    context = browser.new_context(viewport={"width": 1280, "height": 420})
    page = context.new_page()
    record = _record(site, SHI, "1.3.1", "point")
    anchor = _anchor(record)
    words = "归根结底还是不能灵活运用资源优势和优惠政策"
    assert words in record["text"]
    page.goto(serve(site) + record["url"] + ":~:text=" + quote(words))
    _wait_landed(page, anchor)
    page.wait_for_timeout(300)
    visible = page.evaluate(
        """w => { const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let n; while ((n = walker.nextNode())) { const i = n.data.indexOf(w);
          if (i >= 0) { const r = document.createRange(); r.setStart(n, i);
            r.setEnd(n, i + w.length); const b = r.getBoundingClientRect();
            return b.top > 0 && b.bottom < innerHeight; } } return null; }""",
        words,
    )
    assert visible is True
    screenshot(page, "cite-text-fragment")
    context.close()


def test_phone_selection_citation(site: Path, browser) -> None:  # noqa: ANN001
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    record = _record(site, SHI, "1.4.2", "point")
    anchor = _anchor(record)
    page.goto(serve(site) + record["url"])
    _wait_landed(page, anchor)
    start = record["text"].index("政务服务热线")
    _select(page, anchor, start, start + len("政务服务热线是政府和群众沟通的"))
    button = page.locator(".cite-sel")
    button.wait_for(state="visible")
    box = button.bounding_box()
    assert box and box["height"] >= 28 and box["x"] + box["width"] <= 375
    screenshot(page, "cite-selection-phone")
    button.tap()
    page.wait_for_selector(".cite-toast")
    assert f"#{anchor}:~:text=" in _clipboard(page)
    context.close()
