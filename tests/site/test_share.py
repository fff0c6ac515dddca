"""Share pages (issue 16): ``p/<slug>/<anchor>/`` unfurls as its passage.

A chat service fetches the URL without running scripts and reads the Open Graph tags; these
tests do the same (``urllib`` against a local ``http.server``, the standard library's HTML
parser), then follow the page's links. Hostile text stays text in every tag and attribute;
forwarded anchors and renamed reports keep their share pages; the link checker covers them; a
report's pages can be rewritten alone (incremental builds).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.anchors.lock import Block
from generator.publish.linkcheck import check_site
from generator.publish.share import (
    drop_report,
    settings_from_config,
    write_report,
    write_share_pages,
)
from generator.site.exports import load_passages
from generator.site.share import (
    EXCERPT,
    FORWARDED,
    ShareSettings,
    clean,
    excerpt,
    report_share_pages,
)
from tests.conftest import ROOT, build_site, copy_corpus, make_corpus, serve

SHI = "2021-shi-zhengfu-dangzu-dangshi-zhuanti"
SHI_TITLE = "市政府党组专题民主生活会对照检查材料"
QU = "2023-qu-wei-banzi-zhuti-jiaoyu-zhuanti"
#: A chat service's user agent (some sites answer bots differently; this one must not).
BOT = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"


class Unfurl(HTMLParser):
    """What a link preview reads of a page: ``<meta>`` tags, ``<title>``, ``<link>``s, and
    every tag with its attributes (to look for anything that could run)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        key = a.get("property") or a.get("name") or a.get("http-equiv")
        if tag == "meta" and key and a.get("content") is not None:
            self.meta.setdefault(key.lower(), a["content"] or "")
        if tag == "link" and a.get("rel"):
            self.links[a["rel"] or ""] = a.get("href") or ""
        if tag in ("title", "script"):
            self._in = tag
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.scripts[-1] += data

    @property
    def refresh(self) -> str:
        """The meta refresh's URL (``0; url=…``)."""
        delay, _, url = self.meta["refresh"].partition(";")
        assert delay.strip() == "0"
        return url.strip().removeprefix("url=")


def unfurl(url: str) -> Unfurl:
    """Fetch ``url`` the way a chat service does (no scripts) and parse its head."""
    request = urllib.request.Request(url, headers={"User-Agent": BOT})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers.get_content_type() == "text/html"
        page = Unfurl()
        page.feed(response.read().decode("utf-8"))
    return page


def parse(path: Path) -> Unfurl:
    page = Unfurl()
    page.feed(path.read_text("utf-8"))
    return page


def _records(site: Path) -> list[dict]:
    return load_passages(site / "data")


def _anchor(record: dict) -> str:
    return record["id"].split("#")[1]


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


# --- unfurling -------------------------------------------------------------------------------


def test_share_url_unfurls_as_its_passage(seed_site: Path) -> None:
    record = next(r for r in _records(seed_site) if r["report"] == SHI and r["path"] == "1.2.2")
    anchor = _anchor(record)
    base = serve(seed_site)
    share = f"{base}p/{SHI}/{anchor}/"
    page = unfurl(share)

    title, description = page.meta["og:title"], page.meta["og:description"]
    assert title.startswith(SHI_TITLE + "｜")
    assert record["section"] in title and record["heading"] in title  # the section
    assert description == excerpt(record["text"])
    assert description.startswith(record["text"][:EXCERPT - 10])  # the passage's own words
    assert len(description) <= EXCERPT + 1
    assert page.title == title
    assert page.meta["og:site_name"] == "对照检查材料档案库"
    assert page.meta["og:type"] == "article"
    assert page.meta["twitter:card"] == "summary"
    assert "og:url" not in page.meta  # no site_url in mkdocs.yml: Open Graph wants absolute

    # Canonical link and meta refresh: the report page at the anchor, which exists there.
    landing = f"{base}reports/{SHI}/#{anchor}"
    assert urljoin(share, page.links["canonical"]) == landing
    assert urljoin(share, page.refresh) == landing
    assert page.scripts == [f'location.replace("../../../reports/{SHI}/#{anchor}")']
    report = _fetch(landing.split("#")[0])
    assert f'id="{anchor}"' in report
    assert f'data-share-base="../../p/{SHI}/"' in report


def test_every_passage_has_a_share_page(seed_site: Path) -> None:
    records = _records(seed_site)
    assert records
    for record in records:
        page = parse(seed_site / "p" / record["report"] / _anchor(record) / "index.html")
        assert page.meta["og:description"] == excerpt(record["text"])
        assert urljoin(f"/p/{record['report']}/{_anchor(record)}/", page.refresh) == \
            "/" + record["url"]
    for report in {r["report"] for r in records}:  # the folder itself: the report
        page = parse(seed_site / "p" / report / "index.html")
        assert urljoin(f"/p/{report}/", page.refresh) == f"/reports/{report}/"


def test_preamble_passage_names_its_role(seed_site: Path) -> None:
    record = next(r for r in _records(seed_site) if r["report"] == QU and r["role"] == "preamble")
    page = parse(seed_site / "p" / QU / _anchor(record) / "index.html")
    assert page.meta["og:title"].endswith("｜导语")


# --- hostile text ----------------------------------------------------------------------------

HOSTILE = """一、存在的主要问题 "><script>alert(1)</script>
（一）理论学习方面' onmouseover='alert(2)
一是<img src=x onerror="alert(3)">和"双引号"、'单引号'、&amp;实体&lt;照原样显示。
二是javascript:alert(4) 与 [链接](javascript:alert(5)) 只是文字，</title></head><body onload=alert(6)>也是。
三是{{ config.site_name }}{% raw %}与</script><script>alert(7)</script>\u2028\u0007控制字符。
"""
HOSTILE_META = """title: "\\"><meta http-equiv=refresh content='0;url=javascript:alert(8)'>标题'\\u0000"
year: "2025"
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("share-hostile")
    corpus = make_corpus(out / "corpus", {"hostile.txt": HOSTILE,
                                          "hostile.txt.yml": HOSTILE_META})
    result = build_site(corpus, out, classify=False, search=False)
    assert result.ok and not result.gathered.errors, result.gathered.problems
    assert result.broken_links == []
    return out / "site"


def test_hostile_text_stays_text_in_og_tags(hostile: Path) -> None:
    records = [r for r in _records(hostile) if r["report"] == "hostile"]
    assert len(records) >= 5
    title = clean(json.loads((hostile / "data" / "reports.json").read_text("utf-8"))[0]["title"])
    assert "<meta http-equiv=refresh" in title
    for record in records:
        path = hostile / "p" / "hostile" / _anchor(record) / "index.html"
        raw = path.read_text("utf-8")
        page = parse(path)
        # Exactly the passage's text comes back out of the attributes (nothing lost, nothing
        # interpreted), and exactly the page's own skeleton is there.
        assert page.meta["og:description"] == excerpt(record["text"])
        assert page.meta["og:title"].startswith(title[:20])
        assert page.title == page.meta["og:title"]
        assert [t for t, _ in page.tags] == [
            "html", "head", "meta", "title", "meta", "meta", "meta", "meta", "meta", "link",
            "meta", "script", "meta", "body", "p", "a"]
        assert page.scripts == [f'location.replace("../../../reports/hostile/#{_anchor(record)}")']
        for _, attrs in page.tags:
            assert not any(name.startswith("on") for name in attrs), attrs
            for name in ("href", "src"):
                assert not (attrs.get(name) or "").lower().startswith(("javascript:", "data:"))
        assert urljoin("/p/hostile/x/", page.refresh).startswith("/reports/hostile/#p-")
        assert "<script>alert" not in raw and "<img" not in raw and "onerror=\"" not in raw
        assert "\u0007" not in raw and "\u0000" not in raw and "\u2028" not in raw
    texts = " ".join(r["text"] for r in records)
    assert "javascript:alert(4)" in texts and "</script><script>alert(7)</script>" in texts


def test_hostile_share_pages_pass_the_link_checker(hostile: Path) -> None:
    assert check_site(hostile) == []


# --- forwards, renames, settings, the build option ------------------------------------------


def test_forwarded_anchor_has_a_share_page(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    assert build_site(corpus, tmp_path / "one", classify=False, search=False).ok
    before = [r for r in _records(tmp_path / "one" / "site") if r["report"] == QU]
    gone = next(r for r in before if r["lead"] == "政治格局不高")
    following = before[before.index(gone) + 1]
    source = corpus / f"{QU}.txt"
    source.write_text(source.read_text("utf-8").replace(gone["text"], "", 1), "utf-8")
    result = build_site(corpus, tmp_path / "two", classify=False, search=False)
    assert result.ok and result.broken_links == []
    site = tmp_path / "two" / "site"
    base = serve(site)
    share = f"{base}p/{QU}/{_anchor(gone)}/"
    page = unfurl(share)
    assert page.meta["og:description"] == FORWARDED + excerpt(following["text"])
    # No scripts: straight to the surviving passage. Scripts: the old anchor, which cite.js
    # forwards with its notice.
    assert urljoin(share, page.refresh) == f"{base}reports/{QU}/#{_anchor(following)}"
    assert urljoin(share, page.links["canonical"]) == f"{base}reports/{QU}/#{_anchor(following)}"
    assert page.scripts == [f'location.replace("../../../reports/{QU}/#{_anchor(gone)}")']
    assert _anchor(gone) in _fetch(f"{base}reports/{QU}/")  # in data-forwards


def test_renamed_report_keeps_its_share_pages(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    assert build_site(corpus, tmp_path / "one", classify=False, search=False).ok
    before = [r for r in _records(tmp_path / "one" / "site") if r["report"] == QU]
    shutil.move(corpus / f"{QU}.txt", corpus / "renamed-report.txt")
    result = build_site(corpus, tmp_path / "two", classify=False, search=False)
    assert result.ok and result.anchors.renamed == [(QU, "renamed-report")]
    site = tmp_path / "two" / "site"
    base = serve(site)
    for record in before:
        old = f"{base}p/{QU}/{_anchor(record)}/"
        page = unfurl(old)
        assert page.meta["og:description"] == excerpt(record["text"])
        assert urljoin(old, page.refresh) == f"{base}reports/renamed-report/#{_anchor(record)}"
        assert (site / "p" / "renamed-report" / _anchor(record) / "index.html").exists()
    folder = unfurl(f"{base}p/{QU}/")
    assert urljoin(f"{base}p/{QU}/", folder.refresh) == f"{base}reports/renamed-report/"


def test_site_url_makes_canonical_and_og_url_absolute(tmp_path: Path, seed_site: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text("utf-8").replace(
        "# site_url: https://archive.example.org/", "site_url: https://archive.example.org/a"),
        "utf-8")
    settings = settings_from_config(config)
    assert settings == ShareSettings("对照检查材料档案库", "https://archive.example.org/a/")
    # The same site with absolute share pages written over it: the checker reads them as
    # the internal links they are.
    site = tmp_path / "site"
    shutil.copytree(seed_site, site, ignore=shutil.ignore_patterns("p"))
    reports, blocks = _reports(tmp_path / "corpus")
    write_share_pages(reports, blocks, settings, site)
    record = next(r for r in _records(seed_site) if r["report"] == SHI)
    page = parse(site / "p" / SHI / _anchor(record) / "index.html")
    assert page.links["canonical"] == f"https://archive.example.org/a/{record['url']}"
    assert page.meta["og:url"] == f"https://archive.example.org/a/p/{SHI}/{_anchor(record)}/"
    assert check_site(site, settings.site_url) == []
    broken = page.links["canonical"].replace("#p-", "#p-zz")
    (site / "p" / SHI / "index.html").write_text(f'<link rel="canonical" href="{broken}">',
                                                 "utf-8")
    assert check_site(site, settings.site_url) == [
        f"p/{SHI}/index.html: missing anchor /{record['url'].replace('#p-', '#p-zz')}"]


def test_build_without_share_pages(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    assert build_site(corpus, tmp_path, classify=False, search=False, share=False).ok
    assert not (tmp_path / "site" / "p").exists()
    assert "data-share-base" not in (tmp_path / "site" / "reports" / SHI / "index.html").read_text(
        "utf-8")


# --- the link checker and incremental rewrites -----------------------------------------------


def test_link_checker_covers_share_pages(tmp_path: Path, seed_site: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(seed_site, site)
    record = next(r for r in _records(seed_site) if r["report"] == SHI)
    anchor = _anchor(record)
    page = site / "p" / SHI / anchor / "index.html"
    page.write_text(page.read_text("utf-8").replace(f"#{anchor}", "#p-zzzzzz"), "utf-8")
    other = next(r for r in _records(seed_site) if r["report"] == QU)
    shutil.rmtree(site / "p" / QU / _anchor(other))
    assert sorted(check_site(site)) == sorted([
        f"p/{SHI}/{anchor}/index.html: missing anchor ../../../reports/{SHI}/#p-zzzzzz",
        f"p/{SHI}/{anchor}/index.html: missing anchor ../../../reports/{SHI}/#p-zzzzzz",
        f"p/{SHI}/{anchor}/index.html: missing anchor ../../../reports/{SHI}/#p-zzzzzz",
        f"reports/{QU}/index.html: missing share page ../../p/{QU}/{_anchor(other)}/"])


def _reports(corpus_dir: Path) -> tuple[list, dict[str, Block]]:
    from generator.anchors.reconcile import reconcile
    from generator.gather import gather
    from generator.validate import validate

    corpus = copy_corpus(corpus_dir) if not corpus_dir.exists() else corpus_dir
    reconciled = reconcile(gather(corpus, jobs=1).reports, validate(corpus).lock)
    return reconciled.reports, reconciled.blocks


def test_one_report_is_rewritten_alone(tmp_path: Path) -> None:
    """What an incremental build does: a changed report's folder, nothing else."""
    reports, blocks = _reports(tmp_path / "corpus")
    settings = ShareSettings("档案库")
    site = tmp_path / "site"
    site.mkdir()
    stats = write_share_pages(reports, blocks, settings, site)
    assert stats.reports == len(reports)
    assert stats.files == sum(len(r.passages) + 1 for r in reports)
    assert stats.bytes == sum(p.stat().st_size for p in (site / "p").rglob("*.html"))
    others = {p: p.stat().st_mtime_ns for p in (site / "p").rglob("*.html")
              if p.parts[-3] != SHI and p.parts[-2] != SHI}
    report = next(r for r in reports if r.slug == SHI)
    dropped = report.passages[-1].anchor
    shorter = dataclasses.replace(report, passages=report.passages[:-1])
    again = write_report(shorter, blocks.get(SHI), settings, site, {r.slug for r in reports})
    assert again.files == len(shorter.passages) + 1
    assert not (site / "p" / SHI / dropped).exists()
    assert {p: p.stat().st_mtime_ns for p in others} == others
    assert all(urlsplit(p.path).path.startswith(f"p/{SHI}/")
               for p in report_share_pages(shorter, blocks.get(SHI), settings))
    drop_report(SHI, site)  # the report left the corpus
    assert not (site / "p" / SHI).exists()
    assert {p: p.stat().st_mtime_ns for p in others} == others
